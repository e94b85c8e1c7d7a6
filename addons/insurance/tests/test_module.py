# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import io

import openpyxl

from trytond.modules.insurance import spreadsheet
from trytond.modules.insurance.exceptions import InvalidFile
from trytond.modules.party.tests import (
    PartyCheckEraseMixin, PartyCheckReplaceMixin)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class InsuranceTestCase(
        PartyCheckEraseMixin, PartyCheckReplaceMixin, ModuleTestCase):
    "Test Insurance module"
    module = 'insurance'

    @with_transaction()
    def test_read_rows_csv(self):
        "A CSV file is read row by row, empty rows skipped"
        data = 'Police;Montant\nA-1;12,50\n;\nA-2;3\n'.encode('utf-8')
        self.assertEqual(list(spreadsheet.read_rows(data, 'a.csv')), [
                (1, ['Police', 'Montant']), (2, ['A-1', '12,50']),
                (4, ['A-2', '3'])])

    @with_transaction()
    def test_read_rows_too_large(self):
        "A file over the size limit is refused before it is read"
        with self.assertRaises(InvalidFile) as context:
            list(spreadsheet.read_rows(b'x' * 101, 'a.csv', max_size=100))
        self.assertIn('Nothing was imported', context.exception.message)

    @with_transaction()
    def test_read_rows_stops_at_row_limit(self):
        "Reading stops at the first row over the limit"
        data = ''.join('A-%s;1\n' % i for i in range(1_000_000)).encode()
        rows = spreadsheet.read_rows(data, 'a.csv', max_rows=10)
        for _ in range(10):
            next(rows)
        with self.assertRaises(InvalidFile) as context:
            next(rows)
        self.assertIn('row 11', context.exception.message)

    @with_transaction()
    def test_read_rows_xlsx_trailing_empty_rows(self):
        "A million empty formatted rows after the data end the sheet"
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Police", "Montant"])
        sheet.append(["A-1", 12.5])
        sheet.append([])
        sheet.append(["A-2", 3])
        sheet.cell(row=1_048_576, column=1).number_format = '0.00'
        output = io.BytesIO()
        workbook.save(output)
        data = output.getvalue()
        self.assertLess(len(data), 100_000)
        self.assertEqual(
            list(spreadsheet.read_rows(data, 'a.xlsx', max_rows=5000)), [
                (1, ["Police", "Montant"]), (2, ["A-1", 12.5]),
                (4, ["A-2", 3])])

    @with_transaction()
    def test_read_rows_unreadable(self):
        "A broken workbook is refused with a user error"
        with self.assertRaises(InvalidFile):
            list(spreadsheet.read_rows(b'PK\x03\x04broken', 'a.xlsx'))

    @with_transaction()
    def test_storage_pointer_not_writable(self):
        "The stored file of a document is never chosen by a user"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        party = Party(name="Client")
        party.save()
        user = User(login='user')
        user.save()
        other = Attachment(
            resource=party, name='other.txt', type='data', data=b'other')
        other.save()
        with Transaction().set_user(user.id), \
                Transaction().set_context(_check_access=True):
            mine, = Attachment.create([{
                        'resource': str(party), 'name': 'mine.txt',
                        'type': 'data', 'data': b'mine'}])
            with self.assertRaises(AccessError):
                Attachment.write([mine], {'file_id': other.file_id})
            with self.assertRaises(AccessError):
                Attachment.write([mine], {'file_id': 'junk'})
            with self.assertRaises(AccessError):
                Attachment.create([{
                            'resource': str(party), 'name': 'x.txt',
                            'type': 'data', 'file_id': other.file_id}])
            with self.assertRaises(AccessError):
                Attachment.copy([mine], default={'file_id': other.file_id})
            copy, = Attachment.copy([mine])
            self.assertEqual(copy.data, b'mine')
            self.assertEqual(mine.data, b'mine')
        # The server sets it itself
        mine.data = b'changed'
        mine.save()
        self.assertEqual(mine.data, b'changed')
        self.assertEqual(other.data, b'other')


del ModuleTestCase

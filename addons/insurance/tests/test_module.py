# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import io

import openpyxl

from trytond.modules.insurance import spreadsheet
from trytond.modules.insurance.exceptions import InvalidFile
from trytond.modules.party.tests import (
    PartyCheckEraseMixin, PartyCheckReplaceMixin)
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


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


del ModuleTestCase

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
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

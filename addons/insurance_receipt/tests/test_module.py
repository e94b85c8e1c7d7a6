# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class _Record:
    def __init__(self, id):
        self.id = id


class InsuranceReceiptTestCase(ModuleTestCase):
    "Test insurance_receipt module"
    module = 'insurance_receipt'

    def _receipt_action(self):
        pool = Pool()
        Action = pool.get('ir.action')
        ModelData = pool.get('ir.model.data')
        action_id = Action.get_action_id(
            ModelData.get_id('insurance_receipt', 'act_receipt_form'))
        return Action(action_id).get_action_value()

    @with_transaction()
    def test_receipt_action_has_more_views_than_list_and_form(self):
        "The receipt action also shows a calendar and a graph"
        types = {t for _, t in self._receipt_action()['views']}
        self.assertLessEqual({'tree', 'form'}, types)
        self.assertTrue(types - {'tree', 'form'})

    @with_transaction()
    def test_open_one_record_in_its_form(self):
        "A wizard that made one receipt opens its form"
        action = open_records(self._receipt_action(), [_Record(7)])
        self.assertEqual(
            [t for _, t in action['views']], ['form', 'tree'])
        self.assertEqual(action['res_id'], [7])

    @with_transaction()
    def test_open_several_records_in_their_list(self):
        "A wizard that made several receipts opens the list of just them"
        action = open_records(
            self._receipt_action(), [_Record(7), _Record(8)])
        self.assertEqual(
            [t for _, t in action['views']], ['tree', 'form'])
        self.assertEqual(action['res_id'], [7, 8])
        self.assertEqual(action['domains'], [])
        self.assertIn('7', action['pyson_domain'])


del ModuleTestCase

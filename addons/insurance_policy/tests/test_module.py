# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class InsurancePolicyTestCase(ModuleTestCase):
    "Test insurance_policy module"
    module = 'insurance_policy'

    @with_transaction()
    def test_endorsement_values_in_french(self):
        "The changes of an endorsement show French dates and amounts"
        pool = Pool()
        Endorsement = pool.get('insurance.policy.endorsement')
        Policy = pool.get('insurance.policy')
        Lang = pool.get('ir.lang')
        french = Lang.get('fr')
        names = ['start_date', 'annual_premium', 'payment_frequency',
            'delegated_collection']
        descriptions = Policy.fields_get(names)

        def format(name, value):
            return Endorsement._format(
                Policy._fields[name], value, french, descriptions[name])

        self.assertEqual(format('start_date', '2026-12-07'), '07.12.2026')
        self.assertEqual(format('annual_premium', '1656.72'),
            '1%s656,72' % french.thousands_sep)
        self.assertEqual(format('payment_frequency', 'monthly'),
            dict(descriptions['payment_frequency']['selection'])['monthly'])
        self.assertEqual(format('annual_premium', None), '-')


del ModuleTestCase

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.tests.test_tryton import ModuleTestCase


class InsuranceCommissionTestCase(ModuleTestCase):
    "Test insurance_commission module"
    module = 'insurance_commission'


del ModuleTestCase

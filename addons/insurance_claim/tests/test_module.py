# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.tests.test_tryton import ModuleTestCase


class InsuranceClaimTestCase(ModuleTestCase):
    "Test insurance_claim module"
    module = 'insurance_claim'
    extras = ['insurance_receipt']


del ModuleTestCase

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.tests.test_tryton import ModuleTestCase


class InsuranceMailmergeTestCase(ModuleTestCase):
    "Test insurance_mailmerge module"
    module = 'insurance_mailmerge'


del ModuleTestCase

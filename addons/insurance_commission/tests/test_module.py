# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.party.tests import (
    PartyCheckEraseMixin, PartyCheckReplaceMixin)
from trytond.tests.test_tryton import ModuleTestCase


class InsuranceCommissionTestCase(
        PartyCheckEraseMixin, PartyCheckReplaceMixin, ModuleTestCase):
    "Test insurance_commission module"
    module = 'insurance_commission'


del ModuleTestCase

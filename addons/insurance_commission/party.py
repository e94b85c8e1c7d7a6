# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

_INTRODUCER = {
    'invisible': ~Eval('is_introducer', False),
    }


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    introducer_agreement = fields.Char(
        "Agreement", states=_INTRODUCER,
        help="The reference of the agreement signed with the introducer.")
    introducer_agreement_date = fields.Date(
        "Agreement Date", states=_INTRODUCER)
    introducer_location = fields.Char(
        "Area", states=_INTRODUCER,
        help="Where the introducer works.")
    introducer_remarks = fields.Text("Remarks", states=_INTRODUCER)
    introducer_rates = fields.One2Many(
        'insurance.introducer.rate', 'introducer', "Introducer Rates",
        states=_INTRODUCER,
        help="The commission shares of the introducer by product; the "
        "line without product applies to the other products.")

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="introducer"]', 'states', _INTRODUCER),
            ]

    def introducer_rate(self, product):
        "Return the rate line of the introducer for the product"
        default = None
        for rate in self.introducer_rates:
            if rate.product == product:
                return rate
            if not rate.product and default is None:
                default = rate
        return default


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('insurance.commission', 'insurer'),
            ('insurance.commission.statement', 'insurer'),
            ('insurance.commission.statement.line', 'insurer'),
            ('insurance.commission.statement.mapping', 'insurer'),
            ('insurance.introducer.rate', 'introducer'),
            ('insurance.commission.payee_statement', 'introducer'),
            ]


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        Party = Pool().get('party.party')
        personal = [
            'introducer_agreement', 'introducer_location',
            'introducer_remarks']
        return super().to_erase(party_id) + [
            (Party, [('id', '=', party_id)], True,
                personal, [None] * len(personal)),
            ]

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .open_claim import OpenClaimMixin


class Party(OpenClaimMixin, metaclass=PoolMeta):
    __name__ = 'party.party'
    claims = fields.One2Many(
        'insurance.claim', 'client', "Claims",
        help="The claims declared by the client.")
    open_claim = fields.Function(fields.Boolean(
            "Open Claim",
            help="A claim of the client is not yet closed."),
        'get_open_claim', searcher='search_open_claim')
    _open_claim_field = 'client'

    def _document_resources(self):
        return super()._document_resources() + [
            str(c) for c in self.claims]

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('claims', None)
        return super().copy(parties, default=default)


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('insurance.claim', 'client'),
            ]


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Claim = pool.get('insurance.claim')
        Victim = pool.get('insurance.claim.victim')
        return super().to_erase(party_id) + [
            (Claim, [('client', '=', party_id)], True,
                ['notes'], [None]),
            (Victim, [('claim.client', '=', party_id)], True,
                ['name', 'injuries', 'contact'], ['****', None, None]),
            ]

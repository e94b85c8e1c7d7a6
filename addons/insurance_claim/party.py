# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .claim import OPEN_STATES


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    claims = fields.One2Many(
        'insurance.claim', 'client', "Claims",
        help="The claims declared by the client.")
    open_claim = fields.Function(fields.Boolean(
            "Open Claim",
            help="A claim of the client is not yet closed."),
        'get_open_claim', searcher='search_open_claim')

    @classmethod
    def _open_claim_query(cls, where=None):
        Claim = Pool().get('insurance.claim')
        claim = Claim.__table__()
        condition = claim.state.in_(OPEN_STATES)
        if where is not None:
            condition &= where(claim)
        return claim.select(
            claim.client, where=condition, group_by=claim.client)

    @classmethod
    def get_open_claim(cls, parties, name):
        cursor = Transaction().connection.cursor()
        result = {p.id: False for p in parties}
        for sub_ids in grouped_slice(
                [p.id for p in parties], backend.MAX_QUERY_PARAMS):
            cursor.execute(*cls._open_claim_query(
                    lambda c: fields.SQL_OPERATORS['in'](
                        c.client, sub_ids)))
            for party_id, in cursor:
                result[party_id] = True
        return result

    @classmethod
    def search_open_claim(cls, name, clause):
        _, operator, value = clause[:3]
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in',
                cls._open_claim_query())]

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

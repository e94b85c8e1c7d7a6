# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.pool import Pool
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from .claim import OPEN_STATES


class OpenClaimMixin:
    """The `open_claim` flag of the records a claim points to by the field
    named `_open_claim_field` (the client, the contract)."""
    __slots__ = ()
    _open_claim_field = None

    @classmethod
    def _open_claim_query(cls, where=None):
        Claim = Pool().get('insurance.claim')
        claim = Claim.__table__()
        column = getattr(claim, cls._open_claim_field)
        condition = claim.state.in_(OPEN_STATES)
        if where is not None:
            condition &= where(column)
        return claim.select(column, where=condition, group_by=column)

    @classmethod
    def get_open_claim(cls, records, name):
        cursor = Transaction().connection.cursor()
        result = {r.id: False for r in records}
        for sub_ids in grouped_slice(
                [r.id for r in records], backend.MAX_QUERY_PARAMS):
            cursor.execute(*cls._open_claim_query(
                    lambda column: reduce_ids(column, sub_ids)))
            for record_id, in cursor:
                result[record_id] = True
        return result

    @classmethod
    def search_open_claim(cls, name, clause):
        _, operator, value = clause[:3]
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in',
                cls._open_claim_query())]

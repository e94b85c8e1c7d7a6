# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Commissions kept at source, with the insurance_receipt module

Under delegated collection the firm collects the premiums on behalf of the
insurer.  When the commission is kept at source (net remittance), posting
the premium receipt already books the commission (insurer payable to
commission revenue), and the fees are booked with every receipt: receiving
those commissions, by hand or through an insurer statement, marks them
received without booking them a second time.  Both modules book the
commissions on one revenue account: the receipt settings' one serves when
the commission settings leave theirs empty."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

_IN_MAX = 1000


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.commission.configuration'

    def get_multivalue(self, name, **pattern):
        value = super().get_multivalue(name, **pattern)
        if not value and name == 'commission_revenue_account':
            ReceiptConfiguration = Pool().get(
                'insurance.receipt.configuration')
            value = ReceiptConfiguration(1).get_multivalue(name, **pattern)
        return value


class Commission(metaclass=PoolMeta):
    __name__ = 'insurance.commission'

    @classmethod
    def kept_at_source(cls, keys):
        keys = list(keys)
        kept = super().kept_at_source(keys)
        by_policy = defaultdict(list)
        for key in keys:
            by_policy[key[0]].append(key)
        for policy_id, start, end, premium, fees in cls._posted_receipts(
                by_policy):
            for key in by_policy[policy_id]:
                _, date, kind = key
                if not start <= date <= end:
                    continue
                if (fees if kind == 'fee' else premium):
                    kept.add(key)
        return kept

    @classmethod
    def _posted_receipts(cls, policy_ids):
        """Yield the posted receipts of the policies as (policy id, period
        start, period end, premium commission kept, fees booked)"""
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        receipt = Receipt.__table__()
        cursor = Transaction().connection.cursor()
        for sub_ids in grouped_slice(list(policy_ids), _IN_MAX):
            cursor.execute(*receipt.select(
                    receipt.policy, receipt.period_start, receipt.period_end,
                    receipt.remittance_mode, receipt.commission_amount,
                    receipt.fee_amount, receipt.honorarium_amount,
                    where=fields.SQL_OPERATORS['in'](
                        receipt.policy, list(sub_ids))
                    & receipt.state.in_(['posted', 'paid'])))
            for (policy_id, start, end, mode, commission, fee,
                    honorarium) in cursor:
                start, end = map(_date, [start, end])
                kept = mode == 'net' and bool(_amount(commission))
                fees = bool(_amount(fee) or _amount(honorarium))
                yield policy_id, start, end, kept, fees


def _date(value):
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _amount(value):
    return Decimal(str(value or 0))

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from collections import defaultdict
from decimal import Decimal

from sql.aggregate import Sum

from trytond import backend
from trytond.model import fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

ZERO = Decimal(0)
CENT = Decimal('0.01')


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    receipts = fields.One2Many(
        'insurance.receipt', 'client', "Receipts", readonly=True,
        help="The premium receipts of the client.")
    client_payments = fields.One2Many(
        'insurance.payment', 'party', "Payments",
        help="The payments received from or paid back to the client.")
    receipt_due = fields.Function(Monetary(
            "Due", currency='receipt_currency', digits='receipt_currency',
            help="What the client still owes on its posted receipts."),
        'get_receipt_amounts')
    receipt_credit = fields.Function(Monetary(
            "Credit", currency='receipt_currency', digits='receipt_currency',
            help="The money received from the client not used yet; it pays "
            "the next receipts."),
        'get_receipt_amounts')
    receipt_balance = fields.Function(Monetary(
            "Balance", currency='receipt_currency',
            digits='receipt_currency',
            help="Credit less due: negative when the client owes money."),
        'get_receipt_amounts')
    receipt_currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_receipt_currency')

    def get_receipt_currency(self, name):
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        return Company(company).currency.id if company else None

    @classmethod
    def get_receipt_amounts(cls, parties, names):
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Payment = pool.get('insurance.payment')
        receipt = Receipt.__table__()
        cursor = Transaction().connection.cursor()
        due = defaultdict(lambda: ZERO)
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice([p.id for p in parties], in_max):
            cursor.execute(*receipt.select(receipt.client,
                    Sum(Receipt._amount_to_pay_column(receipt)),
                    where=fields.SQL_OPERATORS['in'](receipt.client, sub_ids)
                    & (receipt.state == 'posted'),
                    group_by=receipt.client))
            for party_id, amount in cursor:
                due[party_id] = Decimal(str(amount or 0)).quantize(
                    Decimal('0.01'))
        credits = Payment.get_credits(parties)
        result = {n: {} for n in names}
        for party in parties:
            credit = max(credits.get(party.id, ZERO), ZERO).quantize(CENT)
            values = {
                'receipt_due': due[party.id].quantize(CENT),
                'receipt_credit': credit,
                'receipt_balance': credit - due[party.id],
                }
            for name in names:
                result[name][party.id] = values[name]
        return result

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('receipts', None)
        default.setdefault('client_payments', None)
        return super().copy(parties, default=default)

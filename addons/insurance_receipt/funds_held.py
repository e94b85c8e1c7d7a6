# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Literal, Null, Select, Union
from sql.aggregate import Sum
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

#: Longest period the report covers, to keep its query small
MAX_MONTHS = 120
#: Minimum of the financial guarantee of an insurance intermediary that
#: collects funds (Code des assurances, art. A512-5)
MIN_GUARANTEE = Decimal(115000)


def month_ends(start, end):
    "Return the last day of every month from start's month to end's"
    month = start.replace(day=1)
    ends = []
    while month <= end and len(ends) < MAX_MONTHS:
        ends.append(month + relativedelta(months=1, days=-1))
        month += relativedelta(months=1)
    return ends


class FundsHeldContext(ModelView):
    "Funds Held Context"
    __name__ = 'insurance.receipt.funds_held.context'
    company = fields.Many2One('company.company', "Company", required=True)
    from_date = fields.Date("From Date", required=True,
        help="The first month of the report.")
    to_date = fields.Date("To Date", required=True,
        help="The last month of the report.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_from_date(cls):
        today = Pool().get('ir.date').today()
        return today.replace(day=1) - relativedelta(months=11)

    @classmethod
    def default_to_date(cls):
        return Pool().get('ir.date').today()


class FundsHeld(ModelSQL, ModelView):
    "Client Funds Held"
    __name__ = 'insurance.receipt.funds_held'
    month_end = fields.Function(fields.Date("Month End",
            help="The last day of the month."), 'get_month_end')
    collected = fields.Function(Monetary(
            "Funds Collected", currency='currency', digits='currency',
            help="The money received on the client-funds account during "
            "the month: client payments (premiums to pass on to insurers, "
            "client credit) and other receipts for insurers or clients, "
            "less the payments rejected since."),
        'get_balances')
    balance = fields.Function(Monetary(
            "Funds Held", currency='currency', digits='currency',
            help="The balance of the client-funds bank account at month "
            "end: money collected and not yet remitted to insurers or "
            "refunded to clients."),
        'get_balances')
    average = fields.Function(Monetary(
            "Monthly Average Collected", currency='currency',
            digits='currency',
            help="The average of the funds collected per month over the "
            "period (usually the twelve months of the last financial year)."),
        'get_balances')
    guarantee = fields.Function(Monetary(
            "Minimum Guarantee", currency='currency', digits='currency',
            help="The minimum financial guarantee: twice the monthly "
            "average of the funds collected, and at least 115,000 "
            "(Code des assurances, art. A512-5)."),
        'get_balances')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'ASC')]

    @classmethod
    def _month_ends(cls):
        pool = Pool()
        Context = pool.get('insurance.receipt.funds_held.context')
        context = Transaction().context
        from_date = context.get('from_date') or Context.default_from_date()
        to_date = context.get('to_date') or Context.default_to_date()
        return month_ends(from_date, to_date)

    @classmethod
    def table_query(cls):
        "One row per month of the context, its id being yyyymm"
        queries = [Select([
                    Literal(end.year * 100 + end.month).as_('id'),
                    Literal(None).as_('create_uid'),
                    Literal(None).as_('create_date'),
                    Literal(None).as_('write_uid'),
                    Literal(None).as_('write_date'),
                    ])
            for end in cls._month_ends()]
        if not queries:
            return Select([Literal(0).as_('id')], where=Literal(False))
        return Union(*queries, all_=True) if len(queries) > 1 else queries[0]

    def get_month_end(self, name):
        year, month = divmod(self.id, 100)
        return month_ends(dt.date(year, month, 1), dt.date(year, month, 1))[0]

    def get_currency(self, name):
        return self.company_currency().id

    @classmethod
    def company_currency(cls):
        Company = Pool().get('company.company')
        return Company(Transaction().context.get('company')).currency

    @classmethod
    def daily_movements(cls, until):
        """Return [(date, net amount, amount collected)] of the client-funds
        account per day up to until"""
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Payment = pool.get('insurance.payment')
        Configuration = pool.get('insurance.receipt.configuration')
        account = Configuration(1).get_multivalue('client_funds_account',
            company=Transaction().context.get('company'))
        if not account:
            return []
        line = Line.__table__()
        move = Move.__table__()
        payment = Payment.__table__()
        rejected = payment.select(payment.move,
            where=(payment.state == 'rejected') & (payment.move != Null))
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.join(move, condition=line.move == move.id)
            .select(move.date, Sum(line.debit - line.credit),
                Sum(Case((move.id.in_(rejected), 0), else_=line.debit)),
                where=(move.date <= until) & (move.state == 'posted')
                & (move.company == Transaction().context.get('company'))
                & (line.account == account.id),
                group_by=move.date))
        return [(d if isinstance(d, dt.date) else dt.date.fromisoformat(d),
                Decimal(str(a or 0)), Decimal(str(c or 0)))
            for d, a, c in cursor]

    @classmethod
    def get_balances(cls, records, names):
        """Month-end balances, month collections and, over the whole context
        period, the monthly average collected and the minimum guarantee"""
        ends = cls._month_ends()
        currency = cls.company_currency()
        movements = cls.daily_movements(ends[-1]) if ends else []
        balances, collected = {}, {}
        for end in ends:
            key = end.year * 100 + end.month
            balances[key] = currency.round(
                sum((a for d, a, _ in movements if d <= end), Decimal(0)))
            start = end.replace(day=1)
            collected[key] = currency.round(sum(
                    (c for d, _, c in movements if start <= d <= end),
                    Decimal(0)))
        average = currency.round(
            sum(collected.values(), Decimal(0)) / (len(collected) or 1))
        values = {
            'balance': balances,
            'collected': collected,
            'average': {k: average for k in balances},
            'guarantee': {
                k: currency.round(max(MIN_GUARANTEE, 2 * average))
                for k in balances},
            }
        return {n: {r.id: values[n].get(r.id) for r in records}
            for n in names}

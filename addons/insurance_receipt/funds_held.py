# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Literal, Select, Union
from sql.aggregate import Sum

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

#: Longest period the report covers, to keep its query small
MAX_MONTHS = 120


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
    balance = fields.Function(Monetary(
            "Funds Held", currency='currency', digits='currency',
            help="The balance of the client-funds bank account at month "
            "end: premiums collected and not yet remitted to insurers."),
        'get_balances')
    average = fields.Function(Monetary(
            "Monthly Average", currency='currency', digits='currency',
            help="The average of the month-end balances of the period, the "
            "figure the financial guarantee is sized on."),
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
        "Return [(date, amount)] of the client-funds account up to until"
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Configuration = pool.get('insurance.receipt.configuration')
        account = Configuration(1).client_funds_account
        if not account:
            return []
        line = Line.__table__()
        move = Move.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.join(move, condition=line.move == move.id)
            .select(move.date, Sum(line.debit - line.credit),
                where=(move.date <= until) & (move.state == 'posted')
                & (move.company == Transaction().context.get('company'))
                & (line.account == account.id),
                group_by=move.date))
        return [(d if isinstance(d, dt.date) else dt.date.fromisoformat(d),
                Decimal(str(a or 0))) for d, a in cursor]

    @classmethod
    def get_balances(cls, records, names):
        "Month-end balances and their average over the whole context period"
        ends = cls._month_ends()
        currency = cls.company_currency()
        movements = cls.daily_movements(ends[-1]) if ends else []
        balances = {}
        for end in ends:
            balances[end.year * 100 + end.month] = currency.round(
                sum((a for d, a in movements if d <= end), Decimal(0)))
        average = currency.round(
            sum(balances.values(), Decimal(0)) / (len(balances) or 1))
        result = {}
        if 'balance' in names:
            result['balance'] = {r.id: balances.get(r.id) for r in records}
        if 'average' in names:
            result['average'] = {r.id: average for r in records}
        return result

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt

from sql import Literal
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Extract

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction


class CommissionStatistic(ModelSQL, ModelView):
    "Commission Statistics"
    __name__ = 'insurance.commission.statistic'
    company = fields.Many2One('company.company', "Company", readonly=True)
    month = fields.Integer(
        "Month", readonly=True,
        help="The month of the commissions as YYYYMM.")
    month_name = fields.Function(fields.Char(
            "Month", help="The month of the commissions."),
        'get_month_name')
    insurer = fields.Many2One('party.party', "Insurer", readonly=True)
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", readonly=True)
    agency = fields.Many2One('insurance.agency', "Agency", readonly=True)
    salesperson = fields.Many2One(
        'company.employee', "Salesperson", readonly=True,
        help="The owner of the client file.")
    kind = fields.Selection([
            ('new_business', "New Business"),
            ('renewal', "Renewal"),
            ('fee', "Fees"),
            ], "Kind", readonly=True)
    premium = fields.Numeric(
        "Premium Excl. Tax", digits=(16, 2), readonly=True,
        help="The premiums excluding tax the commissions are computed on.")
    expected_amount = fields.Numeric(
        "Commissions", digits=(16, 2), readonly=True,
        help="The commissions of the month, whatever their state.")
    received_amount = fields.Numeric(
        "Received", digits=(16, 2), readonly=True,
        help="The commissions received, at their expected amount (the "
        "differences are on the commissions).")
    open_amount = fields.Numeric(
        "Open", digits=(16, 2), readonly=True,
        help="The commissions expected or late.")
    count = fields.Integer("Count", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('month', 'DESC'),
            ('id', 'DESC'),
            ]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Commission = pool.get('insurance.commission')
        Policy = pool.get('insurance.policy')
        Party = pool.get('party.party')
        commission = Commission.__table__()
        policy = Policy.__table__()
        client = Party.__table__()
        amount = Coalesce(commission.amount, 0)
        # The month is computed in a sub-query to group on its alias
        lines = (commission
            .join(policy, condition=commission.policy == policy.id)
            .join(client, condition=policy.client == client.id)
            .select(
                commission.id, commission.create_date, commission.company,
                cls._month(commission.date).as_('month'),
                commission.insurer, policy.line_of_business, client.agency,
                client.owner.as_('salesperson'), commission.kind,
                Case((commission.kind != 'fee',
                        Coalesce(commission.base_amount, 0)),
                    else_=0).as_('premium'),
                amount.as_('amount'),
                Case((commission.state == 'received', amount),
                    else_=0).as_('received'),
                Case((commission.state.in_(['expected', 'late']), amount),
                    else_=0).as_('open'),
                where=commission.company == Transaction().context.get(
                    'company', -1)))
        keys = [lines.company, lines.month, lines.insurer,
            lines.line_of_business, lines.agency, lines.salesperson,
            lines.kind]
        return lines.select(
            Min(lines.id).as_('id'),
            Literal(0).as_('create_uid'),
            Min(lines.create_date).as_('create_date'),
            *keys,
            Sum(lines.premium).as_('premium'),
            Sum(lines.amount).as_('expected_amount'),
            Sum(lines.received).as_('received_amount'),
            Sum(lines.open).as_('open_amount'),
            Count(lines.id).as_('count'),
            group_by=keys)

    def get_month_name(self, name):
        Lang = Pool().get('ir.lang')
        if not self.month:
            return None
        year, month = divmod(self.month, 100)
        return Lang.get().strftime(dt.date(year, month, 1), '%B %Y')

    @staticmethod
    def _month(date):
        "Return the SQL expression of the month of date as YYYYMM"
        return (Extract('YEAR', date) * 100
            + Extract('MONTH', date)).cast('INTEGER')

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice

from .salesperson import find_rate

_MONTHS = {
    'monthly': 1,
    'quarterly': 3,
    'half_yearly': 6,
    'yearly': 12,
    }
_HUNDRED = Decimal(100)
_IN_MAX = 1000


class Policy(metaclass=PoolMeta):
    __name__ = 'insurance.policy'

    commissions = fields.One2Many(
        'insurance.commission', 'policy', "Commissions",
        states={
            'readonly': Eval('state') == 'terminated',
            },
        help="The expected, received and manual commissions of the "
        "contract.")

    introducer_rate = fields.Numeric(
        "Introducer Rate (%)", digits=(16, 2),
        domain=['OR',
            ('introducer_rate', '=', None),
            [('introducer_rate', '>=', 0), ('introducer_rate', '<=', 100)],
            ],
        states={
            'invisible': ~Eval('introducer'),
            'readonly': Eval('state') == 'terminated',
            },
        help="The share of the commissions of this contract paid to the "
        "introducer, in percent; empty to use the rates of the introducer.")

    salesperson_rate = fields.Many2One(
        'insurance.salesperson.rate', "Salesperson Rate",
        ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') == 'terminated',
            },
        help="The commission line of the collaborators in charge of the "
        "contract; empty to use their rates for the product.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'compute_commissions_since_start': {
                    'invisible': (~Eval('compute_commissions')
                        | (Eval('state') == 'draft')),
                    'depends': ['compute_commissions', 'state'],
                    },
                })

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('commissions', None)
        return super().copy(policies, default=default)

    @classmethod
    @ModelView.button
    def compute_commissions_since_start(cls, policies):
        "Create the missing expected commissions since the effective date"
        cls.generate_commissions(policies)

    def get_introducer_rate(self, kind):
        "Return the introducer's share in percent of the commission kind"
        if not self.introducer:
            return None
        if self.introducer_rate is not None:
            return self.introducer_rate
        rate = self.introducer.introducer_rate(self.product)
        return rate.rate_for(kind) if rate else None

    def get_salesperson_rate(self, employee, kind, rates):
        """Return the share in percent of the commission kind of the
        employee, from the contract's line or else from rates"""
        rate = self.salesperson_rate or find_rate(
            rates, employee, self.product)
        return rate.rate_for(kind) if rate else None

    def commission_end(self, date):
        "Return the last day the commissions are computed up to"
        ends = [date]
        for end in [self.end_date, self.termination_date]:
            if end:
                ends.append(end - dt.timedelta(days=1))
        return min(ends)

    def commission_schedule(self, start, end):
        """Yield the values of the expected commissions of the periods
        starting between start and end (inclusive)"""
        if not self.compute_commissions or not self.start_date:
            return
        step = _MONTHS[self.payment_frequency]
        per_year = 12 // step
        premium = self.annual_premium_excl_tax or Decimal(0)
        base = self.currency.round(premium / per_year)
        end = self.commission_end(end)
        index = 0
        while True:
            date = self.start_date + relativedelta(months=index * step)
            if date > end:
                break
            if date >= start:
                year = index // per_year
                yield from self._period_commissions(date, year, base)
                if index % per_year == 0:
                    yield from self._fee_commissions(date, year)
            index += 1

    def _period_commissions(self, date, year, base):
        "Yield the premium commission of the period starting at date"
        if year == 0:
            kind, rate = 'new_business', self.new_business_rate
        else:
            kind, rate = 'renewal', self.renewal_rate
        if not rate:
            return
        yield self._commission_values(date, kind, base, rate)

    def _fee_commissions(self, date, year):
        "Yield the fee commissions of the contract year starting at date"
        for fee in self.fees:
            if year and not fee.recurring:
                continue
            if fee.value:
                yield self._commission_values(
                    date, 'fee', fee.value, _HUNDRED)

    def _commission_values(self, date, kind, base, rate):
        pool = Pool()
        Commission = pool.get('insurance.commission')
        return {
            'company': self.company.id,
            'policy': self.id,
            'insurer': self.insurer.id,
            'date': date,
            'kind': kind,
            'base_amount': base,
            'rate': rate,
            'amount': Commission.compute_amount(base, rate, self.currency),
            'origin': 'computed',
            'state': 'expected',
            }

    @classmethod
    def generate_commissions(cls, policies, start=None, end=None):
        """Create the computed commissions of the policies between start
        (the effective date by default) and end (today by default)

        A computed commission already recorded for the same contract, kind
        and date is not created again, so recomputing is safe."""
        pool = Pool()
        Commission = pool.get('insurance.commission')
        Date = pool.get('ir.date')
        end = end or Date.today()
        to_create = []
        for sub_policies in grouped_slice(policies, _IN_MAX):
            sub_policies = list(sub_policies)
            existing = {
                (c.policy.id, c.kind, c.date)
                for c in Commission.search([
                        ('policy', 'in', [p.id for p in sub_policies]),
                        ('origin', '=', 'computed'),
                        ])}
            for policy in sub_policies:
                since = start or policy.start_date or end
                for values in policy.commission_schedule(since, end):
                    key = (values['policy'], values['kind'], values['date'])
                    if key not in existing:
                        existing.add(key)
                        to_create.append(values)
        return Commission.create(to_create)

    @classmethod
    def generate_current_commissions(cls, date=None):
        """Create the computed commissions of the periods started during
        the last month for the running contracts

        Safe to run twice: existing commissions are not duplicated."""
        Date = Pool().get('ir.date')
        date = date or Date.today()
        policies = cls.search([
                ('compute_commissions', '=', True),
                ('state', 'in', ['active', 'suspended']),
                ('start_date', '!=', None),
                ])
        return cls.generate_commissions(
            policies, start=date - relativedelta(months=1), end=date)

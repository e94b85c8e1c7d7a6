# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Null
from sql.operators import Equal

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Exclude, ModelSQL, ModelView, Workflow, fields,
    sequence_ordered)
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance_document.requirement import (
    DocumentRequirementMixin, line_of_business_rule_domain)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import (
    PolicyActivationError, PolicyCoefficientError, PolicyDateError,
    PolicyDeleteError, PolicyPremiumError)

_ZERO = Decimal(0)
_CENT = Decimal('0.01')
_BONUS_MALUS_MIN, _BONUS_MALUS_MAX = Decimal('0.50'), Decimal('3.50')
_RUNNING = ['active', 'suspended']
_MONTHS = [(None, "")] + [(str(m), str(m)) for m in range(1, 13)]


def add_years(date, years):
    "Return date moved by years, 29 February becoming 28 February"
    return date + relativedelta(years=years)


def anniversary_after(date, origin, month=None, day=None):
    """Return the first anniversary strictly after date

    The anniversary is the day and month given or else those of origin."""
    if month and day:
        for year in [date.year, date.year + 1]:
            candidate = dt.date(year, int(month), 1) + relativedelta(
                day=int(day))
            if candidate > date:
                return candidate
    years = max(date.year - origin.year, 1)
    candidate = add_years(origin, years)
    while candidate <= date:
        years += 1
        candidate = add_years(origin, years)
    return candidate


class TerminationReason(DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "Contract Termination Reason"
    __name__ = 'insurance.policy.termination_reason'
    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char(
        "Code", strip=True,
        help="Short code used by imports and integrations.")


class Policy(DocumentRequirementMixin, Workflow, ModelSQL, ModelView):
    "Insurance Contract"
    __name__ = 'insurance.policy'
    _rec_name = 'reference'

    _states = {
        'readonly': Eval('state') == 'terminated',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={
            'readonly': Eval('state') != 'draft',
            })
    reference = fields.Char(
        "Reference", strip=True, states=_states,
        help="The contract number given by the insurer.")
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        domain=[('client_status', '!=', None)],
        states={
            'readonly': Eval('state') != 'draft',
            },
        help="The policyholder. Use the reassignment to change it "
        "once the contract is active.")
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states,
        help="The insurance company that underwrites the contract.")
    product = fields.Many2One(
        'insurance.product', "Product", ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('insurer')),
                ('insurer', '=', Eval('insurer', -1)),
                ()),
            ],
        states=_states,
        help="Choosing it fills the line of business and the rates.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True,
        ondelete='RESTRICT', states=_states)
    formula = fields.Many2One(
        'insurance.product.formula', "Formula", ondelete='RESTRICT',
        domain=[('product', '=', Eval('product', -1))],
        states={
            'readonly': (Eval('state') == 'terminated') | ~Eval('product'),
            },
        help="The level of cover chosen in the product.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('active', "Active"),
            ('suspended', "Suspended"),
            ('terminated', "Terminated"),
            ], "State", readonly=True, required=True, sort=False)
    document_control = fields.Boolean(
        "Document Control",
        help="If checked, the documents required for the line of business "
        "are requested and controlled.")
    competitor = fields.Boolean(
        "Held Elsewhere",
        help="The contract is held with a competitor; it is followed "
        "to propose an offer at its renewal.")
    compute_commissions = fields.Boolean(
        "Compute Commissions",
        help="If checked, the expected commissions are computed from "
        "the rates.")
    delegated_collection = fields.Boolean(
        "Delegated Collection",
        help="The firm collects the premiums on behalf of the insurer "
        "(gestion confiée).")
    collection_method = fields.Selection([
            (None, ""),
            ('direct_debit', "Direct Debit"),
            ('transfer', "Transfer"),
            ('check', "Check"),
            ('card', "Card"),
            ('cash', "Cash"),
            ], "Collection Method", states=_states,
        help="How the premiums are paid.")
    introducer = fields.Many2One(
        'party.party', "Introducer", ondelete='RESTRICT',
        domain=[('is_introducer', '=', True)], states=_states,
        help="The business introducer who brought the contract.")
    subscription_date = fields.Date(
        "Subscription Date", states=_states,
        help="When the client signed the contract.")
    start_date = fields.Date(
        "Effective Date", states=_states,
        help="When the cover starts.")
    renewal_month = fields.Selection(
        _MONTHS, "Renewal Month", sort=False, states=_states,
        help="The month of the yearly renewal when it is not the "
        "anniversary of the effective date.")
    renewal_day = fields.Integer(
        "Renewal Day", states={
            'readonly': Eval('state') == 'terminated',
            'required': Bool(Eval('renewal_month')),
            },
        help="The day of the yearly renewal, from 1 to 31.")
    renewal_date = fields.Date(
        "Renewal Date", states=_states,
        help="The next yearly due date (échéance) of the contract.")
    tacit_renewal = fields.Boolean(
        "Tacit Renewal", states=_states,
        help="If checked, the contract renews itself every year "
        "unless terminated.")
    end_date = fields.Date(
        "End Date", states=_states,
        help="When the cover ends, for contracts of fixed duration.")
    termination_reason = fields.Many2One(
        'insurance.policy.termination_reason', "Termination Reason",
        ondelete='RESTRICT',
        states={
            'invisible': Eval('state') != 'terminated',
            'readonly': True,
            })
    termination_date = fields.Date(
        "Termination Date",
        states={
            'invisible': Eval('state') != 'terminated',
            'readonly': True,
            })
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    annual_premium_excl_tax = Monetary(
        "Annual Premium Excl. Tax", currency='currency', digits='currency',
        states=_states)
    annual_premium = Monetary(
        "Annual Premium", currency='currency', digits='currency',
        states=_states, help="The yearly premium including taxes.")
    payment_frequency = fields.Selection([
            ('monthly', "Monthly"),
            ('quarterly', "Quarterly"),
            ('half_yearly', "Half-Yearly"),
            ('yearly', "Yearly"),
            ], "Payment Frequency", required=True, sort=False,
        states=_states)
    fees = fields.One2Many(
        'insurance.policy.fee', 'policy', "Fees", states=_states,
        help="The fees and broker's fees (honoraires) charged.")
    bonus_malus = fields.Numeric(
        "Bonus-Malus", digits=(16, 2), states=_states,
        help="The reduction-increase coefficient of motor contracts, "
        "from 0.50 to 3.50.")
    index = fields.Numeric(
        "Index", digits=(16, 2), states=_states,
        help="The yearly index applied to the premium, in percent.")
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=(16, 2), states=_states,
        help="The commission on the first-year premium, in percent.")
    renewal_rate = fields.Numeric(
        "Renewal Rate (%)", digits=(16, 2), states=_states,
        help="The commission on the renewal premiums, in percent.")
    commission_amount = fields.Function(Monetary(
            "Commission", currency='currency', digits='currency',
            help="The yearly commission at the new business rate."),
        'get_shares')
    insurer_share = fields.Function(Monetary(
            "Insurer Share", currency='currency', digits='currency',
            help="The part of the yearly premium owed to the insurer."),
        'get_shares')
    managers = fields.Many2Many(
        'insurance.policy-company.employee', 'policy', 'employee',
        "Managers",
        help="The collaborators who manage the contract.")
    assets = fields.Many2Many(
        'insurance.policy-insurance.asset', 'policy', 'asset', "Assets",
        domain=[('owner', '=', Eval('client', -1))], states=_states,
        help="The insured assets of the client.")
    endorsements = fields.One2Many(
        'insurance.policy.endorsement', 'policy', "Endorsements",
        readonly=True,
        help="The history of the changes of the contract.")
    notes = fields.Text("Notes")
    to_renew = fields.Function(fields.Boolean(
            "To Renew",
            help="The renewal date falls within the notice period."),
        'get_renewal_flags', searcher='search_to_renew')
    not_renewed = fields.Function(fields.Boolean(
            "Not Renewed",
            help="The renewal date is past and the contract was neither "
            "renewed nor terminated."),
        'get_renewal_flags', searcher='search_not_renewed')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('reference_insurer_unique',
                Exclude(t, (t.reference, Equal), (t.insurer, Equal),
                    where=t.reference != Null),
                'insurance_policy.msg_policy_reference_unique'),
            ]
        cls._order = [
            ('renewal_date', 'ASC NULLS LAST'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'active'),
            ('active', 'suspended'),
            ('suspended', 'active'),
            ('active', 'terminated'),
            ('suspended', 'terminated'),
            ('terminated', 'active'),
            }
        cls._buttons.update({
                'activate': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'suspend': {
                    'invisible': Eval('state') != 'active',
                    'depends': ['state'],
                    },
                'reactivate': {
                    'invisible': ~Eval('state').in_(
                        ['suspended', 'terminated']),
                    'depends': ['state'],
                    },
                'terminate': {
                    'invisible': ~Eval('state').in_(_RUNNING),
                    'depends': ['state'],
                    },
                'renew': {
                    'invisible': (~Eval('state').in_(_RUNNING)
                        | ~Eval('renewal_date')),
                    'depends': ['state', 'renewal_date'],
                    },
                'endorse': {
                    'invisible': Eval('state') == 'terminated',
                    'depends': ['state'],
                    },
                'reassign': {
                    'invisible': Eval('state') == 'terminated',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_payment_frequency(cls):
        return 'yearly'

    @classmethod
    def default_compute_commissions(cls):
        return True

    @classmethod
    def default_tacit_renewal(cls):
        return True

    @classmethod
    def default_document_control(cls):
        return False

    @classmethod
    def default_competitor(cls):
        return False

    @classmethod
    def default_delegated_collection(cls):
        return False

    @classmethod
    def default_subscription_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_managers(cls):
        User = Pool().get('res.user')
        user = User(Transaction().user)
        if getattr(user, 'employee', None):
            return [user.employee.id]
        return []

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends(
        'product', 'insurer', 'line_of_business', 'formula',
        'new_business_rate', 'renewal_rate', 'fees')
    def on_change_product(self):
        if not self.product:
            return
        self.insurer = self.product.insurer
        self.line_of_business = self.product.line_of_business
        if self.formula and self.formula.product != self.product:
            self.formula = None
        rate = self.product.default_rate
        if rate:
            self.new_business_rate = rate.new_business_rate
            self.renewal_rate = rate.renewal_rate
            fee = self.fee_from_rate(rate)
            if fee and not self.fees:
                self.fees = [fee]

    @classmethod
    def fee_from_rate(cls, rate):
        "Return the broker's fees line of a product commission line"
        pool = Pool()
        Fee = pool.get('insurance.policy.fee')
        if not rate.fee_amount:
            return None
        return Fee(**cls.fee_values_from_rate(rate))

    @staticmethod
    def fee_values_from_rate(rate):
        "Return the values of the broker's fees line of a commission line"
        return {
            'kind': 'honorarium',
            'description': rate.product.rec_name,
            'fee_type': rate.fee_type,
            'amount': rate.fee_amount.quantize(_CENT),
            'recurring': False,
            }

    @fields.depends('client', '_parent_client.introducer', 'introducer')
    def on_change_client(self):
        if self.client and getattr(self.client, 'introducer', None):
            self.introducer = self.client.introducer

    @fields.depends(
        'start_date', 'renewal_month', 'renewal_day', 'renewal_date')
    def on_change_start_date(self):
        self.renewal_date = self.compute_renewal_date(self.start_date)

    @fields.depends(methods=['on_change_start_date'])
    def on_change_renewal_month(self):
        self.on_change_start_date()

    @fields.depends(methods=['on_change_start_date'])
    def on_change_renewal_day(self):
        self.on_change_start_date()

    def compute_renewal_date(self, after):
        "Return the first renewal date strictly after the date"
        if not after or not (self.start_date or self.renewal_month):
            return None
        return anniversary_after(
            after, self.start_date or after,
            month=self.renewal_month, day=self.renewal_day)

    @classmethod
    def get_shares(cls, policies, names):
        result = {n: {} for n in names}
        for policy in policies:
            premium = policy.annual_premium_excl_tax or _ZERO
            commission = premium * (policy.new_business_rate or _ZERO) / 100
            if policy.currency:
                commission = policy.currency.round(commission)
            if 'commission_amount' in names:
                result['commission_amount'][policy.id] = commission
            if 'insurer_share' in names:
                result['insurer_share'][policy.id] = (
                    (policy.annual_premium or premium) - commission)
        return result

    @classmethod
    def _renewal_limit(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('insurance.policy.configuration')
        today = Date.today()
        notice = Configuration(1).renewal_notice_days or 0
        return today, today + dt.timedelta(days=notice)

    @classmethod
    def get_renewal_flags(cls, policies, names):
        today, limit = cls._renewal_limit()
        result = {n: {} for n in names}
        for policy in policies:
            running = policy.state in _RUNNING and policy.renewal_date
            if 'to_renew' in names:
                result['to_renew'][policy.id] = bool(
                    running and today <= policy.renewal_date <= limit)
            if 'not_renewed' in names:
                result['not_renewed'][policy.id] = bool(
                    running and policy.renewal_date < today)
        return result

    @staticmethod
    def _is_positive(clause):
        _, operator, value = clause[:3]
        return (operator == '=') == bool(value)

    @classmethod
    def search_to_renew(cls, name, clause):
        today, limit = cls._renewal_limit()
        if cls._is_positive(clause):
            return [
                ('state', 'in', _RUNNING),
                ('renewal_date', '>=', today),
                ('renewal_date', '<=', limit),
                ]
        return ['OR',
            ('state', 'not in', _RUNNING),
            ('renewal_date', '=', None),
            ('renewal_date', '<', today),
            ('renewal_date', '>', limit),
            ]

    @classmethod
    def search_not_renewed(cls, name, clause):
        today, _ = cls._renewal_limit()
        if cls._is_positive(clause):
            return [
                ('state', 'in', _RUNNING),
                ('renewal_date', '<', today),
                ]
        return ['OR',
            ('state', 'not in', _RUNNING),
            ('renewal_date', '=', None),
            ('renewal_date', '>=', today),
            ]

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('state') == 'terminated', 'muted',
                    If(Bool(Eval('not_renewed')), 'danger',
                        If(Bool(Eval('to_renew')), 'warning', '')))),
            ]

    def get_rec_name(self, name):
        # A contract without reference yet is told by its client
        label = self.reference or (
            self.client.rec_name if self.client else '(%s)' % self.id)
        if self.product:
            return '%s - %s' % (label, self.product.rec_name)
        return label

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('reference', operator, operand, *extra),
            ('product.name', operator, operand, *extra),
            ('client.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, policies, field_names):
        super().validate_fields(policies, field_names)
        cls.check_dates(policies, field_names)
        cls.check_premiums(policies, field_names)
        cls.check_coefficients(policies, field_names)

    @classmethod
    def check_coefficients(cls, policies, field_names=None):
        "Check the bonus-malus and the renewal day are in their range"
        Lang = Pool().get('ir.lang')
        if field_names and not (field_names & {'bonus_malus', 'renewal_day'}):
            return
        lang = Lang.get()
        for policy in policies:
            if (policy.bonus_malus is not None
                    and not (_BONUS_MALUS_MIN <= policy.bonus_malus
                        <= _BONUS_MALUS_MAX)):
                raise PolicyCoefficientError(gettext(
                        'insurance_policy.msg_policy_bonus_malus_range',
                        policy=policy.rec_name,
                        value=lang.format_number(policy.bonus_malus, 2),
                        minimum=lang.format_number(_BONUS_MALUS_MIN, 2),
                        maximum=lang.format_number(_BONUS_MALUS_MAX, 2)))
            if (policy.renewal_day is not None
                    and not 1 <= policy.renewal_day <= 31):
                raise PolicyCoefficientError(gettext(
                        'insurance_policy.msg_policy_renewal_day_range',
                        policy=policy.rec_name, day=policy.renewal_day))

    @classmethod
    def check_dates(cls, policies, field_names=None):
        if field_names and not (field_names & {
                    'start_date', 'end_date', 'renewal_date'}):
            return
        Lang = Pool().get('ir.lang')
        date = Lang.get().strftime
        for policy in policies:
            if (policy.start_date and policy.end_date
                    and policy.end_date < policy.start_date):
                raise PolicyDateError(gettext(
                        'insurance_policy.msg_policy_end_before_start',
                        policy=policy.rec_name,
                        end_date=date(policy.end_date),
                        start_date=date(policy.start_date)))
            if (policy.start_date and policy.renewal_date
                    and policy.renewal_date <= policy.start_date):
                raise PolicyDateError(gettext(
                        'insurance_policy.msg_policy_renewal_before_start',
                        policy=policy.rec_name,
                        renewal_date=date(policy.renewal_date),
                        start_date=date(policy.start_date)))

    @classmethod
    def check_premiums(cls, policies, field_names=None):
        if field_names and not (field_names & {
                    'annual_premium', 'annual_premium_excl_tax'}):
            return
        for policy in policies:
            for fname in ['annual_premium_excl_tax', 'annual_premium']:
                value = getattr(policy, fname)
                if value is not None and value < 0:
                    raise PolicyPremiumError(gettext(
                            'insurance_policy.msg_policy_negative_premium',
                            policy=policy.rec_name,
                            field=cls.__names__(fname)['field']))
            if (policy.annual_premium is not None
                    and policy.annual_premium_excl_tax is not None
                    and policy.annual_premium
                    < policy.annual_premium_excl_tax):
                raise PolicyPremiumError(gettext(
                        'insurance_policy.msg_policy_premium_below_excl_tax',
                        policy=policy.rec_name,
                        premium=policy.annual_premium,
                        premium_excl_tax=policy.annual_premium_excl_tax))

    @classmethod
    def check_modification(cls, mode, policies, values=None, external=False):
        super().check_modification(
            mode, policies, values=values, external=external)
        if mode == 'delete':
            for policy in policies:
                if policy.state != 'draft':
                    raise PolicyDeleteError(gettext(
                            'insurance_policy.msg_policy_delete_not_draft',
                            policy=policy.rec_name))

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('reference', None)
        default.setdefault('endorsements', None)
        default.setdefault('termination_reason', None)
        default.setdefault('termination_date', None)
        return super().copy(policies, default=default)

    # Documents

    def _document_requirement_rule_domain(self):
        if not self.document_control or not self.line_of_business:
            return None
        return line_of_business_rule_domain('policy', self.line_of_business)

    @classmethod
    def _document_requirement_fields(cls):
        return super()._document_requirement_fields() | {
            'document_control', 'line_of_business'}

    @classmethod
    def _document_requirement_retroactive_domain(cls):
        return [
            ('document_control', '=', True),
            ('state', '!=', 'terminated'),
            ]

    # Workflow

    @classmethod
    def _activate_clients(cls, policies):
        "Turn the prospects and former clients of the policies into clients"
        Party = Pool().get('party.party')
        clients = {p.client for p in policies
            if not p.competitor
            and p.client.client_status in {'prospect', 'former'}}
        if clients:
            Party.write(list(clients), {'client_status': 'active'})

    @classmethod
    @ModelView.button
    @Workflow.transition('active')
    def activate(cls, policies):
        for policy in policies:
            if not policy.start_date:
                raise PolicyActivationError(gettext(
                        'insurance_policy.msg_policy_activate_no_start',
                        policy=policy.rec_name))
        cls._activate_clients(policies)

    @classmethod
    @ModelView.button
    @Workflow.transition('suspended')
    def suspend(cls, policies):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('active')
    def reactivate(cls, policies):
        cls.write(
            [p for p in policies
                if p.termination_reason or p.termination_date], {
                'termination_reason': None,
                'termination_date': None,
                })
        cls._activate_clients(policies)

    @classmethod
    @ModelView.button_action('insurance_policy.wizard_policy_terminate')
    def terminate(cls, policies):
        pass

    @classmethod
    @Workflow.transition('terminated')
    def do_terminate(cls, policies, reason, date):
        "Terminate the policies for the reason at the date"
        cls.write(list(policies), {
                'termination_reason': reason.id if reason else None,
                'termination_date': date,
                })

    @classmethod
    @ModelView.button_action('insurance_policy.wizard_policy_endorse')
    def endorse(cls, policies):
        pass

    @classmethod
    @ModelView.button_action('insurance_policy.wizard_policy_reassign')
    def reassign(cls, policies):
        pass

    @classmethod
    @ModelView.button
    def renew(cls, policies):
        "Move the renewal date of the policies to the next anniversary"
        to_write = []
        for policy in policies:
            if policy.state in _RUNNING and policy.renewal_date:
                to_write.extend(([policy], {
                            'renewal_date': policy.compute_renewal_date(
                                policy.renewal_date),
                            }))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def renew_tacit(cls, date=None):
        """Roll the tacitly renewed active policies past their renewal date

        The renewal date becomes the first anniversary on or after the date.
        Policies already rolled are not selected again."""
        Date = Pool().get('ir.date')
        if date is None:
            date = Date.today()
        policies = cls.search([
                ('state', '=', 'active'),
                ('tacit_renewal', '=', True),
                ('renewal_date', '<', date),
                ])
        to_write = []
        for policy in policies:
            renewal_date = policy.renewal_date
            while renewal_date < date:
                renewal_date = policy.compute_renewal_date(renewal_date)
            to_write.extend(([policy], {'renewal_date': renewal_date}))
        if to_write:
            cls.write(*to_write)
        return policies

    # Endorsements

    @classmethod
    def _snapshot_fields(cls):
        "Return the names of the fields recorded by the endorsements"
        return [
            'reference', 'client', 'insurer', 'product', 'line_of_business',
            'formula', 'start_date', 'renewal_month', 'renewal_day',
            'renewal_date', 'tacit_renewal', 'end_date',
            'annual_premium_excl_tax', 'annual_premium',
            'payment_frequency', 'bonus_malus', 'index',
            'new_business_rate', 'renewal_rate', 'delegated_collection',
            'collection_method', 'compute_commissions', 'document_control',
            'introducer', 'assets',
            ]

    def get_snapshot(self):
        "Return the current values of the recorded fields"
        snapshot = {}
        for name in self._snapshot_fields():
            value = getattr(self, name)
            field = self._fields[name]
            if field._type == 'many2one':
                value = value.id if value else None
            elif field._type == 'many2many':
                value = [r.id for r in value]
            elif isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            snapshot[name] = value
        return snapshot

    def snapshot_values(self, snapshot):
        "Convert a snapshot into the values to write on the policy"
        values = {}
        # The snapshot does not store the empty values
        for name in self._snapshot_fields():
            field = self._fields[name]
            value = snapshot.get(name)
            if field._type == 'many2many':
                value = [
                    ('remove', [r.id for r in getattr(self, name)]),
                    ('add', list(value or [])),
                    ]
            elif value is not None and field._type in {
                    'numeric', 'monetary'}:
                value = Decimal(value)
            elif value is not None and field._type == 'date':
                value = dt.date.fromisoformat(value)
            values[name] = value
        return values


class PolicyManager(ModelSQL):
    "Contract - Manager"
    __name__ = 'insurance.policy-company.employee'
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')


class PolicyAsset(ModelSQL):
    "Contract - Asset"
    __name__ = 'insurance.policy-insurance.asset'
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE')
    asset = fields.Many2One(
        'insurance.asset', "Asset", required=True, ondelete='CASCADE')


class PolicyFee(sequence_ordered(), ModelSQL, ModelView):
    "Contract Fee"
    __name__ = 'insurance.policy.fee'
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('fee', "Fees"),
            ('honorarium', "Broker's Fees"),
            ], "Kind", required=True,
        help="Fees (frais) are charged with the premium; broker's fees "
        "(honoraires) pay the advice of the firm.")
    description = fields.Char("Description")
    fee_type = fields.Selection([
            ('fixed', "Fixed Amount"),
            ('percent', "Percentage of Premium"),
            ], "Type", required=True)
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        domain=[('amount', '>=', 0)],
        help="In euros, or in percent of the annual premium "
        "according to the type.")
    recurring = fields.Boolean(
        "Recurring",
        help="If checked, the fee is charged every year, spread over the "
        "receipts of the year; otherwise it is charged once, on the first "
        "receipt of the contract.")
    value = fields.Function(fields.Numeric(
            "Value", digits=(16, 2),
            help="The yearly amount in euros."),
        'on_change_with_value')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('policy')

    @classmethod
    def default_kind(cls):
        return 'fee'

    @classmethod
    def default_fee_type(cls):
        return 'fixed'

    @classmethod
    def default_recurring(cls):
        return False

    @fields.depends(
        'fee_type', 'amount', 'policy', '_parent_policy.annual_premium')
    def on_change_with_value(self, name=None):
        if self.amount is None:
            return None
        if self.fee_type == 'percent':
            premium = (self.policy.annual_premium if self.policy else None)
            return ((premium or _ZERO) * self.amount / 100).quantize(
                Decimal('0.01'))
        return self.amount


class TerminateStart(ModelView):
    "Terminate Contract"
    __name__ = 'insurance.policy.terminate.start'
    reason = fields.Many2One(
        'insurance.policy.termination_reason', "Reason", required=True)
    date = fields.Date(
        "Termination Date", required=True,
        help="When the cover ends.")

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Terminate(Wizard):
    "Terminate Contract"
    __name__ = 'insurance.policy.terminate'
    start = StateView(
        'insurance.policy.terminate.start',
        'insurance_policy.policy_terminate_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Terminate", 'terminate', 'tryton-ok', default=True),
            ])
    terminate = StateTransition()

    def transition_terminate(self):
        Policy = Pool().get('insurance.policy')
        policies = [p for p in self.records if p.state in _RUNNING]
        Policy.do_terminate(policies, self.start.reason, self.start.date)
        return 'end'


class ReassignStart(ModelView):
    "Reassign Contract"
    __name__ = 'insurance.policy.reassign.start'
    client = fields.Many2One(
        'party.party', "New Client", required=True,
        domain=[('client_status', '!=', None)],
        help="The party who becomes the policyholder.")
    date = fields.Date("Date", required=True)
    reason = fields.Char("Reason", required=True)

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Reassign(Wizard):
    "Reassign Contract"
    __name__ = 'insurance.policy.reassign'
    start = StateView(
        'insurance.policy.reassign.start',
        'insurance_policy.policy_reassign_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reassign", 'reassign', 'tryton-ok', default=True),
            ])
    reassign = StateTransition()

    def transition_reassign(self):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        Endorsement = pool.get('insurance.policy.endorsement')
        policies = [p for p in self.records
            if p.client != self.start.client]
        Endorsement.record(
            policies, self.start.date, self.start.reason,
            kind='reassignment')
        to_write = []
        for policy in policies:
            # The assets stay with their owner
            to_write.extend(([policy], {
                        'client': self.start.client.id,
                        'assets': [
                            ('remove', [a.id for a in policy.assets])],
                        }))
        if to_write:
            Policy.write(*to_write)
        return 'end'

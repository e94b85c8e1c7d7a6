# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from sql.aggregate import Max, Sum
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import (
    CommissionDeleteError, CommissionPostError, CommissionValidationError)

_OPEN = ['expected', 'late']
_IN_MAX = 1000
_ZERO = Decimal(0)


class Commission(Workflow, ModelSQL, ModelView):
    "Insurance Commission"
    __name__ = 'insurance.commission'

    _states = {
        'readonly': Eval('state') != 'expected',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE',
        states=_states,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states,
        help="The insurance company that owes the commission.")
    date = fields.Date(
        "Date", required=True, states=_states,
        help="The start of the premium period the commission is due for.")
    kind = fields.Selection([
            ('new_business', "New Business"),
            ('renewal', "Renewal"),
            ('fee', "Fees"),
            ], "Kind", required=True, states=_states,
        help="New business in the first year of the contract, renewal "
        "afterwards, or fees.")
    kind_string = kind.translated('kind')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    base_amount = Monetary(
        "Base Amount", currency='currency', digits='currency',
        states=_states,
        help="The premium excluding tax (or the fee) of the period.")
    rate = fields.Numeric(
        "Rate (%)", digits=(16, 2), states=_states,
        help="The commission rate applied to the base amount, in percent.")
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        states=_states, help="The expected commission.")
    origin = fields.Selection([
            ('computed', "Computed"),
            ('manual', "Manual"),
            ('statement', "Statement"),
            ], "Origin", required=True, readonly=True,
        help="Computed from the contract schedule, entered by hand or "
        "created by an insurer statement.")
    state = fields.Selection([
            ('expected', "Expected"),
            ('late', "Late"),
            ('received', "Received"),
            ('unpaid', "Unpaid"),
            ], "State", required=True, readonly=True, sort=False)
    description = fields.Char("Description", states=_states)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT',
        states={
            'invisible': ~Eval('move'),
            },
        help="The entry that booked the commission received by hand.")
    statement_lines = fields.One2Many(
        'insurance.commission.statement.line', 'commission',
        "Statement Lines", readonly=True,
        help="The lines of insurer statements that paid the commission.")
    received_amount = fields.Function(Monetary(
            "Received Amount", currency='currency', digits='currency',
            help="The amount paid by the insurer."),
        'get_received')
    received_date = fields.Function(fields.Date(
            "Received Date",
            help="The date of the latest statement line paying it."),
        'get_received')
    difference = fields.Function(Monetary(
            "Difference", currency='currency', digits='currency',
            help="The received amount minus the expected amount."),
        'get_received')
    introducer = fields.Function(fields.Many2One(
            'party.party', "Introducer",
            help="The introducer of the contract."),
        'get_policy_field', searcher='search_policy_field')
    introducer_amount = fields.Function(Monetary(
            "Introducer Share", currency='currency', digits='currency',
            help="The part of the commission owed to the introducer, at "
            "the rate of the contract or of the introducer."),
        'get_introducer_amount')
    line_of_business = fields.Function(fields.Many2One(
            'insurance.line_of_business', "Line of Business"),
        'get_policy_field', searcher='search_policy_field')
    client = fields.Function(fields.Many2One(
            'party.party', "Client"),
        'get_policy_field', searcher='search_policy_field')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('policy')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.policy, Index.Range()),
                    (t.kind, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t,
                    (t.state, Index.Equality()),
                    (t.date, Index.Range())),
                })
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('expected', 'late'),
            ('expected', 'received'),
            ('late', 'received'),
            ('expected', 'unpaid'),
            ('late', 'unpaid'),
            ('unpaid', 'expected'),
            ('received', 'expected'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': ~Eval('state').in_(_OPEN),
                    'depends': ['state'],
                    },
                'declare_unpaid': {
                    'invisible': ~Eval('state').in_(_OPEN),
                    'depends': ['state'],
                    },
                'reset': {
                    'invisible': ~Eval('state').in_(['received', 'unpaid']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'expected'

    @classmethod
    def default_origin(cls):
        return 'manual'

    @classmethod
    def default_kind(cls):
        return 'new_business'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('policy', '_parent_policy.insurer')
    def on_change_policy(self):
        if self.policy:
            self.insurer = self.policy.insurer

    @fields.depends('base_amount', 'rate', 'currency', 'amount')
    def on_change_with_amount(self):
        if self.base_amount is None or self.rate is None:
            return self.amount
        return self.compute_amount(self.base_amount, self.rate, self.currency)

    @staticmethod
    def compute_amount(base_amount, rate, currency=None):
        "Return the commission of rate percent on base_amount"
        amount = base_amount * rate / 100
        if currency:
            return currency.round(amount)
        return amount.quantize(Decimal('0.01'))

    def get_rec_name(self, name):
        return '%s - %s (%s)' % (
            self.policy.rec_name, self.date, self.kind_string)

    @classmethod
    def get_policy_field(cls, commissions, name):
        return {c.id: getattr(c.policy, name).id
            if getattr(c.policy, name) else None for c in commissions}

    @classmethod
    def search_policy_field(cls, name, clause):
        return [('policy.' + clause[0],) + tuple(clause[1:])]

    def get_introducer_amount(self, name):
        rate = self.policy.get_introducer_rate(self.kind)
        if rate is None:
            return None
        return self.compute_amount(self.amount, rate, self.currency)

    @classmethod
    def get_received(cls, commissions, names):
        "Compute the received amounts and dates in one query per slice"
        pool = Pool()
        Line = pool.get('insurance.commission.statement.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        paid = {}
        for sub_ids in grouped_slice(commissions, _IN_MAX):
            cursor.execute(*line.select(
                    line.commission, Sum(Coalesce(line.amount, 0)),
                    Max(line.date),
                    where=fields.SQL_OPERATORS['in'](
                        line.commission, list(map(int, sub_ids))),
                    group_by=line.commission))
            for commission_id, amount, date in cursor:
                if isinstance(date, str):
                    date = dt.date.fromisoformat(date)
                paid[commission_id] = (Decimal(str(amount)), date)
        result = {n: {} for n in names}
        for commission in commissions:
            amount, date = paid.get(commission.id, (None, None))
            if amount is None and commission.state == 'received':
                amount = commission.amount
            if amount is not None and commission.currency:
                amount = commission.currency.round(amount)
            difference = (amount - commission.amount
                if amount is not None else None)
            for name, value in [
                    ('received_amount', amount),
                    ('received_date', date),
                    ('difference', difference)]:
                if name in result:
                    result[name][commission.id] = value
        return result

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and values.get('policy') and (
                not values.get('insurer')):
            values['insurer'] = Policy(values['policy']).insurer.id
        return values

    @classmethod
    def validate_fields(cls, commissions, field_names):
        super().validate_fields(commissions, field_names)
        cls.check_insurer(commissions, field_names)

    @classmethod
    def check_insurer(cls, commissions, field_names=None):
        if field_names and not (field_names & {'policy', 'insurer'}):
            return
        for commission in commissions:
            if commission.insurer != commission.policy.insurer:
                raise CommissionValidationError(gettext(
                        'insurance_commission.msg_commission_insurer',
                        commission=commission.rec_name,
                        insurer=commission.insurer.rec_name))

    @classmethod
    def check_modification(
            cls, mode, commissions, values=None, external=False):
        super().check_modification(
            mode, commissions, values=values, external=external)
        if mode == 'delete':
            for commission in commissions:
                if (commission.state not in _OPEN
                        or commission.statement_lines):
                    raise CommissionDeleteError(gettext(
                            'insurance_commission.msg_commission_delete',
                            commission=commission.rec_name))

    @classmethod
    def copy(cls, commissions, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('statement_lines', None)
        default.setdefault('move', None)
        default.setdefault('origin', 'manual')
        return super().copy(commissions, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    def receive(cls, commissions):
        cls.post_received(commissions)

    @classmethod
    def post_received(cls, commissions):
        """Book the commissions received by hand: insurer receivable to
        commission revenue, one move each so that a reset reverses it

        The commissions paid by a statement are booked with it and those
        kept at source with their receipt."""
        Move = Pool().get('account.move')
        commissions = [c for c in commissions
            if c.amount and not c.move and not c.statement_lines]
        kept = cls.kept_at_source([c.key for c in commissions])
        commissions = [c for c in commissions if c.key not in kept]
        moves = []
        for commission in commissions:
            commission.move = cls.get_received_move(
                commission.company, commission.insurer, commission.amount,
                commission, commission.rec_name)
            if not commission.move:
                raise CommissionPostError(gettext(
                        'insurance_commission.msg_commission_post_accounts',
                        commission=commission.rec_name))
            moves.append(commission.move)
        Move.save(moves)
        Move.post(moves)
        cls.save(commissions)

    @property
    def key(self):
        return (self.policy.id, self.date, self.kind)

    @classmethod
    def kept_at_source(cls, keys):
        """Return the keys (policy id, date, kind) of the commissions that
        the firm kept when it collected the premium: they are booked with
        the premium and must not be booked again when received"""
        return set()

    @classmethod
    def get_received_move(cls, company, insurer, amount, origin, description):
        """Return the unsaved move of the amount received from the insurer:
        insurer receivable to commission revenue, or None if an account or
        the journal is not configured"""
        pool = Pool()
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        Period = pool.get('account.period')
        Configuration = pool.get('insurance.commission.configuration')
        Date = pool.get('ir.date')
        configuration = Configuration(1)
        journal = configuration.get_multivalue(
            'commission_journal', company=company.id)
        revenue = configuration.get_multivalue(
            'commission_revenue_account', company=company.id)
        receivable = insurer.account_receivable_used
        if not journal or not revenue or not receivable:
            return None
        with Transaction().set_context(company=company.id):
            date = Date.today()
        amount = company.currency.round(amount)
        debit, credit = (amount, _ZERO) if amount >= 0 else (_ZERO, -amount)
        return Move(
            company=company, journal=journal, date=date,
            period=Period.find(company, date=date),
            origin=origin, description=description,
            lines=[
                MoveLine(account=receivable, party=insurer,
                    debit=debit, credit=credit),
                MoveLine(account=revenue, debit=credit, credit=debit),
                ])

    @classmethod
    @ModelView.button
    @Workflow.transition('unpaid')
    def declare_unpaid(cls, commissions):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('expected')
    def reset(cls, commissions):
        cls.cancel_moves(commissions)

    @classmethod
    def cancel_moves(cls, commissions):
        """Reverse the moves of the commissions received by hand and
        reconcile the insurer receivable lines of each pair"""
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        commissions = [c for c in commissions if c.move]
        cancel_moves = [c.move.cancel(reversal=True) for c in commissions]
        Move.post(cancel_moves)
        to_reconcile = []
        for commission, cancel_move in zip(commissions, cancel_moves):
            to_reconcile.append([l
                    for l in commission.move.lines + cancel_move.lines
                    if l.account.reconcile])
            commission.move = None
        Line.reconcile(*filter(None, to_reconcile))
        cls.save(commissions)

    @classmethod
    def mark_late(cls, date=None):
        """Mark late the expected commissions older than the late delay

        Only expected commissions are selected, so running it twice
        changes nothing."""
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('insurance.commission.configuration')
        if date is None:
            date = Date.today()
        delay = Configuration(1).late_delay or 0
        commissions = cls.search([
                ('state', '=', 'expected'),
                ('date', '<', date - dt.timedelta(days=delay)),
                ])
        cls.declare_late(commissions)
        return commissions

    @classmethod
    @Workflow.transition('late')
    def declare_late(cls, commissions):
        pass

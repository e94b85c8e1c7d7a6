# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Null
from sql.aggregate import Max
from sql.operators import Equal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Exclude, Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.model import SQLiteConstraintMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import ReceiptCancelError, ReceiptError, ReceiptPostError

ZERO = Decimal(0)
FREQUENCY_MONTHS = {
    'monthly': 1,
    'quarterly': 3,
    'half_yearly': 6,
    'yearly': 12,
    }
RECEIPT_STATES = [
    ('draft', "Draft"),
    ('posted', "Posted"),
    ('paid', "Paid"),
    ('cancelled', "Cancelled"),
    ]


def period_end(start, frequency):
    "Return the last day of the period of the frequency starting on start"
    return (start + relativedelta(months=FREQUENCY_MONTHS[frequency])
        - dt.timedelta(days=1))


class Receipt(SQLiteConstraintMixin, Workflow, ModelSQL, ModelView):
    "Premium Receipt"
    __name__ = 'insurance.receipt'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char(
        "Number", readonly=True,
        help="Given from the receipt sequence when the receipt is posted.")
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='RESTRICT',
        domain=[
            ('company', '=', Eval('company', -1)),
            ],
        states=_states,
        help="A contract under delegated collection (gestion confiée).")
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states)
    kind = fields.Selection([
            ('cash', "Cash"),
            ('term', "Term"),
            ], "Kind", required=True, states=_states,
        help="The first receipt of a contract is a cash receipt "
        "(comptant); the following ones are term receipts.")
    date = fields.Date(
        "Accounting Date", required=True, states=_states,
        help="The date of the accounting entry.")
    period_start = fields.Date(
        "Period Start", required=True, states=_states,
        help="The first day covered by the premium.")
    period_end = fields.Date(
        "Period End", required=True, states=_states,
        domain=[('period_end', '>=', Eval('period_start', None))],
        help="The last day covered by the premium.")
    due_date = fields.Date(
        "Due Date", required=True, states=_states,
        help="When the client must pay.")
    reminder_date = fields.Date(
        "First Reminder Date", required=True, states=_states,
        domain=[('reminder_date', '>=', Eval('due_date', None))],
        help="When the first reminder is sent if the receipt is unpaid.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    premium_excl_tax = Monetary(
        "Premium Excl. Tax", currency='currency', digits='currency',
        required=True, states=_states,
        domain=[('premium_excl_tax', '>=', 0)])
    tax_amount = Monetary(
        "Tax", currency='currency', digits='currency', required=True,
        states=_states, domain=[('tax_amount', '>=', 0)],
        help="The insurance tax (taxe sur les conventions d'assurance).")
    premium = fields.Function(Monetary(
            "Premium", currency='currency', digits='currency',
            help="The premium including taxes, owed to the insurer."),
        'on_change_with_premium')
    fee_amount = Monetary(
        "Fees", currency='currency', digits='currency', required=True,
        states=_states, domain=[('fee_amount', '>=', 0)],
        help="The fees (frais) charged with the premium, revenue of the "
        "firm.")
    honorarium_amount = Monetary(
        "Broker's Fees", currency='currency', digits='currency',
        required=True, states=_states,
        domain=[('honorarium_amount', '>=', 0)],
        help="The honoraires charged with the premium, revenue of the firm.")
    commission_amount = Monetary(
        "Commission", currency='currency', digits='currency', required=True,
        states=_states, domain=[('commission_amount', '>=', 0)],
        help="The firm's commission included in the premium.")
    remittance_mode = fields.Selection([
            ('gross', "Gross Remittance"),
            ('net', "Commission Kept at Source"),
            ], "Remittance Mode", required=True, states=_states,
        help="Gross: the full premium is remitted to the insurer, which "
        "pays the commission later. Net: the commission is kept when "
        "remitting.")
    total = fields.Function(Monetary(
            "Total", currency='currency', digits='currency',
            help="Premium, fees and broker's fees asked from the client."),
        'on_change_with_total')
    amount_paid = Monetary(
        "Received", currency='currency', digits='currency', readonly=True,
        help="The part of the total covered by the client's payments.")
    amount_to_pay = fields.Function(Monetary(
            "Remaining", currency='currency', digits='currency',
            help="What the client still owes on the receipt."),
        'get_amount_to_pay', searcher='search_amount_to_pay')
    state = fields.Selection(
        RECEIPT_STATES, "State", readonly=True, required=True, sort=False)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    cancel_move = fields.Many2One(
        'account.move', "Cancel Move", readonly=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': ~Eval('cancel_move'),
            })
    settlement_move = fields.Many2One(
        'account.move', "Settlement Move", readonly=True,
        ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': ~Eval('settlement_move'),
            },
        help="The entry clearing (lettrage) the client line of the receipt "
        "once fully paid, so that it leaves the dunning list.")
    line = fields.Function(fields.Many2One(
            'account.move.line', "Client Line",
            help="The line of the client's receivable account."),
        'get_line')
    allocations = fields.One2Many(
        'insurance.payment.allocation', 'receipt', "Payments",
        readonly=True)
    remittance_lines = fields.One2Many(
        'insurance.remittance.line', 'receipt', "Remittances",
        readonly=True,
        help="The statements remitting the premium to the insurer.")
    term_run = fields.Many2One(
        'insurance.receipt.term_run', "Renewal Run", readonly=True,
        ondelete='SET NULL',
        states={
            'invisible': ~Eval('term_run'),
            })

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('policy_period_unique',
                Exclude(t, (t.policy, Equal), (t.period_start, Equal),
                    where=t.state != 'cancelled'),
                'insurance_receipt.msg_receipt_period_unique'),
            ('policy_cash_unique',
                Exclude(t, (t.policy, Equal),
                    where=(t.kind == 'cash') & (t.state != 'cancelled')),
                'insurance_receipt.msg_receipt_cash_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality()),
                    (t.client, Index.Range())),
                Index(t, (t.policy, Index.Range()),
                    (t.period_end, Index.Range())),
                })
        cls._order = [
            ('due_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'posted'),
            ('posted', 'paid'),
            ('paid', 'posted'),
            ('draft', 'cancelled'),
            ('posted', 'cancelled'),
            ('paid', 'cancelled'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'posted', 'paid']),
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
    def default_kind(cls):
        return 'cash'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_remittance_mode(cls):
        return 'net'

    @classmethod
    def default_amount_paid(cls):
        return ZERO

    @classmethod
    def _default_zero(cls):
        return ZERO

    default_tax_amount = default_fee_amount = _default_zero
    default_honorarium_amount = default_commission_amount = _default_zero
    default_premium_excl_tax = _default_zero

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('premium_excl_tax', 'tax_amount')
    def on_change_with_premium(self, name=None):
        return (self.premium_excl_tax or ZERO) + (self.tax_amount or ZERO)

    @fields.depends(
        'premium_excl_tax', 'tax_amount', 'fee_amount', 'honorarium_amount')
    def on_change_with_total(self, name=None):
        return (self.on_change_with_premium() + (self.fee_amount or ZERO)
            + (self.honorarium_amount or ZERO))

    @fields.depends('policy', 'kind', 'period_start', 'date')
    def on_change_policy(self):
        if not self.policy:
            return
        start = self.period_start or self.policy.start_date or self.date
        if not start:
            return
        for name, value in self.values_from_policy(
                self.policy, self.kind or 'cash', start).items():
            setattr(self, name, value)

    @fields.depends('due_date')
    def on_change_due_date(self):
        if self.due_date:
            self.reminder_date = self.compute_reminder_date(self.due_date)

    @classmethod
    def compute_reminder_date(cls, due_date):
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        return due_date + dt.timedelta(days=Configuration(1).reminder_days)

    @classmethod
    def values_from_policy(cls, policy, kind, start):
        """Return the field values of the receipt of the policy for the
        period starting at start"""
        months = FREQUENCY_MONTHS[policy.payment_frequency]
        terms = Decimal(12 // months)
        round_ = policy.company.currency.round
        premium_excl_tax = round_(
            (policy.annual_premium_excl_tax or ZERO) / terms)
        premium = round_(
            (policy.annual_premium or policy.annual_premium_excl_tax or ZERO)
            / terms)
        first_year = (not policy.start_date
            or start < policy.start_date + relativedelta(years=1))
        rate = (policy.new_business_rate if first_year
            else policy.renewal_rate)
        if rate is None:
            rate = policy.new_business_rate
        # A one-off fee is charged on the first receipt of the contract,
        # as the commission on it is booked at the start of the contract.
        first_receipt = kind == 'cash' or start == policy.start_date
        fees = {'fee': ZERO, 'honorarium': ZERO}
        for fee in policy.fees:
            if fee.recurring:
                fees[fee.kind] += (fee.value or ZERO) / terms
            elif first_receipt:
                fees[fee.kind] += fee.value or ZERO
        return {
            'company': policy.company.id,
            'policy': policy.id,
            'client': policy.client.id,
            'insurer': policy.insurer.id,
            'kind': kind,
            'period_start': start,
            'period_end': period_end(start, policy.payment_frequency),
            'due_date': start,
            'reminder_date': cls.compute_reminder_date(start),
            'premium_excl_tax': premium_excl_tax,
            'tax_amount': max(premium - premium_excl_tax, ZERO),
            'fee_amount': round_(fees['fee']),
            'honorarium_amount': round_(fees['honorarium']),
            'commission_amount': round_(
                premium_excl_tax * (rate or ZERO) / 100),
            'remittance_mode': policy.remittance_mode or 'net',
            }

    @classmethod
    def get_amount_to_pay(cls, receipts, name):
        return {r.id: (r.total - (r.amount_paid or ZERO)
                if r.state in {'posted', 'paid'} else ZERO)
            for r in receipts}

    @classmethod
    def _amount_to_pay_column(cls, table):
        return (table.premium_excl_tax + table.tax_amount + table.fee_amount
            + table.honorarium_amount - table.amount_paid)

    @classmethod
    def search_amount_to_pay(cls, name, clause):
        table = cls.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        query = table.select(table.id,
            where=Operator(cls._amount_to_pay_column(table),
                cls.amount_to_pay._field.sql_format(value))
            & table.state.in_(['posted', 'paid']))
        return [('id', 'in', query)]

    @classmethod
    def get_line(cls, receipts, name):
        pool = Pool()
        Line = pool.get('account.move.line')
        line = Line.__table__()
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        result = dict.fromkeys((r.id for r in receipts), None)
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice(list(result), in_max):
            cursor.execute(*table.join(line,
                    condition=(line.move == table.move)
                    & (line.party == table.client)
                    & (line.maturity_date != Null)).select(
                    table.id, line.id,
                    where=fields.SQL_OPERATORS['in'](table.id, sub_ids)))
            result.update(cursor)
        return result

    def get_rec_name(self, name):
        return self.label

    @property
    def label(self):
        "The number or, before posting, the contract and the period"
        Lang = Pool().get('ir.lang')
        number = getattr(self, 'number', None)
        if number:
            return number
        return '%s %s' % (
            self.policy.rec_name, Lang.get().strftime(self.period_start))

    def created_message(self):
        "Return the message telling the user the receipt was created"
        Lang = Pool().get('ir.lang')
        return gettext('insurance_receipt.msg_receipt_created',
            receipt=self.rec_name,
            total=Lang.get().currency(
                self.total, self.currency, grouping=True))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number', *clause[1:]),
            ('policy.rec_name', *clause[1:]),
            ]

    @classmethod
    def validate_fields(cls, receipts, field_names):
        super().validate_fields(receipts, field_names)
        if field_names & {'policy', 'state'}:
            for receipt in receipts:
                receipt.check_delegated()

    def check_delegated(self):
        if self.state == 'draft' and not self.policy.delegated_collection:
            raise ReceiptError(gettext(
                    'insurance_receipt.msg_receipt_not_delegated',
                    policy=self.policy.rec_name))

    @classmethod
    def check_modification(cls, mode, receipts, values=None, external=False):
        super().check_modification(
            mode, receipts, values=values, external=external)
        if mode == 'delete':
            for receipt in receipts:
                if receipt.state != 'draft':
                    raise ReceiptCancelError(gettext(
                            'insurance_receipt.msg_receipt_delete_posted',
                            receipt=receipt.rec_name))

    @classmethod
    def copy(cls, receipts, default=None):
        default = default.copy() if default else {}
        for name in ['number', 'move', 'cancel_move', 'settlement_move',
                'allocations',
                'term_run', 'remittance_lines']:
            default.setdefault(name, None)
        default.setdefault('amount_paid', ZERO)
        return super().copy(receipts, default=default)

    @classmethod
    def configuration_values(cls, company, parties=()):
        """Return the receipt settings of the company as a dict, read once
        for a batch, with the receivable and payable accounts of the
        parties (keys 'receivable' and 'payable': dict party id: account)"""
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        config = Configuration(1)
        names = ['receipt_journal', 'receipt_sequence', 'fee_revenue_account',
            'honorarium_revenue_account', 'commission_revenue_account']
        values = {n: config.get_multivalue(n, company=company.id)
            for n in names}
        values.update(cls.party_accounts(company, parties))
        return values

    @classmethod
    def party_accounts(cls, company, parties):
        """Return the receivable and payable accounts of the parties in the
        company like account_receivable_used / account_payable_used (the
        party's account or the default one, replaced accounts followed) with
        one query per slice of parties; a missing account is None"""
        pool = Pool()
        PartyAccount = pool.get('party.party.account')
        Configuration = pool.get('account.configuration')
        Account = pool.get('account.account')
        table = PartyAccount.__table__()
        cursor = Transaction().connection.cursor()
        config = Configuration(1)
        defaults = [config.get_multivalue(n, company=company.id)
            for n in ['default_account_receivable', 'default_account_payable']]
        party_ids = list({p.id for p in parties})
        found = {}
        for sub_ids in grouped_slice(party_ids, backend.MAX_QUERY_PARAMS):
            cursor.execute(*table.select(table.party,
                    table.account_receivable, table.account_payable,
                    where=fields.SQL_OPERATORS['in'](table.party, sub_ids)
                    & (table.company == company.id)))
            for party_id, receivable, payable in cursor:
                found[party_id] = (receivable, payable)
        current = {}

        def used(account_id, default):
            if not account_id:
                account_id = default.id if default else None
            if account_id and account_id not in current:
                current[account_id] = Account(account_id).current()
            return current.get(account_id)
        result = {'receivable': {}, 'payable': {}}
        for party_id in party_ids:
            receivable, payable = found.get(party_id, (None, None))
            result['receivable'][party_id] = used(receivable, defaults[0])
            result['payable'][party_id] = used(payable, defaults[1])
        return result

    def post_error(self, config=None):
        """Return the message why the receipt cannot be posted or None;
        config is the result of configuration_values with the parties of
        the receipt"""
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        if config is None:
            config = self.configuration_values(
                self.company, [self.client, self.insurer])
        if not self.policy.delegated_collection:
            return gettext('insurance_receipt.msg_receipt_not_delegated',
                policy=self.policy.rec_name)
        if self.total <= 0:
            return gettext('insurance_receipt.msg_receipt_zero',
                receipt=self.label)
        missing = []
        if not config['receivable'][self.client.id]:
            missing.append(self.client.rec_name)
        if not config['payable'][self.insurer.id]:
            missing.append(self.insurer.rec_name)
        for name, needed in self._needed_configuration():
            if needed and not config[name]:
                missing.append(getattr(Configuration, name).definition(
                        Configuration, Transaction().language)['string'])
        if missing:
            return gettext('insurance_receipt.msg_receipt_missing_account',
                receipt=self.label, missing=', '.join(missing))

    def _needed_configuration(self):
        return [
            ('receipt_journal', True),
            ('receipt_sequence', True),
            ('fee_revenue_account', bool(self.fee_amount)),
            ('honorarium_revenue_account', bool(self.honorarium_amount)),
            ('commission_revenue_account',
                self.remittance_mode == 'net'
                and bool(self.commission_amount)),
            ]

    @classmethod
    def policies_with_cash(cls, policies):
        "Return the ids of the policies with a posted cash receipt"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        result = set()
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice([p.id for p in policies], in_max):
            cursor.execute(*table.select(table.policy,
                    where=fields.SQL_OPERATORS['in'](table.policy, sub_ids)
                    & (table.kind == 'cash')
                    & table.state.in_(['posted', 'paid'])))
            result.update(p for p, in cursor)
        return result

    def move_values(self, period, config):
        """Return the values to create the move of the receipt in the
        period; config is the result of configuration_values"""
        client = config['receivable'][self.client.id]
        insurer = config['payable'][self.insurer.id]
        lines = [
            self._line_values(client, self.total, ZERO,
                party=self.client.id, maturity_date=self.due_date),
            self._line_values(insurer, ZERO, self.premium,
                party=self.insurer.id),
            ]
        for name, amount in [
                ('fee_revenue_account', self.fee_amount),
                ('honorarium_revenue_account', self.honorarium_amount)]:
            if amount:
                lines.append(self._line_values(config[name], ZERO, amount))
        if self.remittance_mode == 'net' and self.commission_amount:
            lines.append(self._line_values(insurer,
                    self.commission_amount, ZERO, party=self.insurer.id))
            lines.append(self._line_values(
                    config['commission_revenue_account'],
                    ZERO, self.commission_amount))
        return {
            'company': self.company.id,
            'journal': config['receipt_journal'].id,
            'period': period.id,
            'date': self.date,
            'origin': str(self),
            'description': self.policy.rec_name,
            'lines': [('create', lines)],
            }

    def _line_values(self, account, debit, credit, **values):
        return dict(account=account.id, debit=debit, credit=credit,
            description=self.number, **values)

    @classmethod
    def lock_posting(cls, company, journal, date):
        """Take the locks that posting moves in the journal at date needs
        before any work, so that a batch restarts at once instead of
        after having built everything"""
        pool = Pool()
        Period = pool.get('account.period')
        JournalPeriod = pool.get('account.journal.period')
        SequenceStrict = pool.get('ir.sequence.strict')
        SequenceStrict.lock()
        period = Period.find(company, date=date)
        if not JournalPeriod.search([
                    ('journal', '=', journal.id),
                    ('period', '=', period.id),
                    ], limit=1):
            JournalPeriod.lock()

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, receipts):
        with_cash = cls.policies_with_cash(
            [r.policy for r in receipts if r.kind == 'term'])
        configs = cls._batch_configurations(receipts)
        for receipt in receipts:
            if receipt.kind == 'term' and receipt.policy.id not in with_cash:
                raise ReceiptPostError(gettext(
                        'insurance_receipt.msg_receipt_first_cash',
                        policy=receipt.policy.rec_name))
            error = receipt.post_error(configs[receipt.company])
            if error:
                raise ReceiptPostError(error)
        cls._post(receipts, configs)

    @classmethod
    def _post(cls, receipts, configs=None):
        """Number the receipts and post their moves, then use client credit;
        configs is a dict company: configuration_values with the parties of
        the receipts"""
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        Payment = pool.get('insurance.payment')
        if configs is None:
            configs = cls._batch_configurations(receipts)
        periods = {}
        by_sequence = defaultdict(list)
        for receipt in receipts:
            by_sequence[configs[receipt.company]['receipt_sequence']].append(
                receipt)
        for sequence, s_receipts in by_sequence.items():
            for receipt, number in zip(
                    s_receipts, sequence.get_many(len(s_receipts))):
                receipt.number = number
        to_create = []
        for receipt in receipts:
            key = (receipt.company, receipt.date)
            if key not in periods:
                periods[key] = Period.find(receipt.company, date=receipt.date)
            to_create.append(receipt.move_values(
                    periods[key], configs[receipt.company]))
        moves = Move.create(to_create)
        Move.post(moves)
        for receipt, move in zip(receipts, moves):
            receipt.move = move
            receipt.state = 'posted'
        cls.save(receipts)
        Payment.allocate_credit({r.client for r in receipts})

    @classmethod
    def _batch_configurations(cls, receipts):
        "Return configuration_values per company for the receipts"
        parties = defaultdict(set)
        for receipt in receipts:
            parties[receipt.company].update([receipt.client, receipt.insurer])
        return {c: cls.configuration_values(c, p) for c, p in parties.items()}

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, receipts):
        pool = Pool()
        Move = pool.get('account.move')
        Allocation = pool.get('insurance.payment.allocation')
        Payment = pool.get('insurance.payment')
        posted = [r for r in receipts if r.move]
        cls.lock(posted)
        cls.unsettle(posted)
        cancel_moves = []
        for receipt in posted:
            receipt.cancel_move = receipt.move.cancel(reversal=True)
            cancel_moves.append(receipt.cancel_move)
        Move.post(cancel_moves)
        cls._reconcile_client_lines(
            [(r.move, r.cancel_move) for r in posted],
            [r.client for r in posted])
        for receipt in posted:
            receipt.amount_paid = receipt.currency.round(ZERO)
            # cancelled before the client credit is used again below
            receipt.state = 'cancelled'
        cls.save(posted)
        Allocation.delete([a for r in posted for a in r.allocations])
        Payment.allocate_credit({r.client for r in posted})

    @classmethod
    def add_paid(cls, amounts):
        """Add the amounts (dict receipt: amount) to the received amounts
        and mark as paid the receipts fully covered (or reopen them)"""
        receipts = list(amounts)
        for receipt in receipts:
            receipt.amount_paid = (
                (receipt.amount_paid or ZERO) + amounts[receipt])
        cls.save(receipts)
        cls.pay([r for r in receipts
                if r.state == 'posted' and r.amount_paid >= r.total])
        cls.reopen([r for r in receipts
                if r.state == 'paid' and r.amount_paid < r.total])

    @classmethod
    @Workflow.transition('paid')
    def pay(cls, receipts):
        cls.settle(receipts)

    @classmethod
    @Workflow.transition('posted')
    def reopen(cls, receipts):
        cls.unsettle(receipts)

    @classmethod
    def settle(cls, receipts):
        """Clear the client line of the fully paid receipts: a posted move
        on the client account (payment journal) whose credit is reconciled
        with the receipt line and whose debit is the client credit used"""
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        Date = pool.get('ir.date')
        Configuration = pool.get('insurance.receipt.configuration')
        config = Configuration(1)
        receipts = [r for r in receipts if r.line and not r.settlement_move]
        to_create = []
        company_values = {}
        for receipt in receipts:
            company = receipt.company
            if company not in company_values:
                with Transaction().set_context(company=company.id):
                    today = Date.today()
                company_values[company] = {
                    'company': company.id,
                    'journal': config.get_multivalue(
                        'payment_journal', company=company.id).id,
                    'period': Period.find(company, date=today).id,
                    'date': today,
                    }
            line = receipt.line
            values = dict(account=line.account.id, party=receipt.client.id,
                description=receipt.number)
            to_create.append({
                    **company_values[company],
                    'origin': str(receipt),
                    'description': receipt.number,
                    'lines': [('create', [
                                dict(values, debit=ZERO, credit=line.debit),
                                dict(values, debit=line.debit, credit=ZERO),
                                ])],
                    })
        moves = Move.create(to_create)
        Move.post(moves)
        for receipt, move in zip(receipts, moves):
            receipt.settlement_move = move
        cls.save(receipts)
        cls._reconcile_client_lines(
            [(r.move, r.settlement_move) for r in receipts],
            [r.client for r in receipts])

    @classmethod
    def unsettle(cls, receipts):
        """Undo the settlement of receipts paid no more: the client line is
        unreconciled and the settlement move reversed"""
        pool = Pool()
        Move = pool.get('account.move')
        Reconciliation = pool.get('account.move.reconciliation')
        receipts = [r for r in receipts if r.settlement_move]
        if not receipts:
            return
        Reconciliation.delete(list({l.reconciliation
                    for r in receipts for l in r.settlement_move.lines
                    if l.reconciliation}))
        reversals = [r.settlement_move.cancel(reversal=True)
            for r in receipts]
        Move.post(reversals)
        pairs = [(r.settlement_move, m) for r, m in zip(receipts, reversals)]
        for receipt in receipts:
            receipt.settlement_move = None
        cls.save(receipts)
        # the settlement and its reversal cancel each other out
        cls._reconcile_lines_pairs(pairs)

    @classmethod
    def _reconcile_client_lines(cls, pairs, clients):
        """Reconcile the open client line of the first move of each pair
        with the line of the second move on the same account that
        balances it"""
        pool = Pool()
        Line = pool.get('account.move.line')
        to_reconcile = []
        for (move, other), client in zip(pairs, clients):
            line = next((l for l in move.lines
                    if l.party == client and l.maturity_date
                    and not l.reconciliation), None)
            if not line or not line.account.reconcile:
                continue
            match = next((l for l in other.lines
                    if l.account == line.account and l.party == client
                    and l.credit == line.debit and l.debit == line.credit),
                None)
            if match:
                to_reconcile.append([line, match])
        if to_reconcile:
            Line.reconcile(*to_reconcile)

    @classmethod
    def _reconcile_lines_pairs(cls, pairs):
        """Reconcile each line of the first move of each pair with its
        reversing line in the second move (same account and party)"""
        pool = Pool()
        Line = pool.get('account.move.line')
        to_reconcile, used = [], set()
        for move, reversal in pairs:
            for line in move.lines:
                match = next((l for l in reversal.lines
                        if l.account == line.account and l.party == line.party
                        and l.credit == line.debit and l.debit == line.credit
                        and l not in used), None)
                if match and line.account.reconcile:
                    used.add(match)
                    to_reconcile.append([line, match])
        if to_reconcile:
            Line.reconcile(*to_reconcile)

    @classmethod
    def next_term_starts(cls, policies):
        """Return the start of the next term of each policy (dict id: date)
        after its last receipt not cancelled"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        result = {}
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice([p.id for p in policies], in_max):
            cursor.execute(*table.select(
                    table.policy, Max(table.period_end),
                    where=fields.SQL_OPERATORS['in'](table.policy, sub_ids)
                    & (table.state != 'cancelled'),
                    group_by=table.policy))
            for policy_id, end in cursor:
                if isinstance(end, str):
                    end = dt.date.fromisoformat(end)
                result[policy_id] = end + dt.timedelta(days=1)
        return result

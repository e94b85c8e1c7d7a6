# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from collections import defaultdict
from decimal import Decimal

from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.action import ActionMessageWizard
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import PaymentPostError

ZERO = Decimal(0)
METHODS = [
    ('direct_debit', "Direct Debit"),
    ('check', "Check"),
    ('transfer', "Transfer"),
    ('card', "Card"),
    ('cash', "Cash"),
    ]


def _decimal(value):
    "Return the SQL sum as a Decimal of cents (SQLite sums in float)"
    return Decimal(str(value or 0)).quantize(Decimal('0.01'))


class Payment(Workflow, ModelSQL, ModelView):
    "Client Payment"
    __name__ = 'insurance.payment'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        states=_states)
    kind = fields.Selection([
            ('collection', "Collection"),
            ('disbursement', "Disbursement"),
            ], "Kind", required=True, states=_states,
        help="Collection: money received from the client. "
        "Disbursement: money paid back to the client from its credit.")
    method = fields.Selection(
        METHODS, "Method", required=True, states=_states)
    date = fields.Date(
        "Accounting Date", required=True, states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        states=_states,
        help="The amount paid, always positive.")
    reference = fields.Char(
        "Reference", states=_states,
        help="The cheque number or the bank reference.")
    receipt = fields.Many2One(
        'insurance.receipt', "Receipt", ondelete='RESTRICT',
        domain=[
            ('client', '=', Eval('party', -1)),
            ('company', '=', Eval('company', -1)),
            ],
        states=_states,
        help="The receipt the payment is made for (a direct debit, a "
        "cheque for a given receipt): it is paid first, then the oldest "
        "open receipts. Leave empty to pay the oldest first.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('rejected', "Rejected"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')
    reject_move = fields.Many2One(
        'account.move', "Reject Move", readonly=True, ondelete='RESTRICT',
        states={
            'invisible': ~Eval('reject_move'),
            })
    allocations = fields.One2Many(
        'insurance.payment.allocation', 'payment', "Allocations",
        readonly=True)
    amount_allocated = fields.Function(Monetary(
            "Allocated", currency='currency', digits='currency',
            help="The part of the payment used to pay receipts."),
        'get_amount_allocated')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.party, Index.Range()), (t.state, Index.Equality())))
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'posted'),
            ('posted', 'rejected'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': ((Eval('state') != 'posted')
                        | (Eval('kind') != 'collection')),
                    'depends': ['state', 'kind'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_kind(cls):
        return 'collection'

    @classmethod
    def default_method(cls):
        return 'transfer'

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return '%s %s' % (self.party.rec_name, self.date)

    @classmethod
    def get_amount_allocated(cls, payments, name):
        pool = Pool()
        Allocation = pool.get('insurance.payment.allocation')
        table = Allocation.__table__()
        cursor = Transaction().connection.cursor()
        result = dict.fromkeys((p.id for p in payments), ZERO)
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice(list(result), in_max):
            cursor.execute(*table.select(table.payment, Sum(table.amount),
                    where=fields.SQL_OPERATORS['in'](table.payment, sub_ids),
                    group_by=table.payment))
            for payment_id, amount in cursor:
                result[payment_id] = _decimal(amount)
        return result

    @classmethod
    def validate_fields(cls, payments, field_names):
        super().validate_fields(payments, field_names)
        if 'amount' in field_names:
            for payment in payments:
                if payment.amount is None or payment.amount <= 0:
                    raise PaymentPostError(gettext(
                            'insurance_receipt.msg_payment_amount_positive',
                            payment=payment.rec_name))

    @classmethod
    def check_modification(cls, mode, payments, values=None, external=False):
        super().check_modification(
            mode, payments, values=values, external=external)
        if mode == 'delete':
            for payment in payments:
                if payment.state != 'draft':
                    raise PaymentPostError(gettext(
                            'insurance_receipt.msg_payment_delete_posted',
                            payment=payment.rec_name))

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default else {}
        for name in ['move', 'reject_move', 'allocations', 'receipt']:
            default.setdefault(name, None)
        return super().copy(payments, default=default)

    @classmethod
    def record(cls, party, amount, method, date=None, kind='collection',
            reference=None, receipts=None):
        """Record and post a payment of the party; it pays the receipts
        given (a direct debit pays the receipts it was made for), then the
        oldest open receipts, and the rest stays as client credit"""
        receipts = list(receipts or [])
        payment = cls(party=party, amount=amount, method=method, kind=kind,
            reference=reference, receipt=receipts[0] if receipts else None)
        if date:
            payment.date = date
        payment.save()
        cls.post_to([payment], receipts)
        return payment

    def get_move(self, period):
        "Return the unsaved move of the payment"
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Configuration = pool.get('insurance.receipt.configuration')
        config = Configuration(1)
        company = self.company.id
        bank = config.get_multivalue('client_funds_account', company=company)
        client = self.party.account_receivable_used
        sign = 1 if self.kind == 'collection' else -1
        debit, credit = (self.amount, ZERO)[::sign]
        return Move(
            company=self.company, period=period, date=self.date,
            journal=config.get_multivalue('payment_journal', company=company),
            origin=self, description=self.reference,
            lines=[
                Line(account=bank, debit=debit, credit=credit),
                Line(account=client, party=self.party,
                    debit=credit, credit=debit),
                ])

    def post_error(self):
        "Return the message why the payment cannot be posted or None"
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        config = Configuration(1)
        company = self.company.id
        if not self.party.account_receivable_used or not all(
                config.get_multivalue(n, company=company)
                for n in ['client_funds_account', 'payment_journal']):
            return gettext('insurance_receipt.msg_payment_no_account',
                payment=self.rec_name)

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, payments):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        cls._post(payments, [p.receipt for p in payments if p.receipt])
        if any(p.credit_left for p in cls.browse(payments)):
            return ModelData.get_id(
                'insurance_receipt', 'wizard_payment_credit_message')

    @property
    def credit_left(self):
        "The amount of a posted receipt of the client kept as credit"
        if self.state != 'posted' or self.kind != 'collection':
            return ZERO
        return max(self.amount - (self.amount_allocated or ZERO), ZERO)

    @classmethod
    def post_to(cls, payments, receipts):
        """Post the draft payments; the credit of their clients pays the
        receipts given first (the receipts a direct debit was made for),
        then the oldest open ones"""
        cls._post([p for p in payments if p.state == 'draft'], receipts)

    @classmethod
    def _post(cls, payments, receipts=None):
        "Post the moves of the payments and allocate the credit"
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        for payment in payments:
            error = payment.post_error()
            if error:
                raise PaymentPostError(error)
        cls._check_disbursements(payments)
        moves = []
        for payment in payments:
            payment.move = payment.get_move(
                Period.find(payment.company, date=payment.date))
            moves.append(payment.move)
        Move.save(moves)
        Move.post(moves)
        for payment in payments:
            payment.state = 'posted'
        cls.save(payments)
        cls.allocate_credit({p.party for p in payments}, first=receipts)

    @classmethod
    def _check_disbursements(cls, payments):
        "Refuse to pay back more than the credit of the client"
        disbursed = defaultdict(lambda: ZERO)
        for payment in payments:
            if payment.kind == 'disbursement':
                disbursed[payment.party] += payment.amount
        if not disbursed:
            return
        cls.lock_parties(disbursed)
        credits = cls.get_credits(disbursed)
        for party, amount in disbursed.items():
            if amount > credits.get(party.id, ZERO):
                raise PaymentPostError(gettext(
                        'insurance_receipt.msg_payment_disbursement_credit',
                        party=party.rec_name, amount=amount,
                        credit=credits.get(party.id, ZERO)))

    @classmethod
    @ModelView.button
    @Workflow.transition('rejected')
    def reject(cls, payments):
        """Reject the payments (a returned direct debit, a bounced cheque):
        post the reversing move and reopen the receipts they paid"""
        pool = Pool()
        Move = pool.get('account.move')
        Receipt = pool.get('insurance.receipt')
        Allocation = pool.get('insurance.payment.allocation')
        allocations = [a for p in payments for a in p.allocations]
        Receipt.lock({a.receipt for a in allocations})
        reject_moves = []
        for payment in payments:
            payment.reject_move = payment.move.cancel(reversal=True)
            reject_moves.append(payment.reject_move)
            # rejected before the credit is computed again below
            payment.state = 'rejected'
        Move.post(reject_moves)
        cls.save(payments)
        amounts = defaultdict(lambda: ZERO)
        for allocation in allocations:
            amounts[allocation.receipt] -= allocation.amount
        Allocation.delete(allocations)
        Receipt.add_paid(amounts)
        cls.allocate_credit({p.party for p in payments})

    @classmethod
    def lock_parties(cls, parties):
        "Lock the posted payments of the parties while their credit is used"
        cls.lock(cls.search([
                    ('party', 'in', [p.id for p in parties]),
                    ('state', '=', 'posted'),
                    ]))

    @classmethod
    def get_credits(cls, parties):
        """Return the credit of each party (dict id: amount): collected less
        disbursed less allocated, on posted payments"""
        pool = Pool()
        Allocation = pool.get('insurance.payment.allocation')
        payment = cls.__table__()
        allocation = Allocation.__table__()
        cursor = Transaction().connection.cursor()
        allocated = allocation.select(
            allocation.payment, Sum(allocation.amount).as_('amount'),
            group_by=allocation.payment)
        signed = Case((payment.kind == 'collection', payment.amount),
            else_=-payment.amount)
        result = {}
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice([p.id for p in parties], in_max):
            cursor.execute(*payment.join(allocated, 'LEFT',
                    condition=allocated.payment == payment.id).select(
                    payment.party,
                    Sum(signed - Coalesce(allocated.amount, ZERO)),
                    where=fields.SQL_OPERATORS['in'](payment.party, sub_ids)
                    & (payment.state == 'posted'),
                    group_by=payment.party))
            for party_id, amount in cursor:
                result[party_id] = _decimal(amount)
        return result

    @classmethod
    def allocate_credit(cls, parties, first=None):
        """Use the credit of the parties to pay their open receipts: the
        receipts of first if given, then the oldest"""
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Allocation = pool.get('insurance.payment.allocation')
        credits = {k: v for k, v in cls.get_credits(parties).items() if v > 0}
        if not credits:
            return
        receipts = Receipt.search([
                ('client', 'in', list(credits)),
                ('state', '=', 'posted'),
                ], order=[('due_date', 'ASC'), ('id', 'ASC')])
        if not receipts:
            return
        if first:
            first_ids = {r.id for r in first}
            receipts.sort(key=lambda r: r.id not in first_ids)
        Receipt.lock(receipts)
        cls.lock_parties({r.client for r in receipts})
        sources = cls._credit_sources(list(credits))
        allocations, amounts = [], defaultdict(lambda: ZERO)
        for receipt in receipts:
            party = receipt.client.id
            due = receipt.amount_to_pay
            while due > 0 and credits[party] > 0 and sources[party]:
                payment, available = sources[party][0]
                amount = min(due, available, credits[party])
                allocations.append(Allocation(
                        payment=payment, receipt=receipt, amount=amount))
                amounts[receipt] += amount
                due -= amount
                credits[party] -= amount
                if amount == available:
                    sources[party].pop(0)
                else:
                    sources[party][0] = (payment, available - amount)
        Allocation.save(allocations)
        Receipt.add_paid(amounts)

    @classmethod
    def _credit_sources(cls, party_ids):
        """Return per party the list of (payment, unallocated amount) of its
        posted collections, the oldest first"""
        payments = cls.search([
                ('party', 'in', party_ids),
                ('state', '=', 'posted'),
                ('kind', '=', 'collection'),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        sources = defaultdict(list)
        for payment in payments:
            available = payment.amount - payment.amount_allocated
            if available > 0:
                sources[payment.party.id].append((payment, available))
        return sources


class Allocation(ModelSQL, ModelView):
    "Payment Allocation"
    __name__ = 'insurance.payment.allocation'
    payment = fields.Many2One(
        'insurance.payment', "Payment", required=True, ondelete='CASCADE',
        readonly=True)
    receipt = fields.Many2One(
        'insurance.receipt', "Receipt", required=True, ondelete='CASCADE',
        readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        readonly=True, domain=[('amount', '>', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.update({'payment', 'receipt'})
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.payment, Index.Range())),
                Index(t, (t.receipt, Index.Range())),
                })

    @fields.depends('payment', '_parent_payment.company')
    def on_change_with_currency(self, name=None):
        if self.payment and self.payment.company:
            return self.payment.company.currency


class CreditMessage(ActionMessageWizard):
    "Tell the overpayments kept as credit"
    __name__ = 'insurance.payment.credit_message'

    def default_start(self, fields):
        Lang = Pool().get('ir.lang')
        lang = Lang.get()
        return {'message': '\n'.join(
                gettext('insurance_receipt.msg_payment_credit',
                    amount=lang.currency(
                        p.credit_left, p.currency, grouping=True),
                    party=p.party.rec_name)
                for p in self.records if p.credit_left)}

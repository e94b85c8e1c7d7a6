# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Delegated settlement of claims, with the insurance_receipt module

The firm pays the indemnities of the insurers who delegate the settlement of
their claims from the client-funds bank account and collects the recourse
recoveries there.  Each payment or recovery is a posted move through the
claim settlement account (with the insurer as party); the claim statement
(bordereau de sinistres) of an insurer for a period transfers the net amount
of its payments and recoveries to the insurer's account."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ClaimAmountError, ClaimSettlementError

ZERO = Decimal(0)

settlement_account = fields.Many2One(
    'account.account', "Claim Settlement Account",
    domain=[
        ('closed', '!=', True),
        ('party_required', '=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ],
    help="The account (467) where the indemnities paid and the recoveries "
    "collected for the insurers wait for their claim statement.")


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.claim.configuration'
    settlement_account = fields.MultiValue(settlement_account)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'settlement_account':
            return pool.get('insurance.claim.configuration.account')
        return super().multivalue_model(field)


class ConfigurationAccount(ModelSQL, CompanyValueMixin):
    "Claim Configuration Account"
    __name__ = 'insurance.claim.configuration.account'
    settlement_account = fields.Many2One(
        'account.account', "Claim Settlement Account",
        domain=[('company', '=', Eval('company', -1))])


class Claim(metaclass=PoolMeta):
    __name__ = 'insurance.claim'
    delegated_settlement = fields.Boolean(
        "Delegated Settlement",
        states={
            'readonly': Eval('state').in_(['closed', 'refused']),
            },
        help="The firm settles the claim for the insurer: it pays the "
        "indemnities from the client-funds account.")
    settlements = fields.One2Many(
        'insurance.claim.settlement', 'claim', "Payments and Recoveries",
        states={
            'invisible': ~Eval('delegated_settlement'),
            })
    recourse_state = fields.Selection([
            (None, ""),
            ('pending', "Pending"),
            ('recovered', "Recovered"),
            ('abandoned', "Abandoned"),
            ], "Recourse", sort=False,
        help="Where the recourse against the third party liable stands.")
    recourse_party = fields.Many2One(
        'party.party', "Recourse Against", ondelete='RESTRICT',
        states={
            'invisible': ~Eval('recourse_state'),
            },
        help="The third party liable, or its insurer.")
    recourse_amount = Monetary(
        "Recourse Amount", currency='currency', digits='currency',
        states={
            'invisible': ~Eval('recourse_state'),
            },
        help="The amount claimed from the third party.")
    indemnity_paid = fields.Function(Monetary(
            "Indemnities Paid", currency='currency', digits='currency'),
        'get_settled_amounts')
    recourse_recovered = fields.Function(Monetary(
            "Recovered", currency='currency', digits='currency'),
        'get_settled_amounts')

    @classmethod
    def default_delegated_settlement(cls):
        return False

    @classmethod
    def get_settled_amounts(cls, claims, names):
        kinds = {
            'indemnity_paid': 'indemnity',
            'recourse_recovered': 'recourse',
            }
        result = {n: {c.id: ZERO for c in claims} for n in names}
        for claim in claims:
            for settlement in claim.settlements:
                if settlement.state != 'posted':
                    continue
                for name in names:
                    if settlement.kind == kinds[name]:
                        result[name][claim.id] += settlement.amount
        return result

    @classmethod
    def check_amounts(cls, claims, field_names=None):
        super().check_amounts(claims, field_names)
        if field_names and 'recourse_amount' not in field_names:
            return
        for claim in claims:
            if claim.recourse_amount is not None and claim.recourse_amount < 0:
                raise ClaimAmountError(gettext(
                        'insurance_claim.msg_claim_negative_amount',
                        claim=claim.rec_name,
                        field=cls.__names__('recourse_amount')['field']))


class Settlement(Workflow, ModelSQL, ModelView):
    "Claim Payment or Recovery"
    __name__ = 'insurance.claim.settlement'
    _states = {
        'readonly': Eval('state') != 'draft',
        }
    claim = fields.Many2One(
        'insurance.claim', "Claim", required=True, ondelete='RESTRICT',
        domain=[('delegated_settlement', '=', True)], states=_states)
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    insurer = fields.Function(fields.Many2One(
            'party.party', "Insurer"),
        'on_change_with_insurer', searcher='search_insurer')
    kind = fields.Selection([
            ('indemnity', "Indemnity Payment"),
            ('recourse', "Recourse Recovery"),
            ], "Kind", required=True, states=_states,
        help="An indemnity paid to the client or a third party, or an "
        "amount recovered from the third party liable.")
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='RESTRICT',
        states=_states,
        help="Who is paid the indemnity, or who pays the recovery.")
    date = fields.Date("Date", required=True, states=_states)
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        domain=[('amount', '>', 0)], states=_states)
    description = fields.Char("Description", states=_states)
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')
    statement = fields.Many2One(
        'insurance.claim.statement', "Statement", readonly=True,
        ondelete='SET NULL',
        help="The claim statement which reported the amount to the insurer.")
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('claim')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_kind(cls):
        return 'indemnity'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('claim', '_parent_claim.company')
    def on_change_with_company(self, name=None):
        return self.claim.company if self.claim else None

    @fields.depends('claim', '_parent_claim.company')
    def on_change_with_currency(self, name=None):
        return self.claim.company.currency if self.claim else None

    @fields.depends('claim', '_parent_claim.policy')
    def on_change_with_insurer(self, name=None):
        return self.claim.policy.insurer if self.claim else None

    @classmethod
    def search_insurer(cls, name, clause):
        return [('claim.policy.insurer', *clause[1:])]

    @fields.depends('claim', 'kind', 'party', '_parent_claim.client',
        '_parent_claim.recourse_party')
    def on_change_kind(self):
        "Propose the client as payee and the third party liable as payer"
        if not self.claim:
            return
        proposals = {
            'indemnity': self.claim.client,
            'recourse': self.claim.recourse_party,
            }
        if not self.party or self.party in proposals.values():
            self.party = proposals.get(self.kind)

    @fields.depends(methods=['on_change_kind'])
    def on_change_claim(self):
        self.on_change_kind()

    def get_rec_name(self, name):
        return '%s - %s' % (self.claim.rec_name, self.date)

    @classmethod
    def check_modification(
            cls, mode, settlements, values=None, external=False):
        super().check_modification(
            mode, settlements, values=values, external=external)
        if mode == 'delete':
            for settlement in settlements:
                if settlement.state == 'posted':
                    raise ClaimSettlementError(gettext(
                            'insurance_claim.msg_settlement_delete_posted',
                            settlement=settlement.rec_name))

    @classmethod
    def copy(cls, settlements, default=None):
        default = default.copy() if default is not None else {}
        for name in ['move', 'statement']:
            default.setdefault(name, None)
        return super().copy(settlements, default=default)

    def get_move(self, period):
        "Return the unsaved move of the payment or the recovery"
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        accounts = get_accounts(self.company)
        debit, credit = self.amount, ZERO
        if self.kind == 'recourse':
            debit, credit = credit, debit
        return Move(
            company=self.company, period=period, date=self.date,
            journal=accounts['journal'], origin=self,
            description=self.description or self.claim.rec_name,
            lines=[
                Line(account=accounts['settlement'], party=self.insurer,
                    debit=debit, credit=credit),
                Line(account=accounts['funds'], debit=credit, credit=debit),
                ])

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, settlements):
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        moves = []
        for settlement in settlements:
            settlement.move = settlement.get_move(
                Period.find(settlement.company, date=settlement.date))
            moves.append(settlement.move)
        Move.save(moves)
        Move.post(moves)
        cls.save(settlements)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, settlements):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, settlements):
        pass


def get_accounts(company):
    "Return the accounts and journal of the settlement moves of the company"
    pool = Pool()
    ReceiptConfiguration = pool.get('insurance.receipt.configuration')
    ClaimConfiguration = pool.get('insurance.claim.configuration')
    receipt_config = ReceiptConfiguration(1)
    accounts = {
        'funds': receipt_config.get_multivalue(
            'client_funds_account', company=company.id),
        'journal': receipt_config.get_multivalue(
            'payment_journal', company=company.id),
        'settlement': ClaimConfiguration(1).get_multivalue(
            'settlement_account', company=company.id),
        }
    if not all(accounts.values()):
        raise ClaimSettlementError(gettext(
                'insurance_claim.msg_settlement_no_account',
                company=company.rec_name))
    return accounts


class Statement(Workflow, ModelSQL, ModelView):
    "Claim Statement"
    __name__ = 'insurance.claim.statement'
    _states = {
        'readonly': Eval('state') != 'draft',
        }
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states)
    start_date = fields.Date(
        "Start Date", required=True, states=_states,
        domain=[('start_date', '<=', Eval('end_date', None))])
    end_date = fields.Date(
        "End Date", required=True, states=_states,
        domain=[('end_date', '>=', Eval('start_date', None))])
    date = fields.Date(
        "Date", required=True, states=_states,
        help="The accounting date of the statement.")
    settlements = fields.One2Many(
        'insurance.claim.settlement', 'statement', "Payments and Recoveries",
        readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    indemnity_amount = fields.Function(Monetary(
            "Indemnities", currency='currency', digits='currency'),
        'get_amounts')
    recourse_amount = fields.Function(Monetary(
            "Recoveries", currency='currency', digits='currency'),
        'get_amounts')
    balance = fields.Function(Monetary(
            "Balance", currency='currency', digits='currency',
            help="The amount the insurer owes the firm."),
        'get_amounts')
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('end_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            }
        cls._buttons.update({
                'fill': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'post': {
                    'invisible': Eval('state') != 'draft',
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
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return '%s %s - %s' % (
            self.insurer.rec_name, self.start_date, self.end_date)

    @classmethod
    def get_amounts(cls, statements, names):
        result = {n: {} for n in names}
        for statement in statements:
            amounts = {'indemnity': ZERO, 'recourse': ZERO}
            for settlement in statement.settlements:
                amounts[settlement.kind] += settlement.amount
            values = {
                'indemnity_amount': amounts['indemnity'],
                'recourse_amount': amounts['recourse'],
                'balance': amounts['indemnity'] - amounts['recourse'],
                }
            for name in names:
                result[name][statement.id] = values[name]
        return result

    @classmethod
    @ModelView.button
    def fill(cls, statements):
        "Add the posted payments and recoveries not yet reported"
        Settlement = Pool().get('insurance.claim.settlement')
        to_write = []
        for statement in statements:
            settlements = Settlement.search([
                    ('claim.company', '=', statement.company.id),
                    ('insurer', '=', statement.insurer.id),
                    ('state', '=', 'posted'),
                    ('statement', '=', None),
                    ('date', '>=', statement.start_date),
                    ('date', '<=', statement.end_date),
                    ])
            if settlements:
                to_write.extend((settlements, {'statement': statement.id}))
        if to_write:
            Settlement.write(*to_write)

    def get_move(self, period):
        "Return the unsaved move transferring the balance to the insurer"
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        accounts = get_accounts(self.company)
        insurer_account = self.insurer.account_payable_used
        if not insurer_account:
            raise ClaimSettlementError(gettext(
                    'insurance_claim.msg_statement_no_insurer_account',
                    insurer=self.insurer.rec_name))
        debit, credit = self.balance, ZERO
        if debit < 0:
            debit, credit = credit, -debit
        return Move(
            company=self.company, period=period, date=self.date,
            journal=accounts['journal'], origin=self,
            description=self.rec_name,
            lines=[
                Line(account=insurer_account, party=self.insurer,
                    debit=debit, credit=credit),
                Line(account=accounts['settlement'], party=self.insurer,
                    debit=credit, credit=debit),
                ])

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, statements):
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        cls.fill(statements)
        statements = cls.browse(statements)
        moves = []
        for statement in statements:
            if not statement.settlements:
                raise ClaimSettlementError(gettext(
                        'insurance_claim.msg_statement_empty',
                        statement=statement.rec_name))
            statement.move = statement.get_move(
                Period.find(statement.company, date=statement.date))
            moves.append(statement.move)
        Move.save(moves)
        Move.post(moves)
        cls.save(statements)

    @classmethod
    def check_modification(
            cls, mode, statements, values=None, external=False):
        super().check_modification(
            mode, statements, values=values, external=external)
        if mode == 'delete':
            for statement in statements:
                if statement.state == 'posted':
                    raise ClaimSettlementError(gettext(
                            'insurance_claim.msg_statement_delete_posted',
                            statement=statement.rec_name))


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + [
            'insurance.claim.settlement', 'insurance.claim.statement']

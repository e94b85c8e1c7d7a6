# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Workflow, fields,
    sequence_ordered)
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance_document.requirement import (
    DocumentRequirementMixin, line_of_business_rule_domain)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .exceptions import (
    ClaimAmountError, ClaimCoverError, ClaimDateError, ClaimDeleteError)

OPEN_STATES = ['declared', 'in_progress', 'expertise', 'settled']
CLOSED_STATES = ['closed', 'refused']
AMOUNTS = ['cost', 'deductible', 'compensation']


class ClaimKind(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Claim Type"
    __name__ = 'insurance.claim.kind'
    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char(
        "Code", strip=True,
        help="Short code used by imports and integrations.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business",
        ondelete='RESTRICT',
        help="The line of business of the contracts the type applies to.\n"
        "Leave empty for all lines of business.")


class Claim(DocumentRequirementMixin, Workflow, ModelSQL, ModelView):
    "Claim"
    __name__ = 'insurance.claim'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state').in_(CLOSED_STATES),
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={
            'readonly': True,
            })
    number = fields.Char(
        "Number", readonly=True,
        help="The internal number of the claim, given when it is recorded.")
    insurer_reference = fields.Char(
        "Insurer Claim Number", strip=True, states=_states,
        help="The number given to the claim by the insurer.")
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        domain=[('client_status', '!=', None)],
        states={
            'readonly': Eval('state') != 'declared',
            },
        help="The policyholder who declares the claim.")
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('client')),
                ('client', '=', Eval('client', -1)),
                ()),
            ('state', '!=', 'draft'),
            ],
        states={
            'readonly': Eval('state') != 'declared',
            },
        help="The contract which covers the claim.")
    insurer = fields.Function(fields.Many2One(
            'party.party', "Insurer"),
        'on_change_with_insurer', searcher='search_policy_field')
    line_of_business = fields.Function(fields.Many2One(
            'insurance.line_of_business', "Line of Business"),
        'on_change_with_line_of_business', searcher='search_policy_field')
    kind = fields.Many2One(
        'insurance.claim.kind', "Type", required=True, ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('line_of_business')),
                ['OR',
                    ('line_of_business', '=', None),
                    ('line_of_business', '=', Eval('line_of_business', -1)),
                    ],
                []),
            ],
        states=_states,
        help="The type of claim; it decides the documents to collect.")
    severity = fields.Selection([
            (None, ""),
            ('low', "Low"),
            ('medium', "Medium"),
            ('high', "High"),
            ('very_high', "Very High"),
            ], "Severity", sort=False, states=_states,
        help="How serious the claim is.")
    state = fields.Selection([
            ('declared', "Declared"),
            ('in_progress', "In Progress"),
            ('expertise', "Under Expertise"),
            ('settled', "Settled"),
            ('closed', "Closed"),
            ('refused', "Refused"),
            ], "State", readonly=True, required=True, sort=False,
        help="Where the handling of the claim stands.")
    occurred_date = fields.Date(
        "Occurred Date", required=True, states=_states,
        help="When the loss happened.")
    declared_date = fields.Date(
        "Declared Date", required=True, states=_states,
        help="When the client declared the claim to the firm.")
    closing_date = fields.Date(
        "Closing Date", readonly=True,
        help="When the claim was closed or refused.")
    liability_rate = fields.Selection([
            (None, ""),
            ('0', "0 %"),
            ('50', "50 %"),
            ('100', "100 %"),
            ], "Liability", sort=False, states=_states,
        help="The share of liability of the client (responsabilité "
        "civile): 0 % not at fault, 50 % shared, 100 % at fault.")
    expert = fields.Char(
        "Expert", strip=True, states=_states,
        help="The name of the loss adjuster appointed by the insurer.")
    expert_phone = fields.Char("Expert Phone", strip=True, states=_states)
    expert_firm = fields.Char(
        "Expert Firm", strip=True, states=_states,
        help="The firm of the loss adjuster.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    cost = Monetary(
        "Cost", currency='currency', digits='currency', states=_states,
        help="The amount of the loss.")
    deductible = Monetary(
        "Deductible", currency='currency', digits='currency',
        states=_states,
        help="The part of the loss borne by the client (franchise).")
    compensation = Monetary(
        "Compensation Received", currency='currency', digits='currency',
        states=_states,
        help="The indemnity paid by the insurer.")
    victims = fields.One2Many(
        'insurance.claim.victim', 'claim', "Victims", states=_states,
        help="The persons injured or harmed in the claim.")
    notes = fields.Text("Notes")

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('declared_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('declared', 'in_progress'),
            ('declared', 'expertise'),
            ('declared', 'refused'),
            ('in_progress', 'expertise'),
            ('in_progress', 'settled'),
            ('in_progress', 'refused'),
            ('expertise', 'in_progress'),
            ('expertise', 'settled'),
            ('expertise', 'refused'),
            ('settled', 'closed'),
            ('settled', 'in_progress'),
            ('closed', 'in_progress'),
            ('refused', 'in_progress'),
            }
        cls._buttons.update({
                'process': {
                    'invisible': ~Eval('state').in_(
                        ['declared', 'expertise']),
                    'depends': ['state'],
                    },
                'request_expertise': {
                    'invisible': ~Eval('state').in_(
                        ['declared', 'in_progress']),
                    'depends': ['state'],
                    },
                'settle': {
                    'invisible': ~Eval('state').in_(
                        ['in_progress', 'expertise']),
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'settled',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(
                        ['declared', 'in_progress', 'expertise']),
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': ~Eval('state').in_(
                        ['settled', 'closed', 'refused']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'declared'

    @classmethod
    def default_declared_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('policy', '_parent_policy.insurer')
    def on_change_with_insurer(self, name=None):
        return self.policy.insurer if self.policy else None

    @fields.depends('policy', '_parent_policy.line_of_business')
    def on_change_with_line_of_business(self, name=None):
        return self.policy.line_of_business if self.policy else None

    @classmethod
    def search_policy_field(cls, name, clause):
        return [('policy.' + clause[0], *clause[1:])]

    @fields.depends(
        'client', '_parent_client.id', 'policy', '_parent_policy.client')
    def on_change_client(self):
        if self.policy and self.policy.client != self.client:
            self.policy = None

    @fields.depends(
        'policy', 'client', '_parent_client.id', 'kind',
        '_parent_policy.client',
        '_parent_policy.line_of_business', '_parent_kind.line_of_business')
    def on_change_policy(self):
        if not self.policy:
            return
        if not self.client:
            self.client = self.policy.client
        if (self.kind and self.kind.line_of_business
                and self.kind.line_of_business
                != self.policy.line_of_business):
            self.kind = None

    def get_rec_name(self, name):
        label = self.number or '(%s)' % self.id
        if self.client:
            return '%s - %s' % (label, self.client.rec_name)
        return label

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number', operator, operand, *extra),
            ('insurer_reference', operator, operand, *extra),
            ('client.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('state').in_(CLOSED_STATES), 'muted',
                    If(Eval('severity').in_(['high', 'very_high']),
                        'danger', ''))),
            ]

    # Numbering and checks

    @classmethod
    def set_number(cls, claims):
        """Number the claims without a number

        It runs once the claims are valid, so that a refused claim does not
        use a number."""
        pool = Pool()
        Configuration = pool.get('insurance.claim.configuration')
        configuration = Configuration(1)
        to_write = []
        for claim in claims:
            if claim.number:
                continue
            sequence = configuration.get_multivalue(
                'claim_sequence', company=claim.company.id)
            to_write.extend(([claim], {'number': sequence.get()}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def validate_fields(cls, claims, field_names):
        super().validate_fields(claims, field_names)
        cls.check_dates(claims, field_names)
        cls.check_amounts(claims, field_names)

    @classmethod
    def check_dates(cls, claims, field_names=None):
        if field_names and not (field_names & {
                    'occurred_date', 'declared_date', 'policy'}):
            return
        for claim in claims:
            if claim.occurred_date > claim.declared_date:
                raise ClaimDateError(gettext(
                        'insurance_claim.msg_claim_occurred_after_declared',
                        claim=claim.rec_name,
                        occurred_date=claim.occurred_date,
                        declared_date=claim.declared_date))
            claim.check_cover()

    def check_cover(self):
        "Raise an error if the claim occurred outside the contract's cover"
        policy = self.policy
        ends = [d for d in [policy.end_date, policy.termination_date] if d]
        end = min(ends) if ends else None
        if ((policy.start_date and self.occurred_date < policy.start_date)
                or (end and self.occurred_date > end)):
            raise ClaimCoverError(gettext(
                    'insurance_claim.msg_claim_outside_cover',
                    claim=self.rec_name,
                    occurred_date=self.occurred_date,
                    policy=policy.rec_name,
                    start_date=policy.start_date or '',
                    end_date=end or ''))

    @classmethod
    def check_amounts(cls, claims, field_names=None):
        if field_names and not (field_names & set(AMOUNTS)):
            return
        for claim in claims:
            for fname in AMOUNTS:
                value = getattr(claim, fname)
                if value is not None and value < 0:
                    raise ClaimAmountError(gettext(
                            'insurance_claim.msg_claim_negative_amount',
                            claim=claim.rec_name,
                            field=cls.__names__(fname)['field']))

    @classmethod
    def check_modification(cls, mode, claims, values=None, external=False):
        super().check_modification(
            mode, claims, values=values, external=external)
        if mode == 'delete':
            for claim in claims:
                if claim.state != 'declared':
                    raise ClaimDeleteError(gettext(
                            'insurance_claim.msg_claim_delete_not_declared',
                            claim=claim.rec_name))

    @classmethod
    def copy(cls, claims, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number', None)
        default.setdefault('insurer_reference', None)
        default.setdefault('closing_date', None)
        return super().copy(claims, default=default)

    # Documents

    def _document_requirement_rule_domain(self):
        if not self.kind or not self.policy:
            return None
        return line_of_business_rule_domain(
            'claim', self.policy.line_of_business) + [
            ['OR',
                ('claim_kind', '=', None),
                ('claim_kind', '=', self.kind.id),
                ],
            ]

    @classmethod
    def _document_requirement_fields(cls):
        return super()._document_requirement_fields() | {'kind', 'policy'}

    @classmethod
    def _document_requirement_retroactive_domain(cls):
        return [('state', 'in', OPEN_STATES)]

    @classmethod
    def on_modification(cls, mode, claims, field_names=None):
        super().on_modification(mode, claims, field_names=field_names)
        if mode == 'create':
            cls.set_number(claims)

    # Workflow

    @classmethod
    def _set_closing_date(cls, claims, date):
        to_write = [c for c in claims if c.closing_date != date]
        if to_write:
            cls.write(to_write, {'closing_date': date})

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def process(cls, claims):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('expertise')
    def request_expertise(cls, claims):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('settled')
    def settle(cls, claims):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, claims):
        cls._set_closing_date(claims, Pool().get('ir.date').today())

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, claims):
        cls._set_closing_date(claims, Pool().get('ir.date').today())

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def reopen(cls, claims):
        cls._set_closing_date(claims, None)


class ClaimVictim(ModelSQL, ModelView):
    "Claim Victim"
    __name__ = 'insurance.claim.victim'
    claim = fields.Many2One(
        'insurance.claim', "Claim", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    injuries = fields.Text(
        "Injuries", help="The injuries or damage suffered by the victim.")
    contact = fields.Char(
        "Contact", help="How to reach the victim: phone, email or address.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('claim')

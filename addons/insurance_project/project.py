# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.action import ActionMessageWizard
from trytond.modules.insurance_document.requirement import (
    DocumentRequirementMixin, line_of_business_rule_domain)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import ProjectStateError

_OPEN = {
    'readonly': Eval('state') != 'in_progress',
    }
_PERCENT = (16, 2)


class Project(DocumentRequirementMixin, Workflow, ModelSQL, ModelView):
    "Insurance Project"
    __name__ = 'insurance.project'
    _rec_name = 'number'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={'readonly': True})
    number = fields.Char(
        "File Number", readonly=True,
        help="The number of the project file, given at creation.")
    title = fields.Char("Title", required=True, states=_OPEN)
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        domain=[('client_status', '!=', None)],
        states={
            'readonly': Eval('state') != 'in_progress',
            },
        help="The client or prospect the project is for.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True,
        ondelete='RESTRICT', states=_OPEN,
        help="The kind of insurance sought (typologie); it decides the "
        "pipeline stages, the required documents and the comparators.")
    project_type = fields.Selection([
            ('new', "New Business"),
            ('replacement', "Replacement"),
            ('additional', "Additional Cover"),
            ('renegotiation', "Renegotiation"),
            ], "Type", required=True, sort=False, states=_OPEN,
        help="Whether the project brings a new contract or replaces or "
        "improves an existing one.")
    context = fields.Selection([
            ('pre_sale', "Pre-Sale"),
            ('after_sale', "After-Sale"),
            ], "Context", required=True, sort=False, states=_OPEN)
    state = fields.Selection([
            ('in_progress', "In Progress"),
            ('won', "Won"),
            ('abandoned', "Abandoned"),
            ], "State", readonly=True, required=True, sort=False)
    stage = fields.Many2One(
        'insurance.project.stage', "Stage", ondelete='RESTRICT',
        domain=['OR',
            ('line_of_business', '=', None),
            ('line_of_business', '=', Eval('line_of_business', -1)),
            ],
        states=_OPEN,
        help="Where the project stands in the pipeline of its line of "
        "business.")
    stage_color = fields.Function(
        fields.Char("Stage Colour"), 'on_change_with_stage_color')
    progress = fields.Function(fields.Float(
            "Progress", digits=(1, 2),
            help="The position of the stage in the pipeline."),
        'get_progress')
    priority_flag = fields.Boolean(
        "Priority Project", states=_OPEN,
        help="Check to put the project at the top of the lists.")
    priority = fields.Selection([
            ('low', "Low"),
            ('medium', "Medium"),
            ('high', "High"),
            ], "Priority", required=True, sort=False, states=_OPEN)
    chance = fields.Selection([
            ('low', "Low"),
            ('medium', "Medium"),
            ('high', "High"),
            ], "Chance of Success", required=True, sort=False, states=_OPEN)
    document_control = fields.Boolean(
        "Document Control", states=_OPEN,
        help="If checked, the documents required for the line of business "
        "are requested and controlled.")
    owner = fields.Many2One(
        'company.employee', "Project Manager", required=True,
        ondelete='RESTRICT', states=_OPEN,
        help="The collaborator in charge of the project "
        "(chargé de projet), who owns the file.")
    deadline = fields.Date(
        "Deadline", states=_OPEN,
        help="The date by which the project must be concluded.")
    file_date = fields.Date(
        "File Date", required=True, states=_OPEN,
        help="The creation date of the project file; chosen again when "
        "an abandoned project is resumed.")
    origin = fields.Many2One(
        'insurance.client.origin', "Origin", ondelete='RESTRICT',
        states=_OPEN, help="Where the project comes from.")

    insurer = fields.Many2One(
        'party.party', "Insurer", ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_OPEN,
        help="The insurer foreseen; filled from the chosen study.")
    product = fields.Many2One(
        'insurance.product', "Product", ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('insurer')),
                ('insurer', '=', Eval('insurer', -1)), ()),
            ('line_of_business', '=', Eval('line_of_business', -1)),
            ],
        states=_OPEN)
    formula = fields.Many2One(
        'insurance.product.formula', "Formula", ondelete='RESTRICT',
        domain=[('product', '=', Eval('product', -1))],
        states={
            'readonly': (Eval('state') != 'in_progress') | ~Eval('product'),
            })
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=_PERCENT, states=_OPEN,
        help="The commission on the first-year premium, in percent.")
    renewal_rate = fields.Numeric(
        "Renewal Rate (%)", digits=_PERCENT, states=_OPEN,
        help="The commission on the renewal premiums, in percent.")
    fee_type = fields.Selection([
            (None, ""),
            ('fixed', "Fixed Amount"),
            ('percent', "Percentage of Premium"),
            ], "Fee Type", states=_OPEN,
        help="How the broker's fees of the product are charged.")
    fee_amount = fields.Numeric(
        "Broker's Fees", digits=(16, 2), states=_OPEN,
        domain=['OR',
            ('fee_amount', '=', None),
            ('fee_amount', '>=', 0),
            ],
        help="The broker's fees charged once on the contract: an amount "
        "in euros or a percentage of the annual premium, according to the "
        "fee type.")
    start_date = fields.Date(
        "Effective Date", states=_OPEN,
        help="When the cover should start.")
    subscription_date = fields.Date(
        "Subscription Date", states=_OPEN,
        help="When the client signs (date d'adhésion).")
    reference = fields.Char(
        "Reference", strip=True, states=_OPEN,
        help="The reference of the application at the insurer.")
    remark = fields.Text("Remark", states=_OPEN)
    needs = fields.Text(
        "Needs", states=_OPEN,
        help="The client's needs and demands the offers answer (duty to "
        "advise), printed on the quote.")
    recommendation = fields.Text(
        "Recommendation", states=_OPEN,
        help="Why the firm recommends the retained offer, printed on the "
        "quote.")
    introducer = fields.Many2One(
        'party.party', "Introducer", ondelete='RESTRICT',
        domain=[('is_introducer', '=', True)], states=_OPEN,
        help="The business introducer who brought the project.")
    introducer_rate = fields.Numeric(
        "Introducer Rate (%)", digits=_PERCENT, states={
            'readonly': _OPEN['readonly'],
            'invisible': ~Eval('introducer'),
            },
        domain=['OR',
            ('introducer_rate', '=', None),
            [('introducer_rate', '>=', 0), ('introducer_rate', '<=', 100)],
            ],
        help="The share of the commission paid to the introducer for "
        "this deal, in percent.")
    asset = fields.Many2One(
        'insurance.asset', "Insured Asset", ondelete='RESTRICT',
        domain=[('owner', '=', Eval('client', -1))], states=_OPEN,
        help="The client's asset to insure: pick one of the client's or "
        "create it.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    studies = fields.One2Many(
        'insurance.project.study', 'project', "Studies", states=_OPEN,
        help="The offers of the insurers for the project.")
    chosen_study = fields.Function(fields.Many2One(
            'insurance.project.study', "Chosen Study"), 'get_chosen_study')
    annual_premium = fields.Function(Monetary(
            "Annual Premium", currency='currency', digits='currency',
            help="The yearly premium of the chosen study."),
        'get_chosen_values')
    policy = fields.Many2One(
        'insurance.policy', "Contract", readonly=True, ondelete='SET NULL',
        states={'invisible': ~Eval('policy')},
        help="The contract the project was transformed into.")
    abandon_reason = fields.Many2One(
        'insurance.client.abandon_reason', "Abandon Reason",
        ondelete='RESTRICT', readonly=True,
        states={
            'invisible': Eval('state') != 'abandoned',
            },
        help="Why the project was abandoned.")
    abandon_date = fields.Date(
        "Abandon Date", readonly=True,
        states={'invisible': Eval('state') != 'abandoned'})
    notepad = fields.Text(
        "Notepad", help="Internal notes, never shown to the client.")
    comments = fields.One2Many(
        'insurance.project.comment', 'project', "Comments")
    synthesis = fields.Function(fields.Text(
            "Synthesis Note",
            help="The comments marked for the synthesis, newest first."),
        'get_synthesis')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('priority_flag', 'DESC'),
            ('deadline', 'ASC NULLS LAST'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('in_progress', 'won'),
            ('in_progress', 'abandoned'),
            ('abandoned', 'in_progress'),
            }
        cls._buttons.update({
                'get_quotes': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'transform': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'abandon': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'resume': {
                    'invisible': Eval('state') != 'abandoned',
                    'depends': ['state'],
                    },
                'next_stage': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'in_progress'

    @classmethod
    def default_project_type(cls):
        return 'new'

    @classmethod
    def default_context(cls):
        return 'pre_sale'

    @classmethod
    def default_priority(cls):
        return 'medium'

    @classmethod
    def default_chance(cls):
        return 'medium'

    @classmethod
    def default_priority_flag(cls):
        return False

    @classmethod
    def default_document_control(cls):
        return False

    @classmethod
    def default_owner(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_file_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('stage')
    def on_change_with_stage_color(self, name=None):
        return self.stage.color if self.stage else None

    @fields.depends('stage', 'line_of_business')
    def on_change_with_progress(self, name=None):
        Stage = Pool().get('insurance.project.stage')
        return self._progress(Stage.pipeline(self.line_of_business))

    @classmethod
    def get_progress(cls, projects, name):
        Stage = Pool().get('insurance.project.stage')
        pipelines = {}
        result = {}
        for project in projects:
            lob = project.line_of_business
            if lob not in pipelines:
                pipelines[lob] = Stage.pipeline(lob)
            result[project.id] = project._progress(pipelines[lob])
        return result

    def _progress(self, stages):
        "Return the position of the stage among the stages, from 0 to 1"
        if not self.stage or self.stage not in stages:
            return 0.
        return round((stages.index(self.stage) + 1) / len(stages), 2)

    @fields.depends('line_of_business', 'stage', 'product')
    def on_change_line_of_business(self):
        Stage = Pool().get('insurance.project.stage')
        if self.product and (
                self.product.line_of_business != self.line_of_business):
            self.product = None
        stages = Stage.pipeline(self.line_of_business)
        if self.stage not in stages:
            self.stage = stages[0] if stages else None

    @fields.depends(
        'product', 'insurer', 'formula', 'new_business_rate', 'renewal_rate',
        'fee_type', 'fee_amount')
    def on_change_product(self):
        if not self.product:
            return
        self.insurer = self.product.insurer
        if self.formula and self.formula.product != self.product:
            self.formula = None
        rate = self.product.default_rate
        if rate:
            self.new_business_rate = rate.new_business_rate
            self.renewal_rate = rate.renewal_rate
            self.fee_type = rate.fee_type
            self.fee_amount = rate.fee_amount

    @fields.depends(
        'client', 'introducer', 'origin', 'asset',
        '_parent_client.introducer', '_parent_client.origin')
    def on_change_client(self):
        if not self.client:
            return
        if self.client.introducer and not self.introducer:
            self.introducer = self.client.introducer
        if self.client.origin and not self.origin:
            self.origin = self.client.origin
        if self.asset and self.asset.owner != self.client:
            self.asset = None

    @classmethod
    def get_chosen_study(cls, projects, name):
        return {
            p.id: next((s.id for s in p.studies if s.chosen), None)
            for p in projects}

    @classmethod
    def get_chosen_values(cls, projects, name):
        result = {}
        for project in projects:
            study = project.chosen_study
            result[project.id] = getattr(study, name) if study else None
        return result

    def get_synthesis(self, name):
        return '\n\n'.join(
            '%s — %s' % (c.date, c.text)
            for c in self.comments if c.synthesis) or None

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('state') == 'abandoned', 'muted',
                    If(Eval('state') == 'won', 'success',
                        If(Bool(Eval('priority_flag')), 'warning', '')))),
            ('/tree/field[@name="stage"]', 'visual',
                If(Eval('state') == 'abandoned', 'muted', '')),
            ]

    def get_rec_name(self, name):
        label = self.number or '(%s)' % self.id
        return '%s - %s' % (label, self.title) if self.title else label

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number', operator, operand, *extra),
            ('title', operator, operand, *extra),
            ('client.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = cls._new_number()
        if mode == 'create' and not values.get('stage'):
            values['stage'] = cls._first_stage(values.get('line_of_business'))
        return values

    @classmethod
    def _new_number(cls):
        Configuration = Pool().get('insurance.project.configuration')
        sequence = Configuration(1).project_sequence
        return sequence.get() if sequence else None

    @classmethod
    def _first_stage(cls, line_of_business_id):
        pool = Pool()
        Stage = pool.get('insurance.project.stage')
        LineOfBusiness = pool.get('insurance.line_of_business')
        lob = (LineOfBusiness(line_of_business_id)
            if line_of_business_id is not None else None)
        stages = Stage.pipeline(lob)
        return stages[0].id if stages else None

    @classmethod
    def copy(cls, projects, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number', None)
        default.setdefault('policy', None)
        default.setdefault('abandon_reason', None)
        default.setdefault('abandon_date', None)
        default.setdefault('comments', None)
        default.setdefault('file_date', cls.default_file_date())
        return super().copy(projects, default=default)

    # Documents

    def _document_requirement_rule_domain(self):
        if not self.document_control or not self.line_of_business:
            return None
        return line_of_business_rule_domain('project', self.line_of_business)

    @classmethod
    def _document_requirement_fields(cls):
        return super()._document_requirement_fields() | {
            'document_control', 'line_of_business'}

    @classmethod
    def _document_requirement_retroactive_domain(cls):
        return [
            ('document_control', '=', True),
            ('state', '=', 'in_progress'),
            ]

    # Pipeline and workflow

    @classmethod
    @ModelView.button
    def next_stage(cls, projects):
        "Move the projects to the next stage of their pipeline"
        Stage = Pool().get('insurance.project.stage')
        pipelines = {}
        to_write = []
        for project in projects:
            lob = project.line_of_business
            if lob not in pipelines:
                pipelines[lob] = Stage.pipeline(lob)
            stages = pipelines[lob]
            if not stages:
                continue
            if project.stage in stages:
                index = min(
                    stages.index(project.stage) + 1, len(stages) - 1)
            else:
                index = 0
            if stages[index] != project.stage:
                to_write.extend(([project], {'stage': stages[index].id}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button_action('insurance_project.wizard_quotes_message')
    def get_quotes(cls, projects):
        "Ask every comparator of the line of business for offers"
        Connector = Pool().get('insurance.comparator.connector')
        cls._check_in_progress(projects)
        Connector.quote(projects)

    @classmethod
    def _check_in_progress(cls, projects):
        for project in projects:
            if project.state != 'in_progress':
                raise ProjectStateError(gettext(
                        'insurance_project.msg_project_not_in_progress',
                        project=project.rec_name))

    @classmethod
    @ModelView.button_action('insurance_project.wizard_project_transform')
    def transform(cls, projects):
        pass

    @classmethod
    @Workflow.transition('won')
    def win(cls, projects, policy):
        "Mark the projects as won by the policy"
        cls.write(list(projects), {'policy': policy.id})

    @classmethod
    @ModelView.button_action('insurance_project.wizard_project_abandon')
    def abandon(cls, projects):
        pass

    @classmethod
    @Workflow.transition('abandoned')
    def do_abandon(cls, projects, reason, date):
        "Abandon the projects for the reason"
        cls.write(list(projects), {
                'abandon_reason': reason.id,
                'abandon_date': date,
                })

    @classmethod
    @ModelView.button_action('insurance_project.wizard_project_resume')
    def resume(cls, projects):
        pass

    @classmethod
    @Workflow.transition('in_progress')
    def do_resume(cls, projects, date, restart=False):
        """Resume the projects with a new file date

        Restarting deletes the studies and goes back to the first stage."""
        Study = Pool().get('insurance.project.study')
        values = {
            'abandon_reason': None,
            'abandon_date': None,
            'file_date': date,
            }
        if restart:
            Study.delete([s for p in projects for s in p.studies])
            to_write = []
            first_stages = {}
            for project in projects:
                lob = project.line_of_business.id
                if lob not in first_stages:
                    first_stages[lob] = cls._first_stage(lob)
                to_write.extend(
                    ([project], dict(values, stage=first_stages[lob])))
            cls.write(*to_write)
        else:
            cls.write(list(projects), values)


class ProjectComment(ModelSQL, ModelView):
    "Project Comment"
    __name__ = 'insurance.project.comment'
    project = fields.Many2One(
        'insurance.project', "Project", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    author = fields.Many2One('res.user', "Author", readonly=True)
    text = fields.Text("Text", required=True)
    synthesis = fields.Boolean(
        "In Synthesis Note",
        help="If checked, the comment shows in the synthesis note of the "
        "project.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('project')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_author(cls):
        return Transaction().user

    @classmethod
    def default_synthesis(cls):
        return True


class AbandonStart(ModelView):
    "Abandon Project"
    __name__ = 'insurance.project.abandon.start'
    reason = fields.Many2One(
        'insurance.client.abandon_reason', "Reason", required=True)
    date = fields.Date("Date", required=True)
    comment = fields.Text(
        "Comment", help="Added to the comments of the project.")

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Abandon(Wizard):
    "Abandon Project"
    __name__ = 'insurance.project.abandon'
    start = StateView(
        'insurance.project.abandon.start',
        'insurance_project.project_abandon_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Abandon", 'abandon', 'tryton-ok', default=True),
            ])
    abandon = StateTransition()

    def transition_abandon(self):
        pool = Pool()
        Project = pool.get('insurance.project')
        Comment = pool.get('insurance.project.comment')
        projects = list(self.records)
        Project._check_in_progress(projects)
        Project.do_abandon(projects, self.start.reason, self.start.date)
        if self.start.comment:
            Comment.save([
                    Comment(project=p, text=self.start.comment)
                    for p in projects])
        return 'end'


class ResumeStart(ModelView):
    "Resume Project"
    __name__ = 'insurance.project.resume.start'
    date = fields.Date(
        "File Date", required=True,
        help="The new creation date of the project file.")
    restart = fields.Boolean(
        "Start Again",
        help="If checked, the studies are deleted and the project goes "
        "back to the first stage of its pipeline.")
    client_abandoned = fields.Boolean("Client Abandoned", readonly=True)
    client_status = fields.Selection([
            ('prospect', "Prospect"),
            ('active', "Client"),
            ], "Resume Client As",
        states={
            'invisible': ~Eval('client_abandoned'),
            'required': Bool(Eval('client_abandoned')),
            },
        help="The client file is abandoned too: it is resumed as "
        "prospect or client at the same date.")


class Resume(Wizard):
    "Resume Project"
    __name__ = 'insurance.project.resume'
    start = StateView(
        'insurance.project.resume.start',
        'insurance_project.project_resume_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Resume", 'resume', 'tryton-ok', default=True),
            ])
    resume = StateTransition()

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        abandoned = any(
            p.client.client_status == 'abandoned' for p in self.records)
        return {
            'date': Date.today(),
            'restart': False,
            'client_abandoned': abandoned,
            'client_status': 'prospect' if abandoned else None,
            }

    def transition_resume(self):
        pool = Pool()
        Project = pool.get('insurance.project')
        Party = pool.get('party.party')
        projects = [p for p in self.records if p.state == 'abandoned']
        clients = list({p.client for p in projects
                if p.client.client_status == 'abandoned'})
        if clients:
            Party._resume(clients, self.start.client_status or 'prospect')
            Party.write(clients, {'file_date': self.start.date})
        Project.do_resume(
            projects, self.start.date, restart=self.start.restart)
        return 'end'


class QuotesMessage(ActionMessageWizard):
    "Tell the offers the comparators gave"
    __name__ = 'insurance.project.quotes_message'

    def default_start(self, fields):
        return {'message': '\n'.join(
                gettext('insurance_project.msg_quotes_obtained',
                    count=len([s for s in p.studies if s.connector]),
                    project=p.rec_name)
                for p in self.records)}

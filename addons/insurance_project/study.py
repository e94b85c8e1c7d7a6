# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If

from .exceptions import StudyChosenError, StudyPremiumError

# The number of instalments of each payment frequency in a year
INSTALMENTS = {
    'half_yearly_premium': 2,
    'quarterly_premium': 4,
    'monthly_premium': 12,
    }
PREMIUMS = ['annual_premium'] + list(INSTALMENTS)


class Study(ModelSQL, ModelView):
    "Project Study"
    __name__ = 'insurance.project.study'
    project = fields.Many2One(
        'insurance.project', "Project", required=True, ondelete='CASCADE')
    client = fields.Function(fields.Many2One(
            'party.party', "Client"), 'on_change_with_client')
    project_state = fields.Function(fields.Selection(
            'get_project_states', "Project State"),
        'on_change_with_project_state')
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)],
        help="The insurer making the offer.")
    product = fields.Many2One(
        'insurance.product', "Product", ondelete='RESTRICT',
        domain=[
            ('insurer', '=', Eval('insurer', -1)),
            ])
    formula = fields.Many2One(
        'insurance.product.formula', "Formula", ondelete='RESTRICT',
        domain=[('product', '=', Eval('product', -1))],
        states={'readonly': ~Eval('product')},
        help="The level of cover offered.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    deductible = Monetary(
        "Deductible", currency='currency', digits='currency',
        help="The part of a claim left to the insured (franchise).")
    rate = fields.Numeric(
        "Rate (%)", digits=(16, 4),
        domain=['OR', ('rate', '=', None), ('rate', '>=', 0)],
        help="The rate of the offer in percent, e.g. the interest or "
        "insurance rate of a loan.")
    annual_premium = Monetary(
        "Annual Premium", currency='currency', digits='currency',
        required=True,
        help="The yearly premium including taxes; filling it computes "
        "the instalments.")
    half_yearly_premium = Monetary(
        "Half-Yearly Premium", currency='currency', digits='currency')
    quarterly_premium = Monetary(
        "Quarterly Premium", currency='currency', digits='currency')
    monthly_premium = Monetary(
        "Monthly Premium", currency='currency', digits='currency')
    duration = fields.Char(
        "Duration", help="The duration of the commitment, e.g. \"1 year\".")
    fees = Monetary(
        "Fees", currency='currency', digits='currency',
        domain=['OR', ('fees', '=', None), ('fees', '>=', 0)],
        help="The application and broker's fees of the offer.")
    options = fields.Char(
        "Options", help="The optional covers included in the offer.")
    chosen = fields.Boolean(
        "Chosen", readonly=True,
        help="The study retained by the client; it fills the contract "
        "when the project is transformed.")
    connector = fields.Many2One(
        'insurance.comparator.connector', "Comparator", readonly=True,
        ondelete='SET NULL',
        help="The comparator that gave the offer; empty for offers "
        "entered by hand.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('project')
        cls._order = [
            ('project', 'ASC'),
            ('annual_premium', 'ASC'),
            ('id', 'ASC'),
            ]
        cls._buttons.update({
                'choose': {
                    'invisible': Bool(Eval('chosen')),
                    'readonly': Eval('project_state') != 'in_progress',
                    'depends': ['chosen', 'project_state'],
                    },
                })

    @classmethod
    def get_project_states(cls):
        Project = Pool().get('insurance.project')
        return Project.fields_get(['state'])['state']['selection']

    @fields.depends('project', '_parent_project.state')
    def on_change_with_project_state(self, name=None):
        return self.project.state if self.project else None

    @classmethod
    def default_chosen(cls):
        return False

    @fields.depends('project', '_parent_project.client')
    def on_change_with_client(self, name=None):
        return self.project.client if self.project else None

    @fields.depends('project', '_parent_project.company')
    def on_change_with_currency(self, name=None):
        if self.project and self.project.company:
            return self.project.company.currency

    @fields.depends('product', 'insurer', 'formula')
    def on_change_product(self):
        if self.product:
            self.insurer = self.product.insurer
            if self.formula and self.formula.product != self.product:
                self.formula = None

    @fields.depends('annual_premium', 'currency', *INSTALMENTS)
    def on_change_annual_premium(self):
        if self.annual_premium is None:
            return
        for name, value in self.instalments(
                self.annual_premium, self.currency).items():
            setattr(self, name, value)

    @staticmethod
    def instalments(annual_premium, currency=None):
        "Return the premium of each instalment for the annual premium"
        result = {}
        for name, count in INSTALMENTS.items():
            value = annual_premium / count
            result[name] = (currency.round(value) if currency
                else value.quantize(Decimal('0.01')))
        return result

    def get_rec_name(self, name):
        parts = [self.insurer.rec_name]
        if self.product:
            parts.append(self.product.name)
        if self.formula:
            parts.append(self.formula.name)
        return ' - '.join(parts)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Bool(Eval('chosen')), 'success', '')),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and values.get('annual_premium') is not None:
            for name, value in cls.instalments(
                    Decimal(values['annual_premium'])).items():
                values.setdefault(name, value)
        return values

    @classmethod
    def validate_fields(cls, studies, field_names):
        super().validate_fields(studies, field_names)
        cls.check_premiums(studies, field_names)
        cls.check_chosen(studies, field_names)

    @classmethod
    def check_premiums(cls, studies, field_names=None):
        if field_names and not (field_names & set(PREMIUMS)):
            return
        for study in studies:
            for name in PREMIUMS:
                value = getattr(study, name)
                if value is not None and value < 0:
                    raise StudyPremiumError(gettext(
                            'insurance_project.msg_study_negative_premium',
                            field=cls.__names__(name)['field'],
                            study=study.rec_name))

    @classmethod
    def check_chosen(cls, studies, field_names=None):
        if field_names and 'chosen' not in field_names:
            return
        projects = {s.project for s in studies if s.chosen}
        for project in projects:
            chosen = [s for s in project.studies if s.chosen]
            if len(chosen) > 1:
                raise StudyChosenError(gettext(
                        'insurance_project.msg_study_one_chosen',
                        project=project.rec_name))

    @classmethod
    @ModelView.button
    def choose(cls, studies):
        "Retain the studies, each one for its project"
        Project = Pool().get('insurance.project')
        by_project = {s.project: s for s in studies}
        Project._check_in_progress(list(by_project))
        others = [s for p in by_project for s in p.studies
            if s.chosen and s != by_project[p]]
        if others:
            cls.write(others, {'chosen': False})
        cls.write(list(by_project.values()), {'chosen': True})
        cls._fill_projects(by_project)

    @classmethod
    def _fill_projects(cls, by_project):
        "Copy the retained offer onto its project"
        Project = Pool().get('insurance.project')
        to_write = []
        for project, study in by_project.items():
            values = {
                'insurer': study.insurer.id,
                'product': study.product.id if study.product else None,
                'formula': study.formula.id if study.formula else None,
                }
            rate = study.product.default_rate if study.product else None
            if rate:
                values['new_business_rate'] = rate.new_business_rate
                values['renewal_rate'] = rate.renewal_rate
                values['fee_type'] = rate.fee_type
                values['fee_amount'] = rate.fee_amount
            to_write.extend(([project], values))
        if to_write:
            Project.write(*to_write)

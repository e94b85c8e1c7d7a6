# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .exceptions import TransformError


class TransformStart(ModelView):
    "Transform Project into Contract"
    __name__ = 'insurance.project.transform.start'
    project = fields.Many2One('insurance.project', "Project", readonly=True)
    study = fields.Many2One(
        'insurance.project.study', "Study", required=True,
        domain=[('project', '=', Eval('project', -1))],
        help="The offer the client subscribed; it becomes the chosen "
        "study.")
    reference = fields.Char(
        "Contract Reference", required=True, strip=True,
        help="The contract number given by the insurer.")
    subscription_date = fields.Date("Subscription Date", required=True)
    start_date = fields.Date("Effective Date", required=True)
    payment_frequency = fields.Selection([
            ('monthly', "Monthly"),
            ('quarterly', "Quarterly"),
            ('half_yearly', "Half-Yearly"),
            ('yearly', "Yearly"),
            ], "Payment Frequency", required=True, sort=False)
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)
    annual_premium_excl_tax = Monetary(
        "Annual Premium Excl. Tax", currency='currency', digits='currency')
    annual_premium = Monetary(
        "Annual Premium", currency='currency', digits='currency',
        required=True, help="The yearly premium including taxes.")
    delegated_collection = fields.Boolean(
        "Delegated Collection",
        help="The firm collects the premiums on behalf of the insurer "
        "(gestion confiée).")

    @fields.depends('study', 'annual_premium')
    def on_change_study(self):
        if self.study:
            self.annual_premium = self.study.annual_premium


class Transform(Wizard):
    "Transform Project into Contract"
    __name__ = 'insurance.project.transform'
    start = StateView(
        'insurance.project.transform.start',
        'insurance_project.project_transform_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Transform", 'transform', 'tryton-ok', default=True),
            ])
    transform = StateTransition()
    open_ = StateAction('insurance_policy.act_policy_form')

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        project = self.record
        if project.state != 'in_progress':
            raise TransformError(gettext(
                    'insurance_project.msg_project_not_in_progress',
                    project=project.rec_name))
        study = project.chosen_study
        return {
            'project': project.id,
            'study': study.id if study else None,
            'reference': project.reference,
            'subscription_date': project.subscription_date or Date.today(),
            'start_date': project.start_date,
            'payment_frequency': 'yearly',
            'currency': project.currency.id if project.currency else None,
            'annual_premium': study.annual_premium if study else None,
            'delegated_collection': False,
            }

    def transition_transform(self):
        pool = Pool()
        Project = pool.get('insurance.project')
        Study = pool.get('insurance.project.study')
        Policy = pool.get('insurance.policy')
        project = self.record
        Project._check_in_progress([project])
        if not self.start.study.chosen:
            Study.choose([self.start.study])
            project = Project(project.id)
        policy = Policy(**self.policy_values(project, self.start))
        policy.renewal_date = policy.compute_renewal_date(policy.start_date)
        policy.save()
        self.copy_documents(project, policy)
        Policy.activate([policy])
        Project.win([project], policy)
        return 'open_'

    @staticmethod
    def policy_values(project, start):
        "Return the values of the contract of the project"
        study = start.study
        values = {
            'company': project.company,
            'reference': start.reference,
            'client': project.client,
            'insurer': study.insurer,
            'product': study.product,
            'line_of_business': project.line_of_business,
            'formula': study.formula,
            'subscription_date': start.subscription_date,
            'start_date': start.start_date,
            'renewal_month': None,
            'renewal_day': None,
            'payment_frequency': start.payment_frequency,
            'annual_premium': start.annual_premium,
            'annual_premium_excl_tax': start.annual_premium_excl_tax,
            'delegated_collection': start.delegated_collection,
            'new_business_rate': project.new_business_rate,
            'renewal_rate': project.renewal_rate,
            'introducer': project.introducer,
            'document_control': project.document_control,
            'managers': [project.owner],
            'assets': [project.asset] if project.asset else [],
            'notes': project.remark,
            }
        fees = []
        if study.fees:
            fees.append({
                    'kind': 'fee',
                    'description': project.rec_name,
                    'fee_type': 'fixed',
                    'amount': study.fees,
                    'recurring': False,
                    })
        if project.fee_amount:
            fees.append({
                    'kind': 'honorarium',
                    'description': (
                        study.product.rec_name if study.product
                        else project.rec_name),
                    'fee_type': project.fee_type or 'fixed',
                    'amount': project.fee_amount.quantize(Decimal('0.01')),
                    'recurring': False,
                    })
        if fees:
            values['fees'] = fees
        return values

    @staticmethod
    def copy_documents(project, policy):
        "Copy the files of the project onto the contract"
        Attachment = Pool().get('ir.attachment')
        attachments = Attachment.search([
                ('resource', '=', str(project)),
                ])
        Attachment.create([{
                    'resource': str(policy),
                    'name': a.name,
                    'type': a.type,
                    'data': bytes(a.data) if a.data is not None else None,
                    'link': a.link,
                    'description': a.description,
                    'document_type': (
                        a.document_type.id if a.document_type else None),
                    'portal_visible': a.portal_visible,
                    } for a in attachments])

    def do_open_(self, action):
        Project = Pool().get('insurance.project')
        return open_records(action, [Project(self.record.id).policy]), {}

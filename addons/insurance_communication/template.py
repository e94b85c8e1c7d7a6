# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta

from . import sms, variables
from .exceptions import SMSTemplateError, TemplateVariableError

# The kind of record each template category is written for
CATEGORIES = {
    'client': 'party.party',
    'contract': 'insurance.policy',
    'project': 'insurance.project',
    'claim': 'insurance.claim',
    'receipt': 'insurance.receipt',
    }
CATEGORY_SELECTION = [
    ('client', "Client"),
    ('contract', "Contract"),
    ('project', "Project"),
    ('claim', "Claim"),
    ('receipt', "Receipt"),
    ]
CONTEXTS = [
    ('pre_sale', "Pre-sale"),
    ('management', "Management"),
    ('claim', "Claim"),
    ('collection', "Collection"),
    ('marketing', "Marketing"),
    ('other', "Other"),
    ]
STOP_MENTION = re.compile(r'\bSTOP\b')


def check_variables(template, texts, model_name):
    "Refuse the variables of texts that model_name does not provide"
    for text in texts:
        names = variables.unknown(text, model_name)
        if names:
            raise TemplateVariableError(gettext(
                    'insurance_communication.msg_unknown_variable',
                    template=template.rec_name,
                    variables=', '.join('{%s}' % n for n in names),
                    available=', '.join(
                        '{%s}' % n for n in variables.allowed(model_name))))


class EmailTemplate(metaclass=PoolMeta):
    __name__ = 'ir.email.template'
    category = fields.Selection(
        [(None, "")] + CATEGORY_SELECTION, "Category",
        help="The kind of file the template is written for; it sets the "
        "variables the template may use.")
    context = fields.Selection(
        [(None, "")] + CONTEXTS, "Context",
        help="The context proposed when the template is used "
        "(for the client's history, not shown to the client).")
    cc = fields.Char(
        "CC", help="Addresses always copied, separated by commas.")
    bcc = fields.Char(
        "BCC", help="Addresses always blind-copied, separated by commas.")
    available_variables = fields.Function(
        fields.Text("Available Variables"),
        'on_change_with_available_variables')

    @fields.depends('category')
    def on_change_category(self):
        pool = Pool()
        Model = pool.get('ir.model')
        if self.category in CATEGORIES:
            models = Model.search(
                [('name', '=', CATEGORIES[self.category])], limit=1)
            self.model = models[0] if models else None

    @fields.depends('model')
    def on_change_with_available_variables(self, name=None):
        if self.model:
            return ' '.join(
                '{%s}' % n for n in variables.allowed(self.model.name))

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        if field_names and not (
                field_names & {'subject', 'body', 'model', 'category'}):
            return
        for template in templates:
            if template.category:
                check_variables(
                    template, [template.subject, template.body],
                    template.model.name)


class SMSTemplate(DeactivableMixin, ModelSQL, ModelView):
    "SMS Template"
    __name__ = 'insurance.communication.sms.template'
    name = fields.Char("Title", required=True, translate=True)
    category = fields.Selection(
        CATEGORY_SELECTION, "Category", required=True,
        help="The kind of file the template is written for; it sets the "
        "variables the template may use.")
    context = fields.Selection(
        [(None, "")] + CONTEXTS, "Context",
        help="The context proposed when the template is used.")
    marketing = fields.Boolean(
        "Marketing",
        help="A commercial message: it must tell how to opt out (STOP).")
    body = fields.Text("Message", required=True, translate=True)
    length = fields.Function(
        fields.Integer("Characters"), 'on_change_with_length')
    segments = fields.Function(
        fields.Integer("SMS Count",
            help="How many SMS the message takes before its variables are "
            "replaced: 160 characters each (153 when split), 70 (67) with "
            "characters outside the GSM alphabet."),
        'on_change_with_segments')
    encoding = fields.Function(
        fields.Selection([
                ('gsm7', "GSM 7-bit"),
                ('ucs2', "Unicode (UCS-2)"),
                ], "Encoding"),
        'on_change_with_encoding')
    available_variables = fields.Function(
        fields.Text("Available Variables"),
        'on_change_with_available_variables')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_category(cls):
        return 'client'

    @classmethod
    def default_marketing(cls):
        return False

    @property
    def model_name(self):
        return CATEGORIES.get(self.category, 'party.party')

    @fields.depends('body')
    def on_change_with_length(self, name=None):
        return sms.length(self.body)

    @fields.depends('body')
    def on_change_with_segments(self, name=None):
        return sms.segments(self.body)

    @fields.depends('body')
    def on_change_with_encoding(self, name=None):
        return sms.encoding(self.body)

    @fields.depends('category')
    def on_change_with_available_variables(self, name=None):
        return ' '.join(
            '{%s}' % n for n in variables.allowed(self.model_name))

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        if field_names and not (
                field_names & {'body', 'category', 'marketing'}):
            return
        for template in templates:
            check_variables(template, [template.body], template.model_name)
            if template.marketing and not STOP_MENTION.search(
                    template.body or ''):
                raise SMSTemplateError(gettext(
                        'insurance_communication.msg_sms_stop_missing',
                        template=template.rec_name))

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import sms, variables
from .template import CATEGORIES, CONTEXTS

SENDABLE = [
    'party.party', 'insurance.policy', 'insurance.project',
    'insurance.claim', 'insurance.receipt']


class _SendMixin:
    __slots__ = ()
    model_name = fields.Char("Model", readonly=True)
    record = fields.Reference(
        "Previewed Record", selection='get_sendable', readonly=True,
        help="The previewed record: the first of the selection.")
    record_count = fields.Integer("Recipients", readonly=True)
    context = fields.Selection(
        [(None, "")] + CONTEXTS, "Context",
        help="For the client's history only: not shown to the client.")

    @classmethod
    def get_sendable(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        return [(None, '')] + [(m, Model.get_name(m)) for m in SENDABLE]

    def _preview_values(self):
        pool = Pool()
        Communication = pool.get('insurance.communication')
        if not self.record or self.record.id is None or self.record.id < 0:
            return {}
        return Communication.get_values(self.record)


class _SendWizard(Wizard):
    __slots__ = ()

    def _start_defaults(self):
        records = list(self.records)
        return {
            'model_name': self.model.__name__,
            'record': str(records[0]) if records else None,
            'record_count': len(records),
            }


class SendEmailStart(_SendMixin, ModelView):
    "Send E-mail"
    __name__ = 'insurance.communication.send_email.start'
    template = fields.Many2One(
        'ir.email.template', "Template",
        domain=[
            ('category', '!=', None),
            ('model.name', 'in', [Eval('model_name', ''), 'party.party']),
            ])
    to = fields.Char(
        "To",
        states={'invisible': Eval('record_count', 0) > 1},
        help="Left empty, each client's e-mail address is used.")
    cc = fields.Char("CC", help="Separated by commas.")
    bcc = fields.Char("BCC", help="Separated by commas.")
    subject = fields.Char("Subject", required=True)
    body = fields.Text(
        "Message", required=True,
        help="Variables between braces, e.g. {client_civ} {client_nom}, "
        "are replaced for each recipient.")
    attachments = fields.Many2Many(
        'ir.attachment', None, None, "Attachments",
        domain=[('resource', '=', Eval('record', ''))],
        help="Documents of the file sent with the e-mail.")
    preview_subject = fields.Function(
        fields.Char("Subject"), 'on_change_with_preview_subject')
    preview_body = fields.Function(
        fields.Text("Message"), 'on_change_with_preview_body')
    available_variables = fields.Function(
        fields.Text("Available Variables"),
        'on_change_with_available_variables')

    @fields.depends('template', 'context', 'cc', 'bcc', 'record')
    def on_change_template(self):
        if self.template:
            self.subject = self.template.subject
            self.body = self.template.body
            self.context = self.template.context or self.context
            self.cc = self.template.cc or self.cc
            self.bcc = self.template.bcc or self.bcc
            self.preview_subject = self.on_change_with_preview_subject()
            self.preview_body = self.on_change_with_preview_body()

    @fields.depends('subject', 'record')
    def on_change_with_preview_subject(self, name=None):
        return variables.render(self.subject, self._preview_values())

    @fields.depends('body', 'record')
    def on_change_with_preview_body(self, name=None):
        return variables.render(self.body, self._preview_values())

    @fields.depends('model_name')
    def on_change_with_available_variables(self, name=None):
        return ' '.join(
            '{%s}' % n for n in variables.allowed(self.model_name))


class SendEmail(_SendWizard):
    "Send E-mail"
    __name__ = 'insurance.communication.send_email'
    start = StateView(
        'insurance.communication.send_email.start',
        'insurance_communication.send_email_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send", 'send', 'tryton-ok', default=True),
            ])
    send = StateTransition()

    def default_start(self, fields):
        return self._start_defaults()

    def transition_send(self):
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Communication.send_email(
            list(self.records), template=self.start.template,
            subject=self.start.subject, body=self.start.body,
            to=self.start.to if len(self.records) == 1 else None,
            cc=self.start.cc, bcc=self.start.bcc,
            context=self.start.context,
            attachments=list(self.start.attachments))
        return 'end'


class SendSMSStart(_SendMixin, ModelView):
    "Send SMS"
    __name__ = 'insurance.communication.send_sms.start'
    template = fields.Many2One(
        'insurance.communication.sms.template', "Template",
        domain=[('category', 'in', ['client', Eval('category', 'client')])])
    category = fields.Char("Category", readonly=True)
    to = fields.Char(
        "Mobile Phone",
        states={'invisible': Eval('record_count', 0) > 1},
        help="Left empty, each client's mobile phone is used.")
    marketing = fields.Boolean(
        "Marketing",
        help="A commercial message: it must tell how to opt out (STOP).")
    body = fields.Text(
        "Message", required=True,
        help="Variables between braces, e.g. {client_nom}, are replaced for "
        "each recipient.")
    preview_body = fields.Function(
        fields.Text("Message"), 'on_change_with_preview_body')
    length = fields.Function(
        fields.Integer("Characters"), 'on_change_with_length')
    segments = fields.Function(
        fields.Integer("SMS Count"), 'on_change_with_segments')
    encoding = fields.Function(
        fields.Selection([
                ('gsm7', "GSM 7-bit"),
                ('ucs2', "Unicode (UCS-2)"),
                ], "Encoding"),
        'on_change_with_encoding')

    @fields.depends('template', 'context', 'record')
    def on_change_template(self):
        if self.template:
            self.body = self.template.body
            self.marketing = self.template.marketing
            self.context = self.template.context or self.context
            self.preview_body = self.on_change_with_preview_body()
            self.length = self.on_change_with_length()
            self.segments = self.on_change_with_segments()
            self.encoding = self.on_change_with_encoding()

    @fields.depends('body', 'record')
    def on_change_with_preview_body(self, name=None):
        return variables.render(self.body, self._preview_values())

    @fields.depends(methods=['on_change_with_preview_body'])
    def on_change_with_length(self, name=None):
        return sms.length(self.on_change_with_preview_body())

    @fields.depends(methods=['on_change_with_preview_body'])
    def on_change_with_segments(self, name=None):
        return sms.segments(self.on_change_with_preview_body())

    @fields.depends(methods=['on_change_with_preview_body'])
    def on_change_with_encoding(self, name=None):
        return sms.encoding(self.on_change_with_preview_body())


class SendSMS(_SendWizard):
    "Send SMS"
    __name__ = 'insurance.communication.send_sms'
    start = StateView(
        'insurance.communication.send_sms.start',
        'insurance_communication.send_sms_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send", 'send', 'tryton-ok', default=True),
            ])
    send = StateTransition()

    def default_start(self, fields):
        defaults = self._start_defaults()
        categories = {m: c for c, m in CATEGORIES.items()}
        defaults['category'] = categories.get(self.model.__name__, 'client')
        return defaults

    def transition_send(self):
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Communication.send_sms(
            list(self.records), template=self.start.template,
            body=self.start.body,
            to=self.start.to if len(self.records) == 1 else None,
            context=self.start.context, marketing=self.start.marketing)
        return 'end'


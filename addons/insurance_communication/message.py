# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import logging
import mimetypes
import secrets
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from sql.aggregate import Count, Min, Sum

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access
from trytond.url import http_host

from . import mail, sms, variables
from .exceptions import ProviderError
from .template import CONTEXTS

logger = logging.getLogger(__name__)

STATES = [
    ('queued', "Queued"),
    ('sent', "Sent"),
    ('delivered', "Delivered"),
    ('opened', "Opened"),
    ('failed', "Failed"),
    ('bounced', "Bounced"),
    ]
RESOURCES = [
    'party.party', 'insurance.policy', 'insurance.project',
    'insurance.claim', 'insurance.receipt']


class DeliveryManager:
    """Hands the queued messages to the providers once the transaction that
    queued them has committed (a transaction data manager, like Tryton's
    SMTPDataManager); a rolled-back transaction sends nothing."""

    def __init__(self):
        self.ids = []

    def put(self, ids):
        self.ids.extend(ids)

    def __eq__(self, other):
        return isinstance(other, DeliveryManager)

    __hash__ = None

    def abort(self, trans):
        self.ids = []

    def tpc_begin(self, trans):
        pass

    def commit(self, trans):
        pass

    def tpc_vote(self, trans):
        pass

    def tpc_finish(self, trans):
        ids, self.ids = self.ids, []
        if not ids:
            return
        with trans.new_transaction(), without_check_access():
            Message = Pool().get('insurance.communication.message')
            Message.deliver(Message.browse(ids))

    def tpc_abort(self, trans):
        self.ids = []


class Message(ModelSQL, ModelView):
    "Communication Message"
    __name__ = 'insurance.communication.message'
    _rec_name = 'subject'

    kind = fields.Selection([
            ('email', "E-mail"),
            ('sms', "SMS"),
            ], "Kind", required=True, readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)
    month = fields.Char(
        "Month", readonly=True, help="The month of the message (YYYY-MM).")
    party = fields.Many2One(
        'party.party', "Client", readonly=True, ondelete='CASCADE')
    resource = fields.Reference(
        "Record", selection='get_resources', readonly=True,
        help="The file the message was sent from.")
    context = fields.Selection(
        [(None, "")] + CONTEXTS, "Context", readonly=True,
        help="For the history only: not shown to the client.")
    automatic = fields.Boolean(
        "Automatic", readonly=True,
        help="Sent by the system (notification, birthday...), not by hand.")
    author = fields.Many2One(
        'res.user', "Author", readonly=True, ondelete='SET NULL')
    employee = fields.Many2One(
        'company.employee', "Collaborator", readonly=True,
        ondelete='SET NULL')
    agency = fields.Many2One(
        'insurance.agency', "Agency", readonly=True, ondelete='SET NULL')
    email_template = fields.Many2One(
        'ir.email.template', "E-mail Template", readonly=True,
        ondelete='SET NULL',
        states={'invisible': Eval('kind') != 'email'})
    sms_template = fields.Many2One(
        'insurance.communication.sms.template', "SMS Template",
        readonly=True, ondelete='SET NULL',
        states={'invisible': Eval('kind') != 'sms'})
    sender = fields.Char("Sender", readonly=True)
    reply_to = fields.Char(
        "Reply-To", readonly=True,
        states={'invisible': Eval('kind') != 'email'})
    recipient = fields.Char("Recipient", readonly=True)
    cc = fields.Char(
        "CC", readonly=True, states={'invisible': Eval('kind') != 'email'})
    bcc = fields.Char(
        "BCC", readonly=True, states={'invisible': Eval('kind') != 'email'})
    subject = fields.Char("Subject", readonly=True)
    body = fields.Text("Message", readonly=True)
    body_html = fields.Text(
        "HTML", readonly=True, states={'invisible': True})
    attachments = fields.Many2Many(
        'insurance.communication.message-ir.attachment', 'message',
        'attachment', "Attachments", readonly=True,
        states={'invisible': Eval('kind') != 'email'})
    marketing = fields.Boolean(
        "Marketing", readonly=True,
        states={'invisible': Eval('kind') != 'sms'})
    segments = fields.Integer(
        "SMS Count", readonly=True,
        states={'invisible': Eval('kind') != 'sms'})
    encoding = fields.Char(
        "Encoding", readonly=True,
        states={'invisible': Eval('kind') != 'sms'})
    state = fields.Selection(STATES, "Status", required=True, readonly=True)
    provider = fields.Char("Provider", readonly=True)
    provider_reference = fields.Char("Provider Reference", readonly=True)
    attempts = fields.Integer("Attempts", readonly=True)
    next_attempt = fields.DateTime(
        "Next Attempt", readonly=True,
        states={'invisible': Eval('state') != 'queued'})
    error = fields.Text(
        "Error", readonly=True, states={'invisible': ~Eval('error')})
    token = fields.Char("Token", readonly=True, strip=False)
    sent_date = fields.DateTime("Sent", readonly=True)
    delivered_date = fields.DateTime("Delivered", readonly=True)
    opened_date = fields.DateTime("Opened", readonly=True)
    events = fields.One2Many(
        'insurance.communication.message.event', 'message', "Status History",
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.token, Index.Equality())),
                Index(
                    t, (t.provider_reference, Index.Equality())),
                Index(
                    t, (t.state, Index.Equality()),
                    where=t.state == 'queued'),
                })

    @classmethod
    def get_resources(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        return [(None, '')] + [(m, Model.get_name(m)) for m in RESOURCES]

    @classmethod
    def default_date(cls):
        return dt.datetime.now()

    @classmethod
    def default_state(cls):
        return 'queued'

    @classmethod
    def default_attempts(cls):
        return 0

    @classmethod
    def default_automatic(cls):
        return False

    @classmethod
    def default_marketing(cls):
        return False

    @classmethod
    def default_token(cls):
        return secrets.token_urlsafe(24)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('state').in_(['failed', 'bounced']), 'danger',
                    If(Eval('state') == 'queued', 'muted', ''))),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            date = values.setdefault('date', dt.datetime.now())
            values.setdefault('month', date.strftime('%Y-%m'))
        return values

    @classmethod
    def queue(cls, messages):
        "Deliver the messages once the current transaction commits"
        pool = Pool()
        Event = pool.get('insurance.communication.message.event')
        Event.save([Event(message=m, state='queued') for m in messages])
        datamanager = Transaction().join(DeliveryManager())
        datamanager.put([m.id for m in messages])

    @classmethod
    def deliver(cls, messages):
        """Hand the queued messages to the providers and record the outcome;
        called after commit or by the retry cron"""
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        Event = pool.get('insurance.communication.message.event')
        max_attempts = Configuration(1).max_attempts or 1
        now = dt.datetime.now()
        mailer = mail.Sender()
        events = []
        try:
            for message in messages:
                if message.state != 'queued':
                    continue
                message.attempts = (message.attempts or 0) + 1
                try:
                    if message.kind == 'email':
                        message._deliver_email(mailer)
                    else:
                        message._deliver_sms()
                except ProviderError as error:
                    logger.warning(
                        "message %s not delivered: %s", message.id, error)
                    message.error = str(error)
                    if message.attempts >= max_attempts:
                        message.state = 'failed'
                        message.next_attempt = None
                        events.append(Event(
                                message=message, state='failed',
                                description=str(error)))
                    else:
                        # Back-off: 2, 4, 8... minutes
                        message.next_attempt = now + dt.timedelta(
                            minutes=2 ** message.attempts)
                else:
                    message.state = 'sent'
                    message.sent_date = now
                    message.error = None
                    message.next_attempt = None
                    events.append(Event(message=message, state='sent'))
        finally:
            mailer.close()
        cls.save(messages)
        Event.save(events)

    def _deliver_email(self, mailer):
        msg = self.get_email_message()
        self.provider = 'email'
        self.provider_reference = msg['Message-ID']
        to_addrs = [a for a in [
                parseaddr(x)[1] for x in ', '.join(filter(None, [
                        self.recipient, self.cc, self.bcc])).split(',')]
            if a]
        mailer.send(msg, parseaddr(self.sender)[1], to_addrs)

    def get_email_message(self):
        msg = EmailMessage()
        msg['From'] = self.sender
        msg['To'] = self.recipient
        if self.cc:
            msg['Cc'] = self.cc
        if self.reply_to:
            msg['Reply-To'] = self.reply_to
        msg['Subject'] = self.subject or ''
        msg['Message-ID'] = self.provider_reference or make_msgid(
            domain=parseaddr(self.sender)[1].split('@')[-1] or None)
        msg.set_content(self.body or '')
        msg.add_alternative(self.get_html(), subtype='html')
        for attachment in self.attachments:
            ctype = mimetypes.guess_type(attachment.name)[0] or (
                'application/octet-stream')
            maintype, subtype = ctype.split('/', 1)
            msg.add_attachment(
                attachment.data or b'', maintype=maintype, subtype=subtype,
                filename=attachment.name)
        return msg

    def get_html(self):
        html = self.body_html or variables.text_to_html(self.body)
        url = self.tracking_url()
        if url:
            html += (
                '<img src="%s" alt="" width="1" height="1" '
                'style="display:none"/>' % url)
        return '<html><body>%s</body></html>' % html

    def tracking_url(self):
        "The URL of the image that records the opening of the e-mail"
        base = sms.get('tracking_url') or http_host()
        if not base or not self.token:
            return None
        database = Transaction().database.name
        return '%s/%s/insurance_communication/open/%s.gif' % (
            base.rstrip('/'), database, self.token)

    def _deliver_sms(self):
        options = {'marketing': bool(self.marketing)}
        callback = self.delivery_report_url()
        if callback:
            options['callback_url'] = callback
        self.provider = sms.provider_name()
        self.provider_reference = sms.send_sms(
            self.body, self.recipient, self.sender, **options)

    @classmethod
    def delivery_report_url(cls):
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        base = sms.get('tracking_url')
        # The identifier is stable once the settings are saved
        configurations = Configuration.search([], limit=1)
        if not base or not configurations:
            return None
        identifier = configurations[0].webhook_identifier
        database = Transaction().database.name
        return '%s/%s/insurance_communication/sms/%s/%s' % (
            base.rstrip('/'), database, sms.provider_name(), identifier)

    @classmethod
    def retry(cls):
        "Cron: queue again the messages whose next attempt is due"
        now = dt.datetime.now()
        messages = cls.search([
                ('state', '=', 'queued'),
                ('next_attempt', '<=', now),
                ])
        # Undelivered messages left by a crash between commit and sending
        messages += cls.search([
                ('state', '=', 'queued'),
                ('attempts', '=', 0),
                ('date', '<', now - dt.timedelta(minutes=10)),
                ])
        if messages:
            datamanager = Transaction().join(DeliveryManager())
            datamanager.put([m.id for m in messages])

    @classmethod
    def set_status(cls, messages, state, date=None, description=None):
        """Record a status reported after sending (delivered, opened, failed,
        bounced); an opening is recorded once"""
        pool = Pool()
        Event = pool.get('insurance.communication.message.event')
        date = date or dt.datetime.now()
        events, to_save = [], []
        for message in messages:
            if state == 'opened':
                if message.opened_date:
                    continue
                message.opened_date = date
                if message.state in {'sent', 'delivered', 'queued'}:
                    message.state = 'opened'
            elif state == 'delivered':
                if message.delivered_date:
                    continue
                message.delivered_date = date
                if message.state in {'sent', 'queued'}:
                    message.state = 'delivered'
            else:
                message.state = state
                message.error = description
            to_save.append(message)
            events.append(Event(
                    message=message, state=state, date=date,
                    description=description))
        cls.save(to_save)
        Event.save(events)


class MessageAttachment(ModelSQL):
    "Communication Message - Attachment"
    __name__ = 'insurance.communication.message-ir.attachment'
    message = fields.Many2One(
        'insurance.communication.message', "Message", required=True,
        ondelete='CASCADE')
    attachment = fields.Many2One(
        'ir.attachment', "Attachment", required=True, ondelete='CASCADE')


class MessageEvent(ModelSQL, ModelView):
    "Communication Message Status"
    __name__ = 'insurance.communication.message.event'
    message = fields.Many2One(
        'insurance.communication.message', "Message", required=True,
        ondelete='CASCADE')
    date = fields.DateTime("Date", required=True)
    state = fields.Selection(STATES, "Status", required=True)
    description = fields.Char("Description")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('message')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_date(cls):
        return dt.datetime.now()


class SMSUsage(ModelSQL, ModelView):
    "SMS Usage"
    __name__ = 'insurance.communication.sms.usage'
    month = fields.Char("Month")
    agency = fields.Many2One('insurance.agency', "Agency")
    messages = fields.Integer("Messages")
    segments = fields.Integer(
        "SMS Count", help="The SMS segments sent, the basis of the credits.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'DESC'), ('agency', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Message = pool.get('insurance.communication.message')
        message = Message.__table__()
        return message.select(
            Min(message.id).as_('id'),
            message.month.as_('month'),
            message.agency.as_('agency'),
            Count(message.id).as_('messages'),
            Sum(message.segments).as_('segments'),
            where=(message.kind == 'sms')
            & message.state.in_(['sent', 'delivered']),
            group_by=[message.month, message.agency])


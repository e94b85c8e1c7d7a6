# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re
import secrets

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .exceptions import SenderError

SMS_SENDER = re.compile(r'^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$|^[0-9]{1,15}$')


def check_senders(records, field_names):
    "E-mail addresses and SMS sender ids of firm or agency senders"
    from email.utils import parseaddr
    for record in records:
        for name in ['email_from_address', 'email_reply_to']:
            if field_names and name not in field_names:
                continue
            value = getattr(record, name)
            if value and '@' not in parseaddr(value)[1]:
                raise SenderError(gettext(
                        'insurance_communication.msg_invalid_sender_email',
                        email=value, record=record.rec_name))
        if field_names and 'sms_sender' not in field_names:
            continue
        if record.sms_sender and not SMS_SENDER.match(record.sms_sender):
            raise SenderError(gettext(
                    'insurance_communication.msg_invalid_sms_sender',
                    sender=record.sms_sender, record=record.rec_name))


class SenderMixin:
    __slots__ = ()
    email_from_name = fields.Char(
        "E-mail Sender Name",
        help="The name the clients see as sender of the e-mails.")
    email_from_address = fields.Char(
        "E-mail Sender Address",
        help="The address the e-mails are sent from; "
        "its domain must allow the outgoing server (SPF, DKIM).")
    email_reply_to = fields.Char(
        "Reply-To", help="Where the clients' answers go, if not the sender.")
    sms_sender = fields.Char(
        "SMS Sender",
        help="The name shown to the clients as SMS sender: up to 11 letters "
        "and digits, registered with the provider.")


class Configuration(SenderMixin, metaclass=PoolMeta):
    __name__ = 'insurance.configuration'

    sms_max_segments = fields.Integer(
        "SMS Maximum Segments", required=True,
        domain=[('sms_max_segments', '>=', 1)],
        help="An SMS longer than this number of messages is refused.")
    deposit_notification = fields.Selection([
            ('none', "None"),
            ('email', "E-mail"),
            ('sms', "SMS"),
            ('both', "SMS + E-mail"),
            ], "Deposit Notification", required=True,
        help="The default notification proposed when a document visible on "
        "the extranet is added to a client's library.")
    deposit_email_template = fields.Many2One(
        'ir.email.template', "Deposit E-mail Template",
        domain=[('model.name', '=', 'party.party')],
        help="The e-mail sent to notify a client of a new document.")
    deposit_sms_template = fields.Many2One(
        'insurance.communication.sms.template', "Deposit SMS Template",
        help="The SMS sent to notify a client of a new document.")
    birthday_email_template = fields.Many2One(
        'ir.email.template', "Birthday E-mail Template",
        domain=[('model.name', '=', 'party.party')],
        help="If set, sent each morning to the clients whose birthday it is.")
    birthday_sms_template = fields.Many2One(
        'insurance.communication.sms.template', "Birthday SMS Template",
        help="If set, sent each morning to the clients whose birthday it is.")
    max_attempts = fields.Integer(
        "Maximum Attempts", required=True,
        domain=[('max_attempts', '>=', 1)],
        help="How many times a message is handed to the provider before it "
        "is marked failed.")
    webhook_identifier = fields.Char(
        "Webhook Identifier", readonly=True, strip=False,
        states={'invisible': ~Eval('webhook_identifier')},
        help="The secret part of the delivery report and tracking URLs.")

    @classmethod
    def default_sms_max_segments(cls):
        return 3

    @classmethod
    def default_deposit_notification(cls):
        return 'none'

    @classmethod
    def default_max_attempts(cls):
        return 5

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        # Drawn once, when the settings are first saved: a default would
        # give another secret at each reading of unsaved settings
        if mode == 'create' and not values.get('webhook_identifier'):
            values['webhook_identifier'] = secrets.token_urlsafe(24)
        return values

    @classmethod
    def validate_fields(cls, configurations, field_names):
        super().validate_fields(configurations, field_names)
        check_senders(configurations, field_names)

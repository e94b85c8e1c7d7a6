# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import SenderError

NOTIFICATIONS = [
    ('none', "None"),
    ('email', "E-mail"),
    ('sms', "SMS"),
    ('both', "SMS + E-mail"),
    ]


class Attachment(metaclass=PoolMeta):
    __name__ = 'ir.attachment'
    client_notification = fields.Selection(
        NOTIFICATIONS, "Notify the Client",
        states={
            'invisible': ~Eval('portal_visible'),
            'readonly': Eval('client_notified', False),
            },
        help="When the document is visible on the extranet, tell the client "
        "a new document is available.")
    client_notified = fields.Boolean("Client Notified", readonly=True)

    @classmethod
    def default_client_notification(cls):
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        return Configuration(1).deposit_notification or 'none'

    @classmethod
    def default_client_notified(cls):
        return False

    @classmethod
    def on_modification(cls, mode, attachments, field_names=None):
        super().on_modification(mode, attachments, field_names=field_names)
        if mode in {'create', 'write'} and (
                field_names is None or field_names & {
                    'portal_visible', 'client_notification', 'resource'}):
            cls.notify_clients(attachments)

    @classmethod
    def notify_clients(cls, attachments):
        """Notify the clients of the documents visible on the extranet
        (§10.1 of the guide), once per document"""
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Configuration = pool.get('insurance.configuration')
        to_notify = [a for a in attachments
            if a.portal_visible and not a.client_notified
            and a.client_notification not in {None, 'none'}
            and a.resource and Communication.get_party(a.resource)]
        if not to_notify:
            return
        configuration = Configuration(1)
        for kind in ['email', 'sms']:
            records = [Communication.get_party(a.resource) for a in to_notify
                if a.client_notification in {kind, 'both'}]
            if not records:
                continue
            template = getattr(configuration, 'deposit_%s_template' % kind)
            if not template:
                raise SenderError(gettext(
                        'insurance_communication.msg_missing_deposit_template',
                        kind=dict(NOTIFICATIONS)[kind]))
            send = getattr(Communication, 'send_%s' % kind)
            send(records, template=template, context='management',
                automatic=True)
        cls.write(to_notify, {'client_notified': True})

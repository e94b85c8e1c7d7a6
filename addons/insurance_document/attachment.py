# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from urllib.parse import urlsplit

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .document import get_configuration
from .exceptions import InvalidLink

# A link opens in the browser of whoever clicks it: web addresses only,
# never javascript: or data: that would run in the back office
LINK_SCHEMES = {'http', 'https'}


class Attachment(metaclass=PoolMeta):
    __name__ = 'ir.attachment'
    document_type = fields.Many2One(
        'insurance.document.type', "Document Type", ondelete='RESTRICT',
        help="The kind of document, used by the required documents control.")
    uploaded_by = fields.Many2One(
        'res.user', "Uploaded By", readonly=True, ondelete='SET NULL',
        help="The user who added the document.")
    upload_date = fields.DateTime(
        "Upload Date", readonly=True,
        help="When the document was added.")
    portal_visible = fields.Boolean(
        "Visible on Extranet",
        states={
            'invisible': Eval('type') != 'data',
            },
        help="If checked, the client sees the document on the extranet.")
    resource_name = fields.Function(fields.Char(
            "Attached To",
            help="The record the document belongs to: the client or one of "
            "its contracts, claims..."),
        'get_resource_name')

    def get_resource_name(self, name):
        return self.resource.rec_name if self.resource else None

    @classmethod
    def default_uploaded_by(cls):
        return Transaction().user or None

    @classmethod
    def default_upload_date(cls):
        return dt.datetime.now()

    @classmethod
    def default_portal_visible(cls):
        return False

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('link'):
            cls.check_link(values.get('name'), values['link'])
        if mode == 'create':
            if values.get('type', cls.default_type()) == 'data':
                get_configuration().check_file(
                    values.get('name'), values.get('data') or b'')
            if not values.get('uploaded_by'):
                values['uploaded_by'] = Transaction().user or None
            if not values.get('upload_date'):
                values['upload_date'] = dt.datetime.now()
        return values

    @classmethod
    def check_link(cls, name, link):
        # urlsplit drops the spaces, tabs and newlines browsers ignore too
        if urlsplit(link.strip()).scheme.lower() not in LINK_SCHEMES:
            raise InvalidLink(gettext(
                    'insurance_document.msg_attachment_link_scheme',
                    name=name or '', link=link[:100]))

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'write' and values.keys() & {'name', 'data', 'type'}:
            configuration = get_configuration()
            for record in records:
                if values.get('type', record.type) != 'data':
                    continue
                data = values['data'] if 'data' in values else record.data
                configuration.check_file(
                    values.get('name', record.name), data or b'')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        Requirement = pool.get('insurance.document.requirement')
        super().on_modification(mode, records, field_names=field_names)
        if mode in {'create', 'write'}:
            if field_names is None or field_names & {
                    'document_type', 'resource', 'data'}:
                Requirement.receive_attachments(records)

    @classmethod
    def on_delete(cls, attachments):
        pool = Pool()
        Requirement = pool.get('insurance.document.requirement')
        callbacks = super().on_delete(attachments)
        with without_check_access():
            requirements = Requirement.search([
                    ('attachment', 'in', [a.id for a in attachments]),
                    ])
        if requirements:
            ids = [r.id for r in requirements]

            def reset():
                with without_check_access():
                    Requirement.reset(Requirement.browse(ids))
            callbacks.append(reset)
        return callbacks

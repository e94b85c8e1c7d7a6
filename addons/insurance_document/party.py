# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import PYSONEncoder
from trytond.tools import grouped_slice
from trytond.wizard import StateAction, Wizard

from .requirement import DocumentRequirementMixin


class Party(DocumentRequirementMixin, metaclass=PoolMeta):
    __name__ = 'party.party'
    documents = fields.Function(fields.One2Many(
            'ir.attachment', None, "Documents",
            help="The library of the client: its documents "
            "and those of its records."),
        'get_documents', setter='set_documents')

    def _document_resources(self):
        """Return the resources whose attachments are in the library

        Modules add the records linked to the client (contracts, claims...)
        """
        return [str(self)]

    @classmethod
    def get_documents(cls, parties, name):
        Attachment = Pool().get('ir.attachment')
        owners = {}
        for party in parties:
            for resource in party._document_resources():
                owners.setdefault(resource, []).append(party.id)
        documents = {p.id: [] for p in parties}
        for resources in grouped_slice(
                list(owners), backend.MAX_QUERY_PARAMS):
            for attachment in Attachment.search([
                        ('resource', 'in', list(resources)),
                        ], order=[('upload_date', 'DESC'), ('id', 'DESC')]):
                for party_id in owners.get(str(attachment.resource), []):
                    documents[party_id].append(attachment.id)
        return documents

    def portal_documents(self):
        "Return the documents of the library the client may see"
        Attachment = Pool().get('ir.attachment')
        return Attachment.search([
                ('resource', 'in', self._document_resources()),
                ('portal_visible', '=', True),
                ('type', '=', 'data'),
                ], order=[('upload_date', 'DESC'), ('id', 'DESC')])

    @classmethod
    def set_documents(cls, parties, name, value):
        "Store the documents added or changed from the library"
        Attachment = Pool().get('ir.attachment')
        for action, *args in value:
            if action == 'create':
                to_create = []
                for party in parties:
                    for values in args[0]:
                        values = values.copy()
                        if not values.get('resource'):
                            values['resource'] = str(party)
                        to_create.append(values)
                Attachment.create(to_create)
            elif action == 'write':
                Attachment.write(*[
                        a if i % 2 else Attachment.browse(a)
                        for i, a in enumerate(args)])
            elif action == 'delete':
                Attachment.delete(Attachment.browse(args[0]))

    @classmethod
    def _document_client_domain(cls):
        "Return the domain of the parties which are clients"
        domain = []
        if 'client_status' in cls._fields:
            domain.append(('client_status', '!=', None))
        if 'is_insurer' in cls._fields:
            domain.append(('is_insurer', '!=', True))
        return domain

    def _document_requirement_rule_domain(self):
        if getattr(self, 'is_insurer', False):
            return None
        if 'client_status' in self._fields and not self.client_status:
            return None
        return [('scope', '=', 'client')]

    @classmethod
    def _document_requirement_retroactive_domain(cls):
        return cls._document_client_domain()

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'write' and field_names and 'client_status' in field_names:
            cls.generate_document_requirements(records)


class OpenDocuments(Wizard):
    "Open the Documents of Parties"
    __name__ = 'party.party.open_documents'
    start_state = 'open_'
    open_ = StateAction('insurance_document.act_document_form')

    def do_open_(self, action):
        encoder = PYSONEncoder()
        resources = []
        for party in self.records:
            resources.extend(party._document_resources())
        action['pyson_domain'] = encoder.encode(
            [('resource', 'in', resources)])
        if len(self.records) == 1:
            action['pyson_context'] = encoder.encode({
                    'resource': str(self.record),
                    })
            action['name'] += ' (%s)' % self.record.rec_name
        return action, {}

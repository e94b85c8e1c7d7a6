# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from collections import defaultdict

from trytond import backend
from trytond.ir.resource import ResourceMixin
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

INCOMPLETE_STATES = ['missing', 'invalid']



def line_of_business_rule_domain(scope, line_of_business):
    "Domain of the rules of the scope for the line of business or for all"
    return [
        ('scope', '=', scope),
        ['OR',
            ('line_of_business', '=', None),
            ('line_of_business', '=', line_of_business.id),
            ],
        ]

class DocumentRequirementRule(DeactivableMixin, ModelSQL, ModelView):
    "Document Requirement Rule"
    __name__ = 'insurance.document.requirement.rule'
    document_type = fields.Many2One(
        'insurance.document.type', "Document Type", required=True,
        ondelete='RESTRICT',
        help="The document to collect.")
    scope = fields.Selection([
            ('client', "All Clients"),
            ('policy', "Contracts"),
            ], "Scope", required=True,
        help="The records which must provide the document.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business",
        ondelete='RESTRICT',
        states={
            'invisible': Eval('scope') == 'client',
            },
        help="Limit the rule to the records of this line of business.\n"
        "Leave empty for all lines of business.")
    mandatory = fields.Boolean(
        "Mandatory",
        help="If checked, a missing or invalid document makes the record "
        "incomplete and shows in the data control.")
    retroactive = fields.Boolean(
        "Retroactive",
        help="If checked, the document is also required from the existing "
        "records when the rule is created.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('scope', 'ASC'))
        cls._buttons.update({
                'apply_retroactive': {
                    'invisible': ~Eval('active', True),
                    'depends': ['active'],
                    },
                })

    @classmethod
    def default_scope(cls):
        return 'client'

    @classmethod
    def default_mandatory(cls):
        return True

    @classmethod
    def default_retroactive(cls):
        return False

    def get_rec_name(self, name):
        return self.document_type.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('document_type.rec_name', *clause[1:])]

    @classmethod
    def _scope_models(cls):
        """Return the model name of the records of each scope

        Modules adding a scope add their model here."""
        return {
            'client': 'party.party',
            }

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'create':
            cls.apply_retroactive([r for r in records if r.retroactive])

    @classmethod
    @ModelView.button
    def apply_retroactive(cls, rules):
        "Require the documents of the rules from every existing record"
        pool = Pool()
        scopes = {r.scope for r in rules if r.active}
        for scope, model in cls._scope_models().items():
            if scope not in scopes:
                continue
            Model = pool.get(model)
            with without_check_access():
                records = Model.search(
                    Model._document_requirement_retroactive_domain())
            Model.generate_document_requirements(records, rules=rules)


class DocumentRequirement(Workflow, ResourceMixin, ModelSQL, ModelView):
    "Required Document"
    __name__ = 'insurance.document.requirement'
    rule = fields.Many2One(
        'insurance.document.requirement.rule', "Rule", readonly=True,
        ondelete='SET NULL',
        help="The rule which requires the document.")
    document_type = fields.Many2One(
        'insurance.document.type', "Document Type", required=True,
        ondelete='RESTRICT',
        states={
            'readonly': Eval('state') != 'missing',
            },
        help="The document to collect.")
    mandatory = fields.Boolean(
        "Mandatory",
        help="If checked, the record is incomplete "
        "until the document is valid or received.")
    state = fields.Selection([
            ('missing', "Missing"),
            ('received', "Received"),
            ('valid', "Valid"),
            ('invalid', "Invalid"),
            ], "State", readonly=True, required=True, sort=False,
        help="Where the collection of the document stands.")
    received_date = fields.Date(
        "Received Date",
        help="When the document was received.")
    attachment = fields.Many2One(
        'ir.attachment', "Document", ondelete='SET NULL',
        domain=[
            ('resource', '=', Eval('resource', -1)),
            ],
        help="The document which fulfils the requirement.")
    comment = fields.Text("Comment")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.resource.readonly = True
        cls._order = [
            ('resource', 'ASC'),
            ('document_type', 'ASC'),
            ('id', 'ASC'),
            ]
        cls._transitions |= {
            ('missing', 'received'),
            ('received', 'valid'),
            ('received', 'invalid'),
            ('invalid', 'valid'),
            ('valid', 'invalid'),
            ('received', 'missing'),
            ('valid', 'missing'),
            ('invalid', 'missing'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': Eval('state') != 'missing',
                    'depends': ['state'],
                    },
                'accept': {
                    'invisible': ~Eval('state').in_(['received', 'invalid']),
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': ~Eval('state').in_(['received', 'valid']),
                    'depends': ['state'],
                    },
                'reset': {
                    'invisible': Eval('state') == 'missing',
                    'depends': ['state'],
                    },
                'attach': {
                    'invisible': Eval('state') != 'missing',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'missing'

    @classmethod
    def default_mandatory(cls):
        return True

    def get_rec_name(self, name):
        return '%s @ %s' % (
            self.document_type.rec_name,
            self.resource.rec_name if self.resource else '')

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    def receive(cls, requirements):
        Date = Pool().get('ir.date')
        to_date = [r for r in requirements if not r.received_date]
        if to_date:
            cls.write(to_date, {'received_date': Date.today()})

    @classmethod
    @ModelView.button
    @Workflow.transition('valid')
    def accept(cls, requirements):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('invalid')
    def reject(cls, requirements):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('missing')
    def reset(cls, requirements):
        cls.write(requirements, {
                'received_date': None,
                'attachment': None,
                })

    @classmethod
    @ModelView.button_action(
        'insurance_document.wizard_requirement_attach')
    def attach(cls, requirements):
        pass

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode in {'create', 'write'} and (
                field_names is None or 'attachment' in field_names):
            attached = [
                r for r in records if r.attachment and r.state == 'missing']
            if attached:
                cls.receive(attached)

    @classmethod
    def receive_attachments(cls, attachments):
        "Mark as received the missing requirements the attachments fulfil"
        Date = Pool().get('ir.date')
        matching = {}
        for attachment in sorted(attachments, key=lambda a: a.id):
            if attachment.resource and attachment.document_type:
                key = (str(attachment.resource), attachment.document_type.id)
                matching[key] = attachment
        if not matching:
            return
        with without_check_access():
            requirements = cls.search([
                    ('resource', 'in', list({k[0] for k in matching})),
                    ('document_type', 'in', list({k[1] for k in matching})),
                    ('state', '=', 'missing'),
                    ])
            to_write = []
            today = Date.today()
            for requirement in requirements:
                attachment = matching.get(
                    (str(requirement.resource), requirement.document_type.id))
                if attachment:
                    to_write.extend(([requirement], {
                                'attachment': attachment.id,
                                'received_date': today,
                                }))
            if to_write:
                cls.write(*to_write)


class DocumentRequirementMixin:
    """Give a model required documents

    The model returns the domain of its applicable rules from
    `_document_requirement_rule_domain` and the records to complete when a
    rule is applied retroactively from
    `_document_requirement_retroactive_domain`."""
    __slots__ = ()
    document_requirements = fields.One2Many(
        'insurance.document.requirement', 'resource', "Required Documents",
        help="The documents to collect for the record.")
    documents_complete = fields.Function(fields.Boolean(
            "Documents Complete",
            help="Whether no mandatory document is missing or invalid."),
        'get_documents_complete', searcher='search_documents_complete')

    def _document_requirement_rule_domain(self):
        """Return the domain of the rules applying to the record

        None means no rule applies."""
        return None

    @classmethod
    def _document_requirement_fields(cls):
        "Return the fields whose change brings other rules into play"
        return set()

    @classmethod
    def _document_requirement_retroactive_domain(cls):
        "Return the domain of the records a retroactive rule applies to"
        return []

    @classmethod
    def get_documents_complete(cls, records, name):
        Requirement = Pool().get('insurance.document.requirement')
        cursor = Transaction().connection.cursor()
        table = Requirement.__table__()
        result = {r.id: True for r in records}
        for sub_records in grouped_slice(
                records, backend.MAX_QUERY_PARAMS):
            resources = [str(r) for r in sub_records]
            cursor.execute(*table.select(
                    table.resource,
                    where=table.resource.in_(resources)
                    & (table.mandatory == True)  # noqa: E712
                    & table.state.in_(INCOMPLETE_STATES)))
            for resource, in cursor:
                result[int(resource.split(',', 1)[1])] = False
        return result

    @classmethod
    def search_documents_complete(cls, name, clause):
        Requirement = Pool().get('insurance.document.requirement')
        table = Requirement.__table__()
        query = table.select(
            Requirement.resource.sql_id(table.resource, cls),
            where=table.resource.like(cls.__name__ + ',%')
            & (table.mandatory == True)  # noqa: E712
            & table.state.in_(INCOMPLETE_STATES))
        _, operator, value = clause[:3]
        complete = (operator == '=') == bool(value)
        return [('id', 'not in' if complete else 'in', query)]

    @classmethod
    def generate_document_requirements(cls, records, rules=None):
        """Create the missing requirement lines of the records

        Only from the given rules if any, else from all the applicable rules.
        Running it again creates nothing new."""
        pool = Pool()
        Rule = pool.get('insurance.document.requirement.rule')
        Requirement = pool.get('insurance.document.requirement')
        by_domain = defaultdict(list)
        for record in records:
            domain = record._document_requirement_rule_domain()
            if domain is not None:
                by_domain[repr(domain)].append((record, domain))
        only = set(rules) if rules is not None else None
        to_create = []
        with without_check_access():
            for entries in by_domain.values():
                applicable = Rule.search(entries[0][1])
                if only is not None:
                    applicable = [r for r in applicable if r in only]
                if applicable:
                    to_create.extend(cls._new_document_requirements(
                            [r for r, _ in entries], applicable))
            if to_create:
                Requirement.create(to_create)
                cls._receive_existing_documents(to_create)

    @classmethod
    def _receive_existing_documents(cls, vlist):
        "Match the new requirements with the documents already stored"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Requirement = pool.get('insurance.document.requirement')
        resources = list({v['resource'] for v in vlist})
        document_types = list({v['document_type'] for v in vlist})
        attachments = []
        for sub_resources in grouped_slice(
                resources, backend.MAX_QUERY_PARAMS):
            attachments.extend(Attachment.search([
                        ('resource', 'in', list(sub_resources)),
                        ('document_type', 'in', document_types),
                        ]))
        Requirement.receive_attachments(attachments)

    @classmethod
    def _new_document_requirements(cls, records, rules):
        Requirement = Pool().get('insurance.document.requirement')
        existing = set()
        for sub_records in grouped_slice(
                records, backend.MAX_QUERY_PARAMS):
            for requirement in Requirement.search([
                        ('resource', 'in', [str(r) for r in sub_records]),
                        ]):
                existing.add(
                    (str(requirement.resource), requirement.document_type.id))
        vlist = []
        for record in records:
            for rule in rules:
                key = (str(record), rule.document_type.id)
                if key in existing:
                    continue
                existing.add(key)
                vlist.append({
                        'resource': str(record),
                        'rule': rule.id,
                        'document_type': rule.document_type.id,
                        'mandatory': rule.mandatory,
                        })
        return vlist

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'create' or (mode == 'write' and field_names
                and field_names & cls._document_requirement_fields()):
            cls.generate_document_requirements(records)

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('document_requirements', None)
        return super().copy(records, default=default)


class AttachDocument(Wizard):
    "Attach a Document to a Requirement"
    __name__ = 'insurance.document.requirement.attach'
    start = StateView(
        'insurance.document.requirement.attach.start',
        'insurance_document.requirement_attach_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Attach", 'attach', 'tryton-ok', default=True),
            ])
    attach = StateTransition()

    def default_start(self, fields):
        return {
            'portal_visible': False,
            }

    def transition_attach(self):
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Requirement = pool.get('insurance.document.requirement')
        requirement = self.record
        attachment = Attachment(
            name=self.start.name,
            data=self.start.data,
            resource=requirement.resource,
            document_type=requirement.document_type,
            portal_visible=self.start.portal_visible)
        attachment.save()
        requirement = Requirement(requirement.id)
        if requirement.attachment != attachment:
            requirement.attachment = attachment
            requirement.save()
        return 'end'


class AttachDocumentStart(ModelView):
    "Attach a Document to a Requirement"
    __name__ = 'insurance.document.requirement.attach.start'
    data = fields.Binary("File", filename='name', required=True)
    name = fields.Char("File Name", required=True)
    portal_visible = fields.Boolean(
        "Visible on Extranet",
        help="If checked, the client sees the document on the extranet.")

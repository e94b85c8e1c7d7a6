# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import os

from jinja2 import TemplateSyntaxError

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.wizard import StateAction, StateTransition, Wizard

from . import engine, ready
from .exceptions import TemplateValidationError

MODELS = [
    ('party.party', "Client"),
    ('insurance.policy', "Contract"),
    ('insurance.project', "Project"),
    ('insurance.claim', "Claim"),
    ]


class Template(DeactivableMixin, ModelSQL, ModelView):
    "Mail Merge Template"
    __name__ = 'insurance.mailmerge.template'
    name = fields.Char("Name", required=True)
    description = fields.Text("Description")
    model = fields.Selection(
        MODELS, "Generated From", required=True, sort=False,
        help="The kind of record the document is generated from; "
        "a contract, project or claim also gives its client's variables.")
    file = fields.Binary(
        "File", required=True, filename='filename', file_id='file_id',
        help="The Word document (.docx) with the variables of the "
        "generic file, e.g. {client_nom}.")
    file_id = fields.Char("File ID", readonly=True)
    filename = fields.Char("File Name", required=True)
    document_type = fields.Many2One(
        'insurance.document.type', "Document Type", ondelete='RESTRICT',
        help="The type given to the generated documents.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_model(cls):
        return 'party.party'

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        if field_names and not field_names & {'file', 'filename'}:
            return
        for template in templates:
            template.check_file()

    def check_file(self):
        "Refuse a file that is not a DOCX or uses unknown variables"
        extension = os.path.splitext(self.filename or '')[1].lower()
        if extension != '.docx':
            raise TemplateValidationError(gettext(
                    'insurance_mailmerge.msg_template_extension',
                    template=self.name, filename=self.filename))
        try:
            unknown = engine.unknown_variables(self.file)
        except ValueError:
            raise TemplateValidationError(gettext(
                    'insurance_mailmerge.msg_template_invalid',
                    template=self.name, filename=self.filename))
        except TemplateSyntaxError as exception:
            raise TemplateValidationError(gettext(
                    'insurance_mailmerge.msg_template_syntax',
                    template=self.name, error=exception.message))
        if unknown:
            lines = []
            for name, suggestion in unknown:
                if suggestion:
                    lines.append(gettext(
                            'insurance_mailmerge'
                            '.msg_template_variable_suggestion',
                            name=name, suggestion=suggestion))
                else:
                    lines.append(name)
            raise TemplateValidationError(gettext(
                    'insurance_mailmerge.msg_template_unknown_variables',
                    template=self.name, variables='\n'.join(lines)))


    @classmethod
    def create_ready(cls):
        """Create the ready templates in French that are missing
        (DER, mandate, termination, certificate, quote letter)"""
        existing = {t.filename for t in cls.search([
                    ('active', 'in', [True, False]),
                    ])}
        to_create = []
        for name, model, filename, build, description in ready.READY:
            if filename in existing:
                continue
            to_create.append({
                    'name': name,
                    'model': model,
                    'filename': filename,
                    'file': build(),
                    'description': description,
                    })
        return cls.create(to_create)


class LoadReady(Wizard):
    "Load Ready Templates"
    __name__ = 'insurance.mailmerge.template.load_ready'
    start_state = 'load'
    load = StateTransition()
    open_ = StateAction('insurance_mailmerge.act_template_form')

    def transition_load(self):
        Pool().get('insurance.mailmerge.template').create_ready()
        return 'open_'


class GenericFile(Report):
    "Mail Merge Generic File"
    __name__ = 'insurance.mailmerge.generic_file'

    @classmethod
    def execute(cls, ids, data):
        return ('docx', engine.generic_file(), False,
            "publipostage-variables")

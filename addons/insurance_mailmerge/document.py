# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import os
import re
import unicodedata

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from trytond.i18n import gettext
from trytond.ir.resource import ResourceAccessMixin
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

from . import engine, office
from .context import LANGUAGE
from .exceptions import GenerationError

OFFICE_QUEUE = 'office'


def slug(text):
    text = unicodedata.normalize('NFKD', text or '').encode(
        'ascii', 'ignore').decode('ascii')
    return re.sub(r'[^A-Za-z0-9]+', '-', text).strip('-').lower() or 'document'


class Document(ResourceAccessMixin, Workflow, ModelSQL, ModelView):
    "Generated Document"
    __name__ = 'insurance.mailmerge.document'
    template = fields.Many2One(
        'insurance.mailmerge.template', "Template", required=True,
        readonly=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True, readonly=True)
    docx = fields.Many2One(
        'ir.attachment', "Editable Document", readonly=True,
        ondelete='SET NULL',
        help="The Word document, stored in the record's documents.")
    pdf = fields.Many2One(
        'ir.attachment', "PDF Document", readonly=True, ondelete='SET NULL',
        help="The PDF, stored in the record's documents once made.")
    docx_file = fields.Function(fields.Binary(
            "Editable Document", filename='docx_filename'), 'get_file')
    docx_filename = fields.Function(
        fields.Char("Editable Document Name"), 'get_file')
    pdf_file = fields.Function(fields.Binary(
            "PDF Document", filename='pdf_filename'), 'get_file')
    pdf_filename = fields.Function(
        fields.Char("PDF Document Name"), 'get_file')
    state = fields.Selection([
            ('pending', "PDF Pending"),
            ('done', "Done"),
            ('failed', "PDF Failed"),
            ], "State", readonly=True, required=True, sort=False)
    error = fields.Text(
        "Error", readonly=True,
        states={'invisible': Eval('state') != 'failed'})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.resource.readonly = True
        cls._order.insert(0, ('create_date', 'DESC'))
        cls._transitions |= {
            ('pending', 'done'),
            ('pending', 'failed'),
            ('failed', 'pending'),
            }
        cls._buttons.update({
                'retry': {
                    'invisible': Eval('state') != 'failed',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'pending'

    @classmethod
    def get_file(cls, documents, names):
        result = {n: {d.id: None for d in documents} for n in names}
        for document in documents:
            for name in names:
                attachment = getattr(document, name.split('_')[0])
                if not attachment:
                    continue
                if name.endswith('_file'):
                    result[name][document.id] = attachment.data
                else:
                    result[name][document.id] = attachment.name
        return result

    @classmethod
    @ModelView.button
    @Workflow.transition('pending')
    def retry(cls, documents):
        cls.queue_pdf(documents)

    @classmethod
    def generate(cls, template, records, pdf=True):
        """Generate the document of template for each record, store the
        DOCX in the record's documents and queue its PDF

        The records are checked against the user's access rules."""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        if not records:
            return []
        Model = records[0].__class__
        if Model.__name__ != template.model:
            raise GenerationError(gettext(
                    'insurance_mailmerge.msg_template_model',
                    template=template.rec_name,
                    record=records[0].rec_name))
        ids = [r.id for r in records]
        with check_access():
            if len(Model.search([('id', 'in', ids)])) != len(set(ids)):
                raise GenerationError(gettext(
                        'insurance_mailmerge.msg_render_access'))
        attachments, documents = [], []
        with Transaction().set_context(language=LANGUAGE):
            for record in Model.browse(ids):
                data = cls.render(template, record)
                name = '%s_%s' % (
                    slug(os.path.splitext(template.filename)[0]), record.id)
                attachments.append(Attachment(
                        resource=record, name=name + '.docx', data=data,
                        type='data', document_type=template.document_type))
                documents.append(cls(
                        template=template, resource=record, name=name,
                        state='pending' if pdf else 'done'))
        Attachment.save(attachments)
        for document, attachment in zip(documents, attachments):
            document.docx = attachment
        cls.save(documents)
        if pdf:
            cls.queue_pdf(documents)
        return documents

    @classmethod
    def render(cls, template, record):
        "Return the DOCX of template rendered for record"
        try:
            return engine.render(template.file, record.get_mailmerge_context())
        except SecurityError as exception:
            raise GenerationError(gettext(
                    'insurance_mailmerge.msg_render_unsafe',
                    template=template.rec_name, error=str(exception)))
        except TemplateError as exception:
            raise GenerationError(gettext(
                    'insurance_mailmerge.msg_render_error',
                    template=template.rec_name, record=record.rec_name,
                    error=str(exception)))

    @classmethod
    def queue_pdf(cls, documents):
        "Make the PDF of the documents in the office queue"
        with Transaction().set_context(queue_name=OFFICE_QUEUE):
            cls.__queue__.convert_pdf(documents)

    @classmethod
    def convert_pdf(cls, documents):
        """Convert the DOCX of the pending documents to PDF with LibreOffice

        A conversion that gives no PDF sets the document failed with the
        reason; it may be tried again."""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        done, failed = [], []
        for document in documents:
            if document.state != 'pending' or not document.docx:
                continue
            try:
                if not office.soffice():
                    raise office.OfficeError(gettext(
                            'insurance_mailmerge.msg_office_missing'))
                data = office.convert(
                    document.docx.data, document.name + '.docx')
            except office.OfficeError as exception:
                document.error = gettext(
                    'insurance_mailmerge.msg_office_failed',
                    document=document.name, error=str(exception))
                failed.append(document)
                continue
            document.pdf = Attachment(
                resource=document.resource, name=document.name + '.pdf',
                data=data, type='data',
                document_type=document.template.document_type)
            document.error = None
            done.append(document)
        Attachment.save([d.pdf for d in done])
        cls.save(done + failed)
        cls.mark_done(done)
        cls.mark_failed(failed)

    @classmethod
    @Workflow.transition('done')
    def mark_done(cls, documents):
        pass

    @classmethod
    @Workflow.transition('failed')
    def mark_failed(cls, documents):
        pass


class GenerateStart(ModelView):
    "Generate Document"
    __name__ = 'insurance.mailmerge.generate.start'
    model = fields.Char("Model", readonly=True)
    template = fields.Many2One(
        'insurance.mailmerge.template', "Template", required=True,
        domain=[('model', '=', Eval('model'))],
        help="The document to generate.")
    pdf = fields.Boolean(
        "PDF", help="Also make the PDF of the document (a few seconds, "
        "in the background).")


class Generate(Wizard):
    "Generate Document"
    __name__ = 'insurance.mailmerge.generate'
    start = StateView(
        'insurance.mailmerge.generate.start',
        'insurance_mailmerge.generate_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Generate", 'generate', 'tryton-ok', default=True),
            ])
    generate = StateAction('insurance_mailmerge.act_document_form')

    def default_start(self, fields):
        return {
            'model': self.model.__name__,
            'pdf': True,
            }

    def do_generate(self, action):
        pool = Pool()
        Document = pool.get('insurance.mailmerge.document')
        documents = Document.generate(
            self.start.template, list(self.records), pdf=self.start.pdf)
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [d.id for d in documents])])
        return action, {}

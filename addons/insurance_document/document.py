# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import os

import puremagic

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSingleton, ModelSQL, ModelView, Unique, fields)
from trytond.pool import Pool

from .exceptions import (
    DocumentConfigurationError, DocumentContentError, DocumentExtensionError,
    DocumentSizeError)

DEFAULT_EXTENSIONS = 'jpg jpeg png gif pdf doc docx csv xls xlsx'
# Extensions whose content puremagic may report under another name: a JPEG
# is also a JFIF, Office 97 files share the OLE container, Office 2007 files
# are ZIP archives that puremagic cannot tell apart.
CONTENT_FAMILIES = [
    {'jpg', 'jpeg', 'jpe', 'jfif'},
    {'doc', 'xls', 'ppt', 'dot', 'xlt'},
    {'docx', 'xlsx', 'pptx', 'docm', 'xlsm', 'dotx', 'xltx'},
    ]
# Formats without a signature: plain text is recognised by its lack of
# binary bytes.
TEXT_EXTENSIONS = {'csv', 'txt'}


class DocumentType(DeactivableMixin, ModelSQL, ModelView):
    "Document Type"
    __name__ = 'insurance.document.type'
    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char(
        "Code", required=True,
        help="The unique identifier of the type used by imports and scripts.")
    sequence = fields.Integer("Sequence")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('sequence', 'ASC NULLS FIRST'))
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'insurance_document.msg_document_type_code_unique'),
            ]


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Document Configuration"
    __name__ = 'insurance.document.configuration'
    allowed_extensions = fields.Char(
        "Allowed Extensions", required=True,
        help="The file extensions accepted for documents, "
        "separated by spaces or commas.")
    max_size = fields.Integer(
        "Maximum Size", required=True,
        domain=[('max_size', '>', 0)],
        help="The maximum size of a document in megabytes.")

    @classmethod
    def default_allowed_extensions(cls):
        return DEFAULT_EXTENSIONS

    @classmethod
    def default_max_size(cls):
        return 10

    @property
    def extensions(self):
        "The set of allowed extensions, lower case without dot"
        text = (self.allowed_extensions or '').replace(',', ' ')
        return {e.strip().lstrip('.').lower() for e in text.split()
            if e.strip()}

    @classmethod
    def validate_fields(cls, configurations, field_names):
        super().validate_fields(configurations, field_names)
        if field_names and 'allowed_extensions' not in field_names:
            return
        for configuration in configurations:
            if not configuration.extensions:
                raise DocumentConfigurationError(gettext(
                        'insurance_document.msg_configuration_no_extension'))

    def check_file(self, name, data):
        "Raise an error if the file may not be stored as a document"
        extension = os.path.splitext(name or '')[1].lstrip('.').lower()
        if extension not in self.extensions:
            raise DocumentExtensionError(gettext(
                    'insurance_document.msg_document_extension',
                    name=name,
                    extensions=', '.join(sorted(self.extensions))))
        if len(data) > self.max_size * 1024 * 1024:
            raise DocumentSizeError(gettext(
                    'insurance_document.msg_document_size',
                    name=name, size=round(len(data) / 1024 / 1024, 1),
                    max_size=self.max_size))
        if not content_matches(extension, data):
            raise DocumentContentError(gettext(
                    'insurance_document.msg_document_content',
                    name=name, extension=extension))


def detected_extensions(data):
    "Return the extensions that puremagic finds in the content"
    try:
        matches = puremagic.magic_string(data)
    except puremagic.PureError:
        return set()
    return {m.extension.lstrip('.').lower() for m in matches if m.extension}


def content_matches(extension, data):
    "Tell if the content of data is what its extension announces"
    if not data:
        return extension in TEXT_EXTENSIONS
    detected = detected_extensions(data)
    if extension in TEXT_EXTENSIONS:
        return not detected and b'\x00' not in data[:8192]
    accepted = {extension}
    for family in CONTENT_FAMILIES:
        if extension in family:
            accepted |= family
    return bool(detected & accepted)


def get_configuration():
    return Pool().get('insurance.document.configuration')(1)

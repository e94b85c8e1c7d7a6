# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model.exceptions import ValidationError


class DocumentError(ValidationError):
    pass


class DocumentExtensionError(DocumentError):
    pass


class DocumentContentError(DocumentError):
    pass


class DocumentSizeError(DocumentError):
    pass


class DocumentConfigurationError(ValidationError):
    pass


class InvalidLink(DocumentError):
    pass

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class TemplateVariableError(ValidationError):
    pass


class SMSTemplateError(ValidationError):
    pass


class SenderError(ValidationError):
    pass


class RecipientError(UserError):
    pass


class SMSLengthError(UserError):
    pass


class CommunicationAccessError(AccessError):
    pass


class ProviderError(Exception):
    "A provider refused or failed to take a message (kept on the message)"

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class InvalidORIAS(ValidationError):
    pass


class InvalidSIREN(ValidationError):
    pass


class InvalidSIRET(ValidationError):
    pass


class InvalidColor(ValidationError):
    pass


class InvalidSSN(ValidationError):
    pass


class InvalidBirthDate(ValidationError):
    pass


class InvalidName(ValidationError):
    pass


class AbandonError(UserError):
    pass


class InvalidAPECode(ValidationError):
    pass


class InvalidInsurerContactEmail(ValidationError):
    pass


class InvalidProductRate(ValidationError):
    pass


class ProductDefaultRateError(ValidationError):
    pass


class InvalidInput(ValidationError):
    pass


class InvalidFile(UserError):
    pass

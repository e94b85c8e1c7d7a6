# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class InvalidPlate(ValidationError):
    pass


class PolicyDateError(ValidationError):
    pass


class PolicyPremiumError(ValidationError):
    pass


class PolicyCoefficientError(ValidationError):
    pass


class PolicyReferenceError(ValidationError):
    pass


class PolicyActivationError(UserError):
    pass


class PolicyDeleteError(AccessError):
    pass


class EndorsementError(UserError):
    pass

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class ClaimDateError(ValidationError):
    pass


class ClaimCoverError(ValidationError):
    pass


class ClaimAmountError(ValidationError):
    pass


class ClaimDeleteError(AccessError):
    pass


class ClaimSettlementError(UserError):
    pass

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class CommissionDeleteError(AccessError):
    pass


class CommissionValidationError(ValidationError):
    pass


class StatementFileError(UserError):
    pass


class StatementMatchError(UserError):
    pass


class StatementPostError(UserError):
    pass


class IntroducerRateError(ValidationError):
    pass


class SalespersonRateError(ValidationError):
    pass


class PayeeStatementDeleteError(AccessError):
    pass


class PayeeStatementEmptyError(UserError):
    pass


class PayeeStatementPostError(UserError):
    pass


class ContractImportFileError(UserError):
    pass


class CommissionPostError(UserError):
    pass

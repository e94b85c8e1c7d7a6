# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class ReceiptError(ValidationError):
    pass


class ReceiptPostError(UserError):
    pass


class ReceiptCancelError(UserError):
    pass


class PaymentError(ValidationError):
    pass


class PaymentPostError(UserError):
    pass


class RemittanceError(UserError):
    pass


class FeeInvoiceError(UserError):
    pass


class MandateError(ValidationError):
    pass


class DirectDebitError(UserError):
    pass


class JournalExportError(UserError):
    pass

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class ProjectStateError(UserError):
    pass


class StudyChosenError(ValidationError):
    pass


class StudyPremiumError(ValidationError):
    pass


class TransformError(UserError):
    pass


class RateTableImportError(UserError):
    pass


class RateTableLineError(ValidationError):
    pass


class ConnectorError(UserError):
    pass


class StageColorError(ValidationError):
    pass

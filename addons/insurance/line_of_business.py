# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from sql.operators import Equal

from trytond.model import (
    DeactivableMixin, Exclude, ModelSQL, ModelView, fields, sequence_ordered)


class LineOfBusiness(
        DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Line of Business"
    __name__ = 'insurance.line_of_business'
    code = fields.Char(
        "Code", required=True, strip=True,
        help="Short code used by imports and integrations.")
    name = fields.Char("Name", required=True, translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_unique', Exclude(t, (t.code, Equal)),
                'insurance.msg_line_of_business_code_unique'),
            ]

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)

from .exceptions import StageColorError

COLOR_PATTERN = re.compile(r'^#[0-9a-fA-F]{6}$')


class Stage(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Project Stage"
    __name__ = 'insurance.project.stage'
    name = fields.Char("Label", required=True, translate=True)
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business",
        ondelete='CASCADE',
        help="The line of business whose pipeline has the stage.\n"
        "Leave empty for the stages shared by every line of business.")
    color = fields.Char(
        "Colour", size=7, strip=True,
        help="The colour of the stage as hexadecimal code, e.g. #2E86C1.")

    @classmethod
    def validate_fields(cls, stages, field_names):
        super().validate_fields(stages, field_names)
        if field_names and 'color' not in field_names:
            return
        for stage in stages:
            if stage.color and not COLOR_PATTERN.match(stage.color):
                raise StageColorError(gettext(
                        'insurance_project.msg_stage_color',
                        color=stage.color, stage=stage.rec_name))

    @classmethod
    def pipeline(cls, line_of_business):
        "Return the active stages of the line of business in order"
        domain = [('line_of_business', '=', None)]
        if line_of_business:
            domain = ['OR', domain[0],
                ('line_of_business', '=', line_of_business.id)]
        return cls.search(domain)

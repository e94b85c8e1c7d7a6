# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Id


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Project Configuration"
    __name__ = 'insurance.project.configuration'
    project_sequence = fields.Many2One(
        'ir.sequence', "Project Sequence", required=True,
        domain=[
            ('sequence_type', '=',
                Id('insurance_project', 'sequence_type_project')),
            ],
        help="Used to number the project files.")
    quote_footer = fields.Text(
        "Quote Footer",
        help="Printed at the bottom of the quotes, above the legal "
        "mentions of the firm.")

    @classmethod
    def default_project_sequence(cls):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id('insurance_project', 'sequence_project')
        except KeyError:
            return None

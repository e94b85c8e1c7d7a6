# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Bool, Eval, If


class DocumentRequirementRule(metaclass=PoolMeta):
    __name__ = 'insurance.document.requirement.rule'
    claim_kind = fields.Many2One(
        'insurance.claim.kind', "Claim Type", ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('line_of_business')),
                ['OR',
                    ('line_of_business', '=', None),
                    ('line_of_business', '=', Eval('line_of_business', -1)),
                    ],
                []),
            ],
        states={
            'invisible': Eval('scope') != 'claim',
            },
        help="Limit the rule to the claims of this type.\n"
        "Leave empty for all types.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.scope.selection.append(('claim', "Claims"))

    @classmethod
    def _scope_models(cls):
        return super()._scope_models() | {
            'claim': 'insurance.claim',
            }

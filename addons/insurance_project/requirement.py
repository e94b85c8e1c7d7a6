# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta


class DocumentRequirementRule(metaclass=PoolMeta):
    __name__ = 'insurance.document.requirement.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.scope.selection.append(('project', "Projects"))

    @classmethod
    def _scope_models(cls):
        return super()._scope_models() | {
            'project': 'insurance.project',
            }

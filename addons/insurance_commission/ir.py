# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('insurance.policy|generate_current_commissions',
                    "Compute Expected Commissions"),
                ('insurance.commission|mark_late',
                    "Mark Late Commissions"),
                ])

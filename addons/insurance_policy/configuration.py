# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Contract Configuration"
    __name__ = 'insurance.policy.configuration'
    renewal_notice_days = fields.Integer(
        "Renewal Notice", required=True,
        domain=[('renewal_notice_days', '>=', 0)],
        help="The number of days before the renewal date from which a "
        "contract is flagged \"to renew\".")

    @classmethod
    def default_renewal_notice_days(cls):
        return 60

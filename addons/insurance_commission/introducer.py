# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered

from .exceptions import IntroducerRateError

_PERCENT = (16, 2)


class IntroducerRate(sequence_ordered(), ModelSQL, ModelView):
    "Introducer Commission Rate"
    __name__ = 'insurance.introducer.rate'
    introducer = fields.Many2One(
        'party.party', "Introducer", required=True, ondelete='CASCADE',
        domain=[('is_introducer', '=', True)])
    product = fields.Many2One(
        'insurance.product', "Product", ondelete='CASCADE',
        help="Leave empty for the rate of the products without their own "
        "line.")
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=_PERCENT, required=True,
        help="The share of the firm's new business commission paid to the "
        "introducer, in percent.")
    renewal_rate = fields.Numeric(
        "Renewal Rate (%)", digits=_PERCENT, required=True,
        help="The share of the firm's renewal commission paid to the "
        "introducer, in percent.")
    fee_rate = fields.Numeric(
        "Fee Rate (%)", digits=_PERCENT, required=True,
        help="The share of the fees paid to the introducer, in percent.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('introducer')

    @classmethod
    def default_new_business_rate(cls):
        return Decimal(0)

    @classmethod
    def default_renewal_rate(cls):
        return Decimal(0)

    @classmethod
    def default_fee_rate(cls):
        return Decimal(0)

    @classmethod
    def validate_fields(cls, rates, field_names):
        super().validate_fields(rates, field_names)
        for rate in rates:
            for name in ['new_business_rate', 'renewal_rate', 'fee_rate']:
                value = getattr(rate, name)
                if value is not None and not (0 <= value <= 100):
                    raise IntroducerRateError(gettext(
                            'insurance_commission.msg_introducer_rate',
                            field=cls.__names__(name)['field'],
                            value=value))

    def rate_for(self, kind):
        "Return the rate in percent of the commission kind"
        return {
            'new_business': self.new_business_rate,
            'renewal': self.renewal_rate,
            'fee': self.fee_rate,
            }[kind]

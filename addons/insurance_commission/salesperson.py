# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import SalespersonRateError

_PERCENT = (16, 2)
_RATES = ['new_business_rate', 'renewal_rate', 'fee_rate']


class SalespersonRate(ModelSQL, ModelView):
    "Salesperson Commission Rate"
    __name__ = 'insurance.salesperson.rate'
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    product = fields.Many2One(
        'insurance.product', "Product", ondelete='CASCADE',
        help="Leave empty for the rate of the products without their own "
        "line.")
    line_of_business = fields.Function(fields.Many2One(
            'insurance.line_of_business', "Line of Business"),
        'on_change_with_line_of_business')
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=_PERCENT, required=True,
        help="The share of the firm's new business commission paid to the "
        "collaborator, in percent.")
    renewal_rate = fields.Numeric(
        "Renewal Rate (%)", digits=_PERCENT, required=True,
        help="The share of the firm's renewal commission paid to the "
        "collaborator, in percent.")
    fee_rate = fields.Numeric(
        "Fee Rate (%)", digits=_PERCENT, required=True,
        help="The share of the fees paid to the collaborator, in percent.")
    employees = fields.Many2Many(
        'insurance.salesperson.rate-company.employee', 'rate', 'employee',
        "Collaborators",
        domain=[('company', '=', Eval('company', -1))],
        help="The collaborators paid at these rates.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_new_business_rate(cls):
        return Decimal(0)

    @classmethod
    def default_renewal_rate(cls):
        return Decimal(0)

    @classmethod
    def default_fee_rate(cls):
        return Decimal(0)

    @fields.depends('product')
    def on_change_with_line_of_business(self, name=None):
        return self.product.line_of_business if self.product else None

    def get_rec_name(self, name):
        product = self.product.rec_name if self.product else '*'
        rates = ' / '.join('%s %%' % format(Decimal(r or 0).normalize(), 'f')
            for r in [
                self.new_business_rate, self.renewal_rate, self.fee_rate])
        return '%s (%s)' % (product, rates)

    @classmethod
    def validate_fields(cls, rates, field_names):
        super().validate_fields(rates, field_names)
        for rate in rates:
            for name in _RATES:
                value = getattr(rate, name)
                if value is not None and not (0 <= value <= 100):
                    raise SalespersonRateError(gettext(
                            'insurance_commission.msg_salesperson_rate',
                            field=cls.__names__(name)['field'],
                            value=value))

    def rate_for(self, kind):
        "Return the rate in percent of the commission kind"
        return {
            'new_business': self.new_business_rate,
            'renewal': self.renewal_rate,
            'fee': self.fee_rate,
            }[kind]


class SalespersonRateEmployee(ModelSQL):
    "Salesperson Commission Rate - Employee"
    __name__ = 'insurance.salesperson.rate-company.employee'
    rate = fields.Many2One(
        'insurance.salesperson.rate', "Rate", required=True,
        ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')


def find_rate(rates, employee, product):
    """Return the rate line of the employee for the product among rates:
    the line of the product, else the line without product"""
    default = None
    for rate in rates:
        if employee not in rate.employees:
            continue
        if rate.product == product:
            return rate
        if not rate.product and default is None:
            default = rate
    return default

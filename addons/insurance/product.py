# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pool import Pool
from trytond.tools import grouped_slice

from .exceptions import InvalidProductRate, ProductDefaultRateError

_PERCENT_DIGITS = (16, 2)


class Product(DeactivableMixin, ModelSQL, ModelView):
    "Insurance Product"
    __name__ = 'insurance.product'
    _order_name = 'name'
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)],
        help="The insurance company that underwrites the product.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True,
        ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    code = fields.Char(
        "Code", strip=True,
        help="The insurer's reference of the product.")
    formulas = fields.One2Many(
        'insurance.product.formula', 'product', "Formulas",
        help="The levels of cover the product offers.")
    rates = fields.One2Many(
        'insurance.product.rate', 'product', "Commission Rates",
        help="The commission and fee lines; the default one fills new "
        "contracts.")
    default_rate = fields.Function(fields.Many2One(
            'insurance.product.rate', "Default Rate",
            help="The commission line used when the product is chosen "
            "on a contract."),
        'get_default_rate')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('insurer', 'ASC'),
            ('name', 'ASC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def get_default_rate(cls, products, name):
        pool = Pool()
        Rate = pool.get('insurance.product.rate')
        result = dict.fromkeys(map(int, products))
        for sub_ids in grouped_slice(
                list(result.keys()), backend.MAX_QUERY_PARAMS):
            for rate in Rate.search([
                        ('product', 'in', list(sub_ids)),
                        ('is_default', '=', True),
                        ], order=[('id', 'ASC')]):
                result[rate.product.id] = rate.id
        return result

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('code', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, products, field_names):
        super().validate_fields(products, field_names)
        cls.check_default_rate(products, field_names)

    @classmethod
    def check_default_rate(cls, products, field_names=None):
        "Check that a product with rate lines has exactly one default line"
        if field_names and 'rates' not in field_names:
            return
        for product in products:
            if not product.rates:
                continue
            defaults = [r for r in product.rates if r.is_default]
            if len(defaults) != 1:
                raise ProductDefaultRateError(gettext(
                        'insurance.msg_product_default_rate',
                        product=product.rec_name,
                        count=len(defaults)))


class ProductFormula(sequence_ordered(), ModelSQL, ModelView):
    "Insurance Product Formula"
    __name__ = 'insurance.product.formula'
    product = fields.Many2One(
        'insurance.product', "Product", required=True, ondelete='CASCADE')
    name = fields.Char(
        "Name", required=True,
        help="The name of the level of cover, e.g. \"Third party\".")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('product')


class ProductRate(sequence_ordered(), ModelSQL, ModelView):
    "Insurance Product Commission Rate"
    __name__ = 'insurance.product.rate'
    product = fields.Many2One(
        'insurance.product', "Product", required=True, ondelete='CASCADE')
    name = fields.Char(
        "Name", help="Tells the line apart, e.g. \"Partnership\".")
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=_PERCENT_DIGITS, required=True,
        help="Commission on first-year premiums, in percent.")
    renewal_rate = fields.Numeric(
        "Renewal Rate (%)", digits=_PERCENT_DIGITS, required=True,
        help="Commission on renewal premiums, in percent.")
    fee_type = fields.Selection([
            ('fixed', "Fixed Amount"),
            ('percent', "Percentage of Premium"),
            ], "Fee Type", required=True,
        help="How the broker's fees are charged on a contract.")
    fee_amount = fields.Numeric(
        "Fees", digits=(16, 2), required=True,
        help="The broker's fees: an amount in euros or a percentage of "
        "the premium, according to the fee type.")
    is_default = fields.Boolean(
        "Default",
        help="The line used when the product is chosen on a contract.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('product')

    @classmethod
    def default_new_business_rate(cls):
        return Decimal(0)

    @classmethod
    def default_renewal_rate(cls):
        return Decimal(0)

    @classmethod
    def default_fee_type(cls):
        return 'fixed'

    @classmethod
    def default_fee_amount(cls):
        return Decimal(0)

    @classmethod
    def default_is_default(cls):
        return False

    @fields.depends('product', '_parent_product.rates')
    def on_change_product(self):
        if self.product and not any(
                r.is_default for r in (self.product.rates or [])
                if r is not self):
            self.is_default = True

    def get_rec_name(self, name):
        rates = '%s %% / %s %%' % (
            self.new_business_rate, self.renewal_rate)
        if self.name:
            return '%s (%s)' % (self.name, rates)
        return rates

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('name',) + tuple(clause[1:])]

    @classmethod
    def validate_fields(cls, rates, field_names):
        super().validate_fields(rates, field_names)
        cls.check_percentages(rates, field_names)

    @classmethod
    def check_percentages(cls, rates, field_names=None):
        if field_names and not (field_names & {
                    'new_business_rate', 'renewal_rate', 'fee_type',
                    'fee_amount'}):
            return
        for rate in rates:
            values = [
                ('new_business_rate', rate.new_business_rate),
                ('renewal_rate', rate.renewal_rate),
                ]
            if rate.fee_type == 'percent':
                values.append(('fee_amount', rate.fee_amount))
            for field, value in values:
                if value is not None and not (0 <= value <= 100):
                    raise InvalidProductRate(gettext(
                            'insurance.msg_product_rate_percentage',
                            field=cls.__names__(field)['field'],
                            value=value,
                            product=rate.product.rec_name))
            if rate.fee_type == 'fixed' and rate.fee_amount < 0:
                raise InvalidProductRate(gettext(
                        'insurance.msg_product_rate_fee_negative',
                        value=rate.fee_amount,
                        product=rate.product.rec_name))

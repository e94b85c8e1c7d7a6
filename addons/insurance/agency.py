# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from stdnum.fr import siret as stdnum_siret

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import InvalidSIRET


class Agency(DeactivableMixin, ModelSQL, ModelView):
    "Agency"
    __name__ = 'insurance.agency'
    _rec_name = 'name'
    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True,
        help="The brokerage firm the agency belongs to.")
    street = fields.Text("Street")
    postal_code = fields.Char("Postal Code")
    city = fields.Char("City")
    country = fields.Many2One('country.country', "Country")
    siret = fields.Char(
        "SIRET", strip=True,
        help="The 14-digit SIRET number of the establishment.")
    phone = fields.Char("Phone")
    email = fields.Char("Email")
    categories = fields.Many2Many(
        'insurance.agency-party.category', 'agency', 'category', "Tags",
        help="Tags to classify the agencies.")
    staff = fields.One2Many(
        'company.employee', 'agency', "Staff",
        domain=[('company', '=', Eval('company', -1))],
        help="The collaborators attached to the agency.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def validate_fields(cls, agencies, field_names):
        super().validate_fields(agencies, field_names)
        if field_names and 'siret' not in field_names:
            return
        for agency in agencies:
            if agency.siret and not stdnum_siret.is_valid(agency.siret):
                raise InvalidSIRET(gettext(
                        'insurance.msg_invalid_siret',
                        number=agency.siret, record=agency.rec_name))


class AgencyCategory(ModelSQL):
    "Agency - Category"
    __name__ = 'insurance.agency-party.category'
    agency = fields.Many2One(
        'insurance.agency', "Agency", required=True, ondelete='CASCADE')
    category = fields.Many2One(
        'party.category', "Category", required=True, ondelete='CASCADE')

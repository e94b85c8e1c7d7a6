# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from sql import Literal
from sql.operators import Equal

from trytond.i18n import gettext
from trytond.model import (
    Exclude, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.tools.email_ import EmailNotValidError, validate_email

from .exceptions import InvalidInsurerContactEmail

_INSURER = {
    'invisible': ~Eval('is_insurer', False),
    }


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    is_insurer = fields.Boolean(
        "Insurer",
        help="The party is an insurance company the firm can place "
        "contracts with.")
    insurer_code = fields.Char(
        "Insurer Code", strip=True,
        states={
            'invisible': _INSURER['invisible'],
            'required': Eval('is_insurer', False),
            },
        help="Short label of the insurer, unique among insurers.")
    commercial_name = fields.Char(
        "Commercial Name", states=_INSURER,
        help="The name under which the insurer markets its products.")
    selected = fields.Boolean(
        "Selected", states=_INSURER,
        help="Check to list the insurer among the firm's insurers "
        "(\"my insurers\").")
    insurer_contacts = fields.One2Many(
        'insurance.insurer.contact', 'insurer', "Insurer Contacts",
        states=_INSURER,
        help="The firm's contacts at the insurer: inspector, claims "
        "desk...")
    products = fields.One2Many(
        'insurance.product', 'insurer', "Products", states=_INSURER,
        help="The insurer's products the firm distributes, with their "
        "commission rates.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('insurer_code_unique',
                Exclude(t, (t.insurer_code, Equal),
                    where=t.is_insurer == Literal(True)),
                'insurance.msg_insurer_code_unique'),
            ]

    @classmethod
    def default_is_insurer(cls):
        return False

    @classmethod
    def default_selected(cls):
        return False

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="insurer"]', 'states', _INSURER),
            ]

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        return domain + [
            ('insurer_code', operator, operand, *extra),
            ('commercial_name', operator, operand, *extra),
            ]

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('insurer_code')
        default.setdefault('products')
        return super().copy(parties, default=default)


class InsurerContact(sequence_ordered(), ModelSQL, ModelView):
    "Insurer Contact"
    __name__ = 'insurance.insurer.contact'
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='CASCADE',
        domain=[('is_insurer', '=', True)])
    role = fields.Selection([
            ('inspector', "Inspector"),
            ('claims', "Claims Desk"),
            ('commercial', "Commercial"),
            ('management', "Management"),
            ('other', "Other"),
            ], "Role", required=True,
        help="What the firm calls this contact for.")
    name = fields.Char("Name", required=True)
    phone = fields.Char("Phone")
    email = fields.Char("Email")
    notes = fields.Text("Notes")

    @classmethod
    def default_role(cls):
        return 'commercial'

    @classmethod
    def validate_fields(cls, contacts, field_names):
        super().validate_fields(contacts, field_names)
        cls.check_email(contacts, field_names)

    @classmethod
    def check_email(cls, contacts, field_names=None):
        if field_names and 'email' not in field_names:
            return
        for contact in contacts:
            if not contact.email:
                continue
            try:
                validate_email(contact.email)
            except EmailNotValidError as e:
                raise InvalidInsurerContactEmail(gettext(
                        'insurance.msg_insurer_contact_email_invalid',
                        email=contact.email,
                        contact=contact.name,
                        insurer=contact.insurer.rec_name)) from e

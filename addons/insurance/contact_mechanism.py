# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.party.exceptions import InvalidEMail
from trytond.pool import PoolMeta

# Syntax check kept even when email-validator is not installed (Tryton then
# accepts any text as an email address).
EMAIL_PATTERN = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$')


class ContactMechanism(metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'

    @fields.depends('party', '_parent_party.addresses')
    def _phone_country_codes(self):
        # Most numbers a French broker types are national (06 12 34 56 78)
        yield from super()._phone_country_codes()
        yield 'FR'

    @classmethod
    def check_valid_email(cls, mechanisms, field_names=None):
        super().check_valid_email(mechanisms, field_names=field_names)
        if field_names and not (field_names & {'type', 'value'}):
            return
        for mechanism in mechanisms:
            if (mechanism.type == 'email' and mechanism.value
                    and not EMAIL_PATTERN.match(mechanism.value)):
                raise InvalidEMail(gettext(
                        'party.msg_email_invalid',
                        email=mechanism.value,
                        party=mechanism.party.rec_name))

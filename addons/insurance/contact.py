# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered


class PartyContact(sequence_ordered(), ModelSQL, ModelView):
    "Company Contact"
    __name__ = 'insurance.party.contact'
    party = fields.Many2One(
        'party.party', "Company", required=True, ondelete='CASCADE')
    person = fields.Many2One(
        'party.party', "Person", required=True, ondelete='CASCADE',
        help="The contact person; their phones and emails are on their "
        "own party.")
    service = fields.Char("Service", help="The department, e.g. Purchasing.")
    position = fields.Char("Position", help="The job title.")
    main = fields.Boolean(
        "Main Contact", help="The first person to call.")
    phone = fields.Function(fields.Char("Phone"), 'get_person_mechanism')
    email = fields.Function(fields.Char("Email"), 'get_person_mechanism')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('party')

    def get_person_mechanism(self, name):
        return getattr(self.person, name, None) if self.person else None

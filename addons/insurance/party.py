# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from sql import Null
from sql.operators import Equal
from stdnum.fr import nir as stdnum_nir

from trytond.i18n import gettext
from trytond.model import Exclude, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import (
    AbandonError, InvalidAPECode, InvalidBirthDate, InvalidName, InvalidSSN)

APE_PATTERN = re.compile(r'^[0-9]{2}\.?[0-9]{2}[A-Z]$')

_PERSON = {'invisible': Eval('party_type') != 'person'}
_COMPANY = {'invisible': Eval('party_type') != 'company'}


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    party_type = fields.Selection([
            (None, ""),
            ('person', "Person"),
            ('company', "Company"),
            ], "Party Type",
        help="Whether the client is a private person or a company.")

    # Person
    civility = fields.Selection([
            (None, ""),
            ('mr', "Mr"),
            ('mrs', "Mrs"),
            ], "Civility", states=_PERSON)
    first_name = fields.Char("First Name", states=_PERSON)
    birth_name = fields.Char(
        "Birth Name", states=_PERSON,
        help="The last name at birth, when different.")
    gender = fields.Selection([
            (None, ""),
            ('male', "Male"),
            ('female', "Female"),
            ], "Gender", states=_PERSON)
    birth_date = fields.Date("Birth Date", states=_PERSON)
    birth_city = fields.Char("Birth City", states=_PERSON)
    birth_country = fields.Many2One(
        'country.country', "Birth Country", states=_PERSON)
    nationality = fields.Many2One(
        'country.country', "Nationality", states=_PERSON)
    marital_status = fields.Selection([
            (None, ""),
            ('single', "Single"),
            ('married', "Married"),
            ('civil_partnership', "Civil Partnership (PACS)"),
            ('cohabiting', "Cohabiting"),
            ('divorced', "Divorced"),
            ('separated', "Separated"),
            ('widowed', "Widowed"),
            ], "Marital Status", states=_PERSON)
    ssn = fields.Char(
        "Social Security Number", strip=True, states=_PERSON,
        help="The French social security number (NIR), 15 digits "
        "with its key.")
    social_security_scheme = fields.Selection([
            (None, ""),
            ('general', "General Scheme"),
            ('agricultural', "Agricultural Scheme (MSA)"),
            ('self_employed', "Self-Employed Scheme"),
            ('alsace_moselle', "Alsace-Moselle Scheme"),
            ('other', "Other Scheme"),
            ], "Social Security Scheme", states=_PERSON)
    smoker = fields.Boolean(
        "Smoker", states=_PERSON,
        help="Smoked in the last 24 months (health and life insurance).")
    risky_sport = fields.Boolean(
        "Risky Sport", states=_PERSON,
        help="Practises a sport considered risky by insurers.")
    pep = fields.Boolean(
        "Politically Exposed", states=_PERSON,
        help="Politically exposed person (anti-money laundering).")
    pep_relative = fields.Boolean(
        "Relative of Politically Exposed Person", states=_PERSON,
        help="Close relative or associate of a politically exposed person.")
    csp = fields.Selection([
            (None, ""),
            ('farmer', "Farmer"),
            ('craftsman', "Craftsman, Trader, Business Owner"),
            ('executive', "Executive, Higher Intellectual Profession"),
            ('intermediate', "Intermediate Profession"),
            ('employee', "Employee"),
            ('worker', "Manual Worker"),
            ('retired', "Retired"),
            ('student', "Student"),
            ('unemployed', "Without Professional Activity"),
            ], "Socio-Professional Category", states=_PERSON,
        help="The INSEE socio-professional category (CSP/PCS).")
    profession = fields.Char("Profession", states=_PERSON)
    manual_work = fields.Boolean(
        "Manual Work", states=_PERSON,
        help="The profession involves manual work.")
    business_travel = fields.Boolean(
        "Business Travel", states=_PERSON,
        help="The profession involves regular business travel.")
    load_carrying = fields.Boolean(
        "Load Carrying", states=_PERSON,
        help="The profession involves carrying loads.")
    work_at_height = fields.Boolean(
        "Work at Height", states=_PERSON,
        help="The profession involves working at height.")

    # Company
    legal_form = fields.Selection([
            (None, ""),
            ('ei', "Sole Proprietorship (EI)"),
            ('eurl', "EURL"),
            ('sarl', "SARL"),
            ('sas', "SAS"),
            ('sasu', "SASU"),
            ('sa', "SA"),
            ('snc', "SNC"),
            ('sci', "SCI"),
            ('selarl', "SELARL"),
            ('association', "Association"),
            ('other', "Other"),
            ], "Legal Form", states=_COMPANY)
    creation_date = fields.Date("Creation Date", states=_COMPANY)
    ape_code = fields.Char(
        "APE Code", strip=True, states=_COMPANY,
        help="The NAF/APE activity code, e.g. 47.24Z.")
    employee_count = fields.Integer(
        "Employees", states=_COMPANY,
        domain=[If(Eval('employee_count'),
                ('employee_count', '>=', 0), ())],
        help="Number of employees.")
    collective_agreement = fields.Char(
        "Collective Agreement", states=_COMPANY,
        help="The collective agreement (convention collective) applied.")
    fiscal_year_end = fields.Date(
        "Fiscal Year End", states=_COMPANY,
        help="Closing date of the last financial statements.")
    experience_years = fields.Integer(
        "Years of Experience", states=_COMPANY,
        domain=[If(Eval('experience_years'),
                ('experience_years', '>=', 0), ())],
        help="Years of experience of the company in its trade.")
    annual_revenue = fields.Numeric(
        "Annual Revenue", digits=(16, 2), states=_COMPANY,
        help="The annual turnover in euros.")
    contacts = fields.One2Many(
        'insurance.party.contact', 'party', "Contacts", states=_COMPANY,
        help="The persons to talk to at the company.")

    # Both
    client_status = fields.Selection([
            (None, ""),
            ('prospect', "Prospect"),
            ('active', "Client"),
            ('former', "Former Client"),
            ('abandoned', "Abandoned"),
            ], "Client Status",
        states={
            'readonly': Eval('client_status') == 'abandoned',
            },
        help="Leave empty for parties that are not clients "
        "(insurers, contacts...).")
    abandon_reason = fields.Many2One(
        'insurance.client.abandon_reason', "Abandon Reason",
        ondelete='RESTRICT',
        states={
            'invisible': Eval('client_status') != 'abandoned',
            'required': Eval('client_status') == 'abandoned',
            'readonly': True,
            })
    file_date = fields.Date(
        "File Date",
        states={
            'invisible': ~Eval('client_status'),
            },
        help="The date the client file was opened or resumed.")
    complete = fields.Boolean(
        "Complete File",
        states={
            'invisible': ~Eval('client_status'),
            },
        help="Every document and information of the file has been "
        "collected.")
    origin = fields.Many2One(
        'insurance.client.origin', "Origin", ondelete='RESTRICT',
        help="Where the client comes from.")
    owner = fields.Many2One(
        'company.employee', "Owner", ondelete='RESTRICT',
        help="The broker in charge of the client.")
    managers = fields.Many2Many(
        'party.party-company.employee.manager', 'party', 'employee',
        "Managers",
        help="Other collaborators who manage the client.")
    agency = fields.Many2One(
        'insurance.agency', "Agency", ondelete='RESTRICT',
        help="The agency the client file belongs to.")
    introducer = fields.Many2One(
        'party.party', "Introducer", ondelete='RESTRICT',
        domain=[('is_introducer', '=', True)],
        help="The business introducer who brought the client.")
    is_introducer = fields.Boolean(
        "Business Introducer",
        help="The party brings clients (apporteur d'affaires).")
    client_reference = fields.Char(
        "Client Reference", strip=True,
        states={
            'invisible': ~Eval('client_status'),
            },
        help="The file number of the client.")
    notepad = fields.Text(
        "Notepad", help="Internal notes, never shown to the client.")
    comments = fields.One2Many(
        'insurance.party.comment', 'party', "Comments")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('client_reference_unique',
                Exclude(t, (t.client_reference, Equal),
                    where=t.client_reference != Null),
                'insurance.msg_client_reference_unique'),
            ]
        cls._buttons.update({
                'activate_client': {
                    'invisible': Eval('client_status') != 'prospect',
                    'depends': ['client_status'],
                    },
                'abandon': {
                    'invisible': ~Eval('client_status').in_(
                        ['prospect', 'active', 'former']),
                    'depends': ['client_status'],
                    },
                'resume_prospect': {
                    'invisible': Eval('client_status') != 'abandoned',
                    'depends': ['client_status'],
                    },
                'resume_active': {
                    'invisible': Eval('client_status') != 'abandoned',
                    'depends': ['client_status'],
                    },
                'generate_reference': {
                    'invisible': (~Eval('client_status')
                        | Bool(Eval('client_reference'))),
                    'depends': ['client_status', 'client_reference'],
                    },
                })

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//group[@id="person"]', 'states', _PERSON),
            ('//group[@id="person_risks"]', 'states', _PERSON),
            ('//group[@id="company"]', 'states', _COMPANY),
            ]

    @classmethod
    def default_owner(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_agency(cls):
        pool = Pool()
        Employee = pool.get('company.employee')
        employee_id = Transaction().context.get('employee')
        if employee_id is not None and employee_id >= 0:
            employee = Employee(employee_id)
            if employee.agency:
                return employee.agency.id

    @classmethod
    def default_file_date(cls):
        if Transaction().context.get('default_client_status'):
            return Pool().get('ir.date').today()

    @fields.depends('owner', 'agency')
    def on_change_owner(self):
        if self.owner and self.owner.agency:
            self.agency = self.owner.agency

    @fields.depends('client_status', 'file_date')
    def on_change_client_status(self):
        if self.client_status and not self.file_date:
            self.file_date = Pool().get('ir.date').today()

    def get_full_name(self, name):
        if self.party_type == 'person' and self.first_name:
            return f'{self.first_name} {self.name}'
        return super().get_full_name(name)

    def get_rec_name(self, name):
        if self.party_type == 'person' and self.first_name and self.name:
            return f'{self.name} {self.first_name}'
        return super().get_rec_name(name)

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        return domain + [('first_name', operator, operand, *extra)]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if 'client_reference' in values and not values['client_reference']:
            # An erased reference is no reference: keep it out of uniqueness
            values['client_reference'] = None
        if (mode == 'create' and values.get('client_status')
                and not values.get('client_reference')):
            values['client_reference'] = cls._new_client_reference()
        return values

    @classmethod
    def set_contact_mechanism(cls, parties, name, value):
        # The web client sends the shortcut fields (phone, email...) of a
        # new party, empty, with the contact mechanisms typed in the same
        # form: they add nothing and must not conflict with them.
        if not value:
            return
        parties = [p for p in parties if getattr(p, name) != value]
        super().set_contact_mechanism(parties, name, value)

    @classmethod
    def _new_client_reference(cls):
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        sequence = Configuration(1).get_multivalue(
            'client_reference_sequence',
            company=Transaction().context.get('company'))
        if sequence:
            return sequence.get()

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        today = Pool().get('ir.date').today()
        for party in parties:
            party.check_name(field_names)
            party.check_ssn(field_names)
            party.check_birth_date(today, field_names)
            party.check_ape_code(field_names)

    def check_name(self, field_names=None):
        "A client or a prospect has a name: spaces alone are no name"
        if field_names and not (field_names & {'name', 'party_type'}):
            return
        if self.party_type and not (self.name or '').strip():
            raise InvalidName(gettext('insurance.msg_party_name_empty'))

    def check_ssn(self, field_names=None):
        if field_names and 'ssn' not in field_names:
            return
        if self.ssn and not stdnum_nir.is_valid(self.ssn):
            raise InvalidSSN(gettext(
                    'insurance.msg_invalid_ssn',
                    number=self.ssn, party=self.rec_name))

    def check_birth_date(self, today, field_names=None):
        if field_names and 'birth_date' not in field_names:
            return
        if self.birth_date and self.birth_date > today:
            raise InvalidBirthDate(gettext(
                    'insurance.msg_birth_date_future',
                    date=self.birth_date, party=self.rec_name))

    def check_ape_code(self, field_names=None):
        if field_names and 'ape_code' not in field_names:
            return
        if self.ape_code and not APE_PATTERN.match(self.ape_code):
            raise InvalidAPECode(gettext(
                    'insurance.msg_invalid_ape_code',
                    code=self.ape_code, party=self.rec_name))

    @classmethod
    @ModelView.button
    def activate_client(cls, parties):
        cls.write([p for p in parties if p.client_status == 'prospect'], {
                'client_status': 'active',
                })

    @classmethod
    @ModelView.button_action('insurance.wizard_party_abandon')
    def abandon(cls, parties):
        pass

    @classmethod
    def _resume(cls, parties, status):
        today = Pool().get('ir.date').today()
        for party in parties:
            if party.client_status != 'abandoned':
                raise AbandonError(gettext(
                        'insurance.msg_resume_not_abandoned',
                        party=party.rec_name))
        cls.write(list(parties), {
                'client_status': status,
                'abandon_reason': None,
                'file_date': today,
                })

    @classmethod
    @ModelView.button
    def resume_prospect(cls, parties):
        cls._resume(parties, 'prospect')

    @classmethod
    @ModelView.button
    def resume_active(cls, parties):
        cls._resume(parties, 'active')

    @classmethod
    @ModelView.button
    def generate_reference(cls, parties):
        to_write = []
        for party in parties:
            if party.client_status and not party.client_reference:
                reference = cls._new_client_reference()
                to_write.extend([[party], {'client_reference': reference}])
        if to_write:
            cls.write(*to_write)


class PartyManager(ModelSQL):
    "Party - Manager"
    __name__ = 'party.party-company.employee.manager'
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')


class AbandonStart(ModelView):
    "Abandon Client File"
    __name__ = 'insurance.party.abandon.start'
    reason = fields.Many2One(
        'insurance.client.abandon_reason', "Reason", required=True)
    comment = fields.Text(
        "Comment", help="Added to the comments of the client.")


class Abandon(Wizard):
    "Abandon Client File"
    __name__ = 'insurance.party.abandon'
    start = StateView(
        'insurance.party.abandon.start',
        'insurance.party_abandon_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Abandon", 'abandon', 'tryton-ok', default=True),
            ])
    abandon = StateTransition()

    def transition_abandon(self):
        pool = Pool()
        Party = pool.get('party.party')
        Comment = pool.get('insurance.party.comment')
        parties = list(self.records)
        for party in parties:
            if party.client_status not in {'prospect', 'active', 'former'}:
                raise AbandonError(gettext(
                        'insurance.msg_abandon_not_client',
                        party=party.rec_name))
        Party.write(parties, {
                'client_status': 'abandoned',
                'abandon_reason': self.start.reason.id,
                })
        if self.start.comment:
            Comment.save([
                    Comment(party=p, text=self.start.comment)
                    for p in parties])
        return 'end'


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('party.party', 'introducer'),
            ('insurance.party.comment', 'party'),
            ('insurance.party.contact', 'party'),
            ('insurance.party.contact', 'person'),
            ]


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Party = pool.get('party.party')
        Comment = pool.get('insurance.party.comment')
        personal = [
            'first_name', 'birth_name', 'birth_date', 'birth_city', 'ssn',
            'profession', 'notepad']
        return super().to_erase(party_id) + [
            (Party, [('id', '=', party_id)], True,
                personal, [None] * len(personal)),
            (Comment, [('party', '=', party_id)], True,
                ['text'], ['****']),
            ]

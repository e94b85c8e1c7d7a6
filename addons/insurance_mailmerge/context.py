# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Helpers shared by the context builders of the models"
from trytond.pool import Pool
from trytond.transaction import Transaction

from . import catalogue
from .engine import format_date

LANGUAGE = 'fr'


def base_context():
    "Every variable empty but the date of the day"
    context = catalogue.empty_context()
    context['date'] = format_date(Pool().get('ir.date').today())
    context.update(firm_context())
    return context


def label(record, name):
    "The label, in the current language, of the selection value of a field"
    value = getattr(record, name, None)
    if value is None:
        return ''
    Model = record.__class__
    selection = Model.fields_get([name])[name]['selection']
    if isinstance(selection, str):
        selection = getattr(Model, selection)()
    return dict(selection).get(value, str(value))


def name(record):
    return record.rec_name if record else ''


def mechanism(party, *types):
    "The first contact mechanism of party of one of the types"
    if not party:
        return ''
    for contact in party.contact_mechanisms:
        if contact.type in types:
            return contact.value or ''
    return ''


def address_lines(address):
    "The street of the address as (first line, the other lines)"
    if not address or not address.street:
        return '', ''
    lines = [l.strip() for l in address.street.splitlines() if l.strip()]
    return (lines[0] if lines else ''), ', '.join(lines[1:])


def upper(value):
    return (value or '').upper()


def firm_context():
    "The variables of the brokerage firm"
    pool = Pool()
    Configuration = pool.get('insurance.configuration')
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    configuration = Configuration(1)
    company_id = Transaction().context.get('company')
    company = Company(company_id) if company_id else None
    party = company.party if company else None
    address = party.addresses[0] if party and party.addresses else None
    street, _ = address_lines(address)
    insurers = Party.search(
        [('is_insurer', '=', True)], order=[('name', 'ASC')])
    return {
        'cabinet_nom': configuration.legal_name or (
            party.name if party else ''),
        'cabinet_orias': configuration.orias_number or '',
        'cabinet_siren': configuration.siren or '',
        'cabinet_adresse': street,
        'cabinet_cp': address.postal_code or '' if address else '',
        'cabinet_ville': upper(address.city) if address else '',
        'cabinet_tel': mechanism(party, 'phone'),
        'cabinet_email': mechanism(party, 'email'),
        'cabinet_mentions': configuration.legal_mentions or '',
        'cabinet_compagnies': ', '.join(i.name for i in insurers),
        'cabinet_reclamation': configuration.complaint_procedure or '',
        'cabinet_mediateur': configuration.mediator or '',
        }


def commercial_context(employee):
    "The variables of the collaborator in charge and of the firm"
    pool = Pool()
    Configuration = pool.get('insurance.configuration')
    Employee = pool.get('company.employee')
    if not employee:
        employee_id = Transaction().context.get('employee')
        employee = Employee(employee_id) if employee_id else None
    configuration = Configuration(1)
    context = {
        'commercial_societe_orias': configuration.orias_number or '',
        'commercial_societe_siren': configuration.siren or '',
        'commercial_societe': configuration.legal_name or '',
        }
    if not employee:
        return context
    party = employee.party
    address = party.addresses[0] if party.addresses else None
    street, _ = address_lines(address)
    company = employee.company
    context.update({
            'commercial': ' '.join(filter(None, [
                        upper(party.name), getattr(party, 'first_name', '')
                        ])),
            'commercial_adresse': street,
            'commercial_cp': address.postal_code or '' if address else '',
            'commercial_ville': upper(address.city) if address else '',
            'commercial_agence': name(employee.agency),
            'commercial_email': mechanism(party, 'email'),
            'commercial_portable': mechanism(party, 'mobile'),
            'commercial_tel': mechanism(party, 'phone'),
            })
    if not context['commercial_societe'] and company:
        context['commercial_societe'] = company.party.name
    if not context['commercial_societe_siren'] and company:
        siren = company.party.siren
        context['commercial_societe_siren'] = siren.code if siren else ''
    return context

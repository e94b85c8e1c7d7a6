"""The brokerage firm as a Tryton company: French, in euros, with the French
chart of accounts and an open fiscal year."""
import datetime as dt

from proteus import Model, Wizard
from proteus.config import get_config
from trytond.modules.country.scripts import import_countries
from trytond.modules.currency.scripts import import_currencies

from .tools import ref

FIRM_NAME = "Cabinet Delaroche Courtage"


def generate(context):
    set_french()
    import_countries_and_currencies()
    company = create_company(context)
    create_chart(company)
    create_fiscalyear(company, dt.date.today())
    context.records['company'] = company


def set_french():
    Lang = Model.get('ir.lang')
    User = Model.get('res.user')
    french, = Lang.find([('code', '=', 'fr')])
    french.translatable = True
    french.save()
    admin, = User.find([('login', '=', 'admin')])
    admin.language = french
    admin.save()


def import_countries_and_currencies():
    "Tryton's own import scripts; subdivisions are left out (slow, unused)."
    with get_config().set_context(active_test=False):
        countries = import_countries.get_countries()
        countries = import_countries.update_countries(countries)
        import_countries.translate_countries(countries)
        import_currencies.do_import()


def create_company(context):
    Party = Model.get('party.party')
    Country = Model.get('country.country')
    Currency = Model.get('currency.currency')

    france, = Country.find([('code', '=', 'FR')])
    euro, = Currency.find([('code', '=', 'EUR')])
    party = Party(name=FIRM_NAME)
    address, = party.addresses
    address.street = "12 rue de la République"
    address.postal_code = "69002"
    address.city = "Lyon"
    address.country = france
    party.save()

    company_config = Wizard('company.company.config')
    company_config.execute('company')
    company = company_config.form
    company.party = party
    company.currency = euro
    company.timezone = 'Europe/Paris'
    company_config.execute('add')
    Company = Model.get('company.company')
    User = Model.get('res.user')
    company, = Company.find()
    # The records created next check the company of the user's context
    config = get_config()
    config._context = User.get_preferences(True, {})
    return company


def create_chart(company):
    Account = Model.get('account.account')

    template = ref('account.account.template', 'account_fr', 'root')
    wizard = Wizard('account.create_chart')
    wizard.execute('account')
    wizard.form.account_template = template
    wizard.form.company = company
    wizard.execute('create_account')
    receivable, = Account.find([('code', '=', '4111')])
    payable, = Account.find([('code', '=', '4011')])
    wizard.form.account_receivable = receivable
    wizard.form.account_payable = payable
    wizard.execute('create_properties')


def create_fiscalyear(company, today):
    FiscalYear = Model.get('account.fiscalyear')
    Sequence = Model.get('ir.sequence.strict')
    sequence_type = ref(
        'ir.sequence.type', 'account', 'sequence_type_account_move')
    sequence = Sequence(
        name=str(today.year), sequence_type=sequence_type, company=company)
    sequence.save()
    fiscalyear = FiscalYear(
        name=str(today.year),
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(month=12, day=31),
        company=company, move_sequence=sequence)
    if 'invoice_sequences' in FiscalYear._fields:
        set_invoice_sequences(fiscalyear)
    fiscalyear.save()
    fiscalyear.click('create_period')


def set_invoice_sequences(fiscalyear):
    "One strict sequence numbers every kind of invoice of the year."
    Sequence = Model.get('ir.sequence.strict')
    sequence = Sequence(
        name=fiscalyear.name, company=fiscalyear.company,
        sequence_type=ref('ir.sequence.type', 'account_invoice',
            'sequence_type_account_invoice'))
    sequence.save()
    invoice_sequence, = fiscalyear.invoice_sequences
    for kind in ['out_invoice', 'in_invoice', 'out_credit_note',
            'in_credit_note']:
        setattr(invoice_sequence, f'{kind}_sequence', sequence)

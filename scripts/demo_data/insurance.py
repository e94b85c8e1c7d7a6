"""Demo data of the insurance module: the firm's settings, its agencies,
its staff and their logins, and the client files (persons, families,
companies with their director) spread over owners, agencies and statuses."""
import datetime as dt
import unicodedata
from decimal import Decimal

import phonenumbers
from proteus import Model
from stdnum import iban, luhn
from stdnum.fr import nir

from .tools import ref

DEMO_PASSWORD = 'courtage'
FIRM_SIREN = '412345670'
AGENCIES = [
    # name, street, postal code, city, establishment number
    ("Lyon Presqu'île", "12 rue de la République", '69002', "Lyon", '0001'),
    ("Villeurbanne", "45 cours Émile Zola", '69100', "Villeurbanne", '0002'),
    ]
USERS = [
    # login, first name, last name, role group, agency index, lines
    ('master', "Hélène", "Delaroche", 'group_master', 0, []),
    ('responsable', "Rachid", "Benali", 'group_responsable', 0,
        ['auto', 'habitation', 'sante']),
    ('courtier', "Camille", "Morel", 'group_courtier', 0,
        ['auto', 'moto', 'habitation']),
    ('responsable2', "Sophie", "Garnier", 'group_responsable', 1,
        ['prevoyance', 'emprunteur', 'sante']),
    ('courtier2', "Marc", "Fontaine", 'group_courtier', 1,
        ['rc_pro', 'decennale', 'dommage_ouvrage']),
    ('courtier3', "Julie", "Lambert", 'group_courtier', 1,
        ['auto', 'habitation', 'animal']),
    ]
BANKS = [
    ("Crédit Agricole Centre-Est", 'AGRIFRPP878', '17806'),
    ("BNP Paribas", 'BNPAFRPP', '30004'),
    ("Société Générale", 'SOGEFRPP', '30003'),
    ("Banque Populaire Auvergne Rhône Alpes", 'CCBPFRPPLYN', '16807'),
    ]
STATUSES = [('prospect', 30), ('active', 55), ('former', 8), ('abandoned', 7)]
LEGAL_FORMS = ['sarl', 'sas', 'sasu', 'eurl', 'ei', 'sci', 'snc']
APE_CODES = [
    ('10.71C', "Boulangerie"), ('43.22A', "Plomberie"),
    ('56.10A', "Restaurant"), ('47.73Z', "Pharmacie"),
    ('62.01Z', "Informatique"), ('45.20A', "Garage"),
    ('43.21A', "Électricité"), ('96.02A', "Coiffure"),
    ('68.31Z', "Immobilier"), ('86.23Z', "Cabinet dentaire"),
    ]


def generate(context):
    configure_firm(context)
    create_agencies(context)
    create_staff(context)
    create_users(context)
    create_clients(context)


def configure_firm(context):
    Configuration = Model.get('insurance.configuration')
    configuration = Configuration(1)
    configuration.legal_name = "Cabinet Delaroche Courtage SARL"
    configuration.orias_number = '19004512'
    configuration.siren = FIRM_SIREN
    configuration.legal_mentions = (
        "SARL de courtage d'assurances au capital de 50 000 €, "
        f"RCS Lyon {FIRM_SIREN}, immatriculée à l'ORIAS sous le n° 19004512 "
        "(www.orias.fr). Garantie financière et assurance de "
        "responsabilité civile professionnelle conformes aux articles "
        "L512-6 et L512-7 du Code des assurances. Autorité de contrôle : "
        "ACPR, 4 place de Budapest, 75436 Paris Cedex 09.")
    configuration.primary_color = '#1F4E79'
    configuration.secondary_color = '#F2A900'
    configuration.save()


def siret(siren, establishment):
    "A valid SIRET of the SIREN: 4 digits then the Luhn key"
    base = siren + establishment
    return base + luhn.calc_check_digit(base)


def create_agencies(context):
    Agency = Model.get('insurance.agency')
    Country = Model.get('country.country')
    france, = Country.find([('code', '=', 'FR')])
    company = context.records['company']
    agencies = [
        Agency(name=name, company=company, street=street,
            postal_code=postal_code, city=city, country=france,
            siret=siret(FIRM_SIREN, establishment),
            phone='+33 4 78 00 00 %02d' % (i + 10),
            email='agence%d@delaroche-courtage.fr' % (i + 1))
        for i, (name, street, postal_code, city, establishment)
        in enumerate(AGENCIES)]
    Agency.save(agencies)
    context.records['agencies'] = agencies


def create_staff(context):
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    LineOfBusiness = Model.get('insurance.line_of_business')
    company = context.records['company']
    agencies = context.records['agencies']
    lines = {l.code: l for l in LineOfBusiness.find([])}
    parties = [
        Party(name=last, first_name=first, party_type='person')
        for _, first, last, *_ in USERS]
    Party.save(parties)
    employees = []
    for i, ((login, first, last, _, agency, codes), party) in enumerate(
            zip(USERS, parties)):
        employee = Employee(party=party, company=company,
            code=str(101 + i), short_name=(first[0] + last[:3]).upper(),
            agency=agencies[agency],
            start_date=dt.date(2015 + i, 1 + i, 1))
        employee.lines_of_business.extend(
            [LineOfBusiness(lines[c].id) for c in codes])
        employees.append(employee)
    employees[-1].presence = 'training'
    Employee.save(employees)
    context.records['employees'] = {
        login: e for (login, *_), e in zip(USERS, employees)}


def create_users(context):
    User = Model.get('res.user')
    Lang = Model.get('ir.lang')
    Employee = Model.get('company.employee')
    Company = Model.get('company.company')
    company = context.records['company']
    employees = context.records['employees']
    french, = Lang.find([('code', '=', 'fr')])
    users = []
    for login, first, last, group, *_ in USERS:
        user = User(login=login, name=f"{first} {last}",
            password=DEMO_PASSWORD)
        user.language = french
        user.companies.append(Company(company.id))
        user.company = Company(company.id)
        employee = Employee(employees[login].id)
        user.employees.append(employee)
        user.employee = employee
        user.email = f'{login}@delaroche-courtage.fr'
        user.groups.append(ref('res.group', 'insurance', group))
        users.append(user)
    User.save(users)
    context.records['users'] = {u.login: u for u in users}


def ascii_slug(text):
    text = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in text if c.isalnum() and c.isascii()).lower()


class ClientFactory:
    "Builds realistic French client files with a seeded Faker"

    def __init__(self, context):
        self.faker = context.faker
        self.random = context.random
        Country = Model.get('country.country')
        Origin = Model.get('insurance.client.origin')
        Reason = Model.get('insurance.client.abandon_reason')
        self.france, = Country.find([('code', '=', 'FR')])
        self.origins = Origin.find([])
        self.reasons = Reason.find([])
        self.employees = list(context.records['employees'].values())
        self.today = dt.date.today()

    def status(self):
        return self.random.choices(
            [s for s, _ in STATUSES], [w for _, w in STATUSES])[0]

    def mobile(self):
        while True:
            number = '0%d%08d' % (
                self.random.choice([6, 7]), self.random.randrange(10 ** 8))
            parsed = phonenumbers.parse(number, 'FR')
            if phonenumbers.is_valid_number(parsed):
                return number

    def landline(self):
        while True:
            number = '04%08d' % self.random.randrange(10 ** 8)
            if phonenumbers.is_valid_number(phonenumbers.parse(number, 'FR')):
                return number

    def ssn(self, gender, birth_date):
        department = '%02d' % self.random.choice(
            [1, 7, 26, 38, 42, 69, 69, 69, 71, 73, 74, 75, 13, 33])
        base = '%d%s%02d%s%03d%03d' % (
            1 if gender == 'male' else 2, birth_date.strftime('%y'),
            birth_date.month, department, self.random.randint(1, 999),
            self.random.randint(1, 999))
        return base + nir.calc_check_digits(base)

    def address(self, party, street=None, postal_code=None, city=None):
        address, = party.addresses
        address.street = street or self.faker.street_address()
        address.postal_code = postal_code or self.random.choice(
            ['69001', '69003', '69006', '69007', '69100', '69300', '69500',
                '69008', '38200', '01700'])
        address.city = city or self.faker.city()
        address.country = self.france
        return address

    def management(self, party, owner, status):
        party.client_status = status
        party.owner = owner
        party.agency = owner.agency
        party.origin = self.random.choice(self.origins)
        party.file_date = self.faker.date_between(
            start_date='-6y', end_date='today')
        party.complete = self.random.random() < 0.6
        if status == 'abandoned':
            party.abandon_reason = self.random.choice(self.reasons)
        colleagues = [e for e in self.employees
            if e.agency == owner.agency and e != owner]
        if colleagues and self.random.random() < 0.15:
            party.managers.append(
                Model.get('company.employee')(
                    self.random.choice(colleagues).id))

    def person(self, gender=None, last_name=None, age=None, client=True):
        Party = Model.get('party.party')
        gender = gender or self.random.choice(['male', 'female'])
        first_name = (self.faker.first_name_male() if gender == 'male'
            else self.faker.first_name_female())
        age = age if age is not None else self.random.randint(19, 82)
        birth_date = self.today - dt.timedelta(
            days=age * 365 + self.random.randint(0, 364))
        party = Party(party_type='person',
            name=(last_name or self.faker.last_name()).upper(),
            first_name=first_name, gender=gender,
            civility='mr' if gender == 'male' else 'mrs',
            birth_date=birth_date, birth_city=self.faker.city(),
            birth_country=self.france, nationality=self.france)
        if not client:
            return party
        party.ssn = self.ssn(gender, birth_date)
        party.marital_status = self.random.choice(
            ['single', 'married', 'civil_partnership', 'cohabiting',
                'divorced', 'widowed'])
        party.csp = ('retired' if age >= 64 else self.random.choice(
                ['craftsman', 'executive', 'intermediate', 'employee',
                    'worker', 'farmer']))
        party.profession = self.faker.job()[:60]
        party.smoker = self.random.random() < 0.25
        party.risky_sport = self.random.random() < 0.08
        party.pep = self.random.random() < 0.01
        party.manual_work = party.csp in {'worker', 'craftsman', 'farmer'}
        party.business_travel = self.random.random() < 0.2
        party.load_carrying = party.manual_work and self.random.random() < 0.5
        party.work_at_height = party.manual_work and self.random.random() < 0.2
        party.social_security_scheme = (
            'agricultural' if party.csp == 'farmer'
            else 'self_employed' if party.csp == 'craftsman'
            else 'general')
        self.address(party)
        party.contact_mechanisms.new(type='mobile', value=self.mobile())
        party.contact_mechanisms.new(type='email', value='%s.%s@%s' % (
                ascii_slug(first_name), ascii_slug(party.name),
                self.faker.free_email_domain()))
        if self.random.random() < 0.3:
            party.contact_mechanisms.new(
                type='phone', value=self.landline())
        return party

    def company(self):
        Party = Model.get('party.party')
        ape, trade = self.random.choice(APE_CODES)
        name = f"{trade} {self.faker.last_name()}"
        party = Party(party_type='company', name=name,
            legal_form=self.random.choice(LEGAL_FORMS),
            creation_date=self.faker.date_between(
                start_date='-30y', end_date='-1y'),
            ape_code=ape,
            employee_count=self.random.choice([0, 1, 2, 3, 5, 8, 12, 25, 60]),
            experience_years=self.random.randint(1, 30),
            annual_revenue=Decimal(self.random.randrange(
                    50_000, 5_000_000, 1_000)),
            fiscal_year_end=dt.date(self.today.year - 1, 12, 31))
        siren = '%08d' % self.random.randrange(10 ** 8)
        siren += luhn.calc_check_digit(siren)
        party.identifiers.new(type='fr_siren', code=siren)
        self.address(party)
        party.contact_mechanisms.new(
            type='phone', value=self.landline())
        party.contact_mechanisms.new(type='email', value='contact@%s.fr' % (
                ascii_slug(name)[:30]))
        return party


def create_clients(context):
    Party = Model.get('party.party')
    Relation = Model.get('party.relation.all')
    factory = ClientFactory(context)
    relation_types = {
        name: ref('party.relation.type', 'insurance', f'relation_type_{name}')
        for name in ['spouse', 'parent', 'director', 'employee']}
    owners = [e for e in factory.employees]
    introducers = create_introducers(context, factory)

    clients, others, links, contacts = [], [], [], []
    while len(clients) < context.size:
        owner = factory.random.choice(owners)
        status = factory.status()
        kind = factory.random.random()
        if kind < 0.3:
            company = factory.company()
            factory.management(company, owner, status)
            director = factory.person(client=False)
            others.append(director)
            clients.append(company)
            links.append((director, 'director', company))
            contacts.append((company, director))
        elif kind < 0.6:
            first = factory.person()
            spouse = factory.person(
                gender='female' if first.gender == 'male' else 'male',
                last_name=first.name,
                age=max(19, factory.today.year - first.birth_date.year
                    + factory.random.randint(-5, 5)))
            spouse.marital_status = first.marital_status = 'married'
            for party in (first, spouse):
                factory.management(party, owner, status)
                clients.append(party)
            links.append((first, 'spouse', spouse))
            for _ in range(factory.random.randint(0, 3)):
                child = factory.person(last_name=first.name,
                    age=factory.random.randint(0, 17), client=False)
                others.append(child)
                links.append((first, 'parent', child))
                links.append((spouse, 'parent', child))
        else:
            person = factory.person()
            factory.management(person, owner, status)
            clients.append(person)
        if factory.random.random() < 0.15:
            clients[-1].introducer = Party(
                factory.random.choice(introducers).id)
    Party.save(clients + others)

    Identifier = Model.get('party.identifier')
    Identifier.save([
            Identifier(party=company, address=company.addresses[0],
                type='fr_siret', code=siret(
                    company.identifiers[0].code.replace(' ', ''), '0001'))
            for company, _ in contacts])
    Relation.save([
            Relation(from_=from_, to=to, type=relation_types[type_])
            for from_, type_, to in links])
    Contact = Model.get('insurance.party.contact')
    Contact.save([
            Contact(party=company, person=person, main=True,
                service="Direction", position="Gérant")
            for company, person in contacts])
    add_comments(context, clients)
    create_bank_accounts(context, clients)
    context.records['clients'] = clients


def create_introducers(context, factory):
    Party = Model.get('party.party')
    introducers = []
    for name in ["Agence Immobilière du Parc", "Garage des Brotteaux",
            "Cabinet Comptable Rhône Conseil"]:
        party = Party(name=name, party_type='company', is_introducer=True)
        factory.address(party)
        introducers.append(party)
    Party.save(introducers)
    return introducers


def add_comments(context, clients):
    Comment = Model.get('insurance.party.comment')
    texts = [
        "Rappeler pour l'échéance auto.",
        "Souhaite comparer sa complémentaire santé.",
        "Rendez-vous pris en agence.",
        "Attend le relevé d'information de son ancien assureur.",
        "Intéressé(e) par une garantie emprunteur pour un achat immobilier.",
        "Demande un devis multirisque habitation.",
        ]
    comments = []
    for client in clients:
        if context.random.random() < 0.35:
            comments.append(Comment(party=client,
                    text=context.random.choice(texts),
                    date=context.faker.date_between(
                        start_date='-2y', end_date='today')))
    Comment.save(comments)


def create_bank_accounts(context, clients):
    Party = Model.get('party.party')
    Bank = Model.get('bank')
    Account = Model.get('bank.account')
    parties = [Party(name=name, party_type='company') for name, *_ in BANKS]
    Party.save(parties)
    banks = [Bank(party=party, bic=bic)
        for party, (_, bic, _) in zip(parties, BANKS)]
    Bank.save(banks)
    accounts = []
    for client in clients:
        if client.client_status != 'active' or context.random.random() > 0.6:
            continue
        index = context.random.randrange(len(BANKS))
        account = Account(bank=banks[index])
        account.owners.append(Party(client.id))
        account.numbers.new(type='iban', number=french_iban(
                context.random, BANKS[index][2]))
        accounts.append(account)
    # SQLite checks the IBAN exclusion constraint in one expression per batch
    for i in range(0, len(accounts), 50):
        Account.save(accounts[i:i + 50])


def french_iban(random, bank_code):
    "A valid French IBAN: bank, branch, account and RIB key"
    branch = '%05d' % random.randrange(10 ** 5)
    account = '%011d' % random.randrange(10 ** 11)
    key = 97 - (89 * int(bank_code) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f'{bank_code}{branch}{account}{key:02d}'
    number = 'FR00' + bban
    number = 'FR' + iban.calc_check_digits(number) + bban
    assert iban.is_valid(number)
    return iban.format(number)

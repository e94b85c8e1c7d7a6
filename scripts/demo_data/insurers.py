"""Demo data of the insurance module: the insurers the firm works with,
their people, and their products with the firm's commission rates."""
import unicodedata
from decimal import Decimal

from proteus import Model

# code, legal name, commercial name, selected ("my insurers"),
# products: (line of business code, product name, formulas)
INSURERS = [
    ('AXA', "AXA France IARD", "AXA", True, [
            ('auto', "Auto Formule Confort",
                ["Tiers", "Tiers étendu", "Tous risques"]),
            ('habitation', "Habitation Essentielle",
                ["Essentielle", "Confort"]),
            ('sante', "Ma Santé", ["Éco", "Confort", "Excellence"]),
            ('prevoyance', "Prévoyance Pro TNS", []),
            ]),
    ('ALLIANZ', "Allianz IARD", "Allianz", True, [
            ('auto', "Allianz Auto",
                ["Tiers", "Intermédiaire", "Tous risques"]),
            ('habitation', "Allianz Habitation", ["Initiale", "Optimale"]),
            ('rc_pro', "Multirisque Professionnelle", []),
            ]),
    ('GENERALI', "Generali IARD", "Generali", True, [
            ('auto', "Generali Auto", ["Tiers", "Tous risques"]),
            ('sante', "La Santé Generali",
                ["Niveau 1", "Niveau 2", "Niveau 3"]),
            ('habitation', "Generali Habitation", []),
            ]),
    ('MMA', "MMA IARD", "MMA", True, [
            ('auto', "MMA Auto", ["Tiers", "Tous risques"]),
            ('habitation', "MMA Habitation", []),
            ('decennale', "MMA Décennale Artisan", []),
            ('rc_pro', "MMA Pro RC", []),
            ]),
    ('MAAF', "MAAF Assurances", "MAAF", False, [
            ('auto', "MAAF Auto", ["Tiers", "Tous risques"]),
            ('moto', "MAAF Moto", ["Tiers", "Tous risques"]),
            ]),
    ('GROUPAMA', "Groupama Assurances Mutuelles", "Groupama", False, [
            ('auto', "Groupama Auto", []),
            ('habitation', "Groupama Habitation", []),
            ('animal', "Groupama Chiens Chats", ["Essentiel", "Intégral"]),
            ]),
    ('SWISSLIFE', "Swiss Life Assurance et Patrimoine", "Swiss Life", True, [
            ('prevoyance', "Prévoyance Indépendants", []),
            ('sante', "Swiss Life Santé Madelin",
                ["Eco", "Confort", "Premium"]),
            ('emprunteur', "Swiss Life Assurance Emprunteur", []),
            ]),
    ('APRIL', "April", "April", True, [
            ('sante', "Santé Facile",
                ["Formule 1", "Formule 2", "Formule 3"]),
            ('emprunteur', "April Emprunteur", []),
            ('moto', "April Moto", ["Tiers", "Tous risques"]),
            ('prevoyance', "Prévoyance Pro", []),
            ]),
    ('SMABTP', "SMABTP", "SMABTP", True, [
            ('decennale', "Cap 2000", []),
            ('dommage_ouvrage', "Dommages Ouvrage Particuliers", []),
            ]),
    ('HISCOX', "Hiscox SA", "Hiscox", False, [
            ('rc_pro', "RC Pro Hiscox", ["Essentielle", "Étendue"]),
            ('rc_pro', "Multirisque Bureau", []),
            ]),
    ('AIG', "AIG Europe SA", "AIG", False, [
            ('rc_pro', "RC Pro Consultants", []),
            ('prevoyance', "Garantie Accidents de la Vie", []),
            ]),
    ('ZURICH', "Zurich Insurance Europe AG", "Zurich", False, [
            ('rc_pro', "Zurich RC Entreprises", []),
            ('dommage_ouvrage', "Zurich Dommages Ouvrage", []),
            ]),
    ('MAXANCE', "Maxance", "Maxance", True, [
            ('moto', "Maxance Moto",
                ["Tiers", "Vol incendie", "Tous risques"]),
            ('cyclo', "Maxance Scooter 50", ["Tiers", "Tous risques"]),
            ('auto', "Auto Collection", []),
            ]),
    ('SOLLYAZAR', "Solly Azar", "Solly Azar", True, [
            ('auto', "Auto Malussé", ["Tiers", "Tous risques"]),
            ('moto', "Moto Solly Azar", []),
            ('habitation', "Propriétaire Non Occupant", []),
            ('cyclo', "Scooter 50 Solly Azar", []),
            ]),
    ('ALPTIS', "Alptis Assurances", "Alptis", False, [
            ('sante', "Alptis Santé Sérénité", ["Niveau 1", "Niveau 2"]),
            ('prevoyance', "Alptis Prévoyance TNS", []),
            ('emprunteur', "Alptis Emprunteur", []),
            ]),
    ('NEOLIANE', "Néoliane Santé & Prévoyance", "Néoliane", True, [
            ('sante', "Altosanté", ["Ecosanté", "Altosanté", "Optima"]),
            ('prevoyance', "Néoliane Obsèques", []),
            ('animal', "Néoliane Animaux", []),
            ]),
    ('MALAKOFF', "Malakoff Humanis Prévoyance", "Malakoff Humanis", False, [
            ('sante', "Santé Collective Entreprises", []),
            ('prevoyance', "Prévoyance Collective", []),
            ]),
    ('HARMONIE', "Harmonie Mutuelle", "Harmonie Mutuelle", False, [
            ('sante', "Harmonie Santé Pro", ["Essentielle", "Renforcée"]),
            ('sante', "Harmonie Santé Seniors", []),
            ]),
    ('CNP', "CNP Assurances", "CNP", False, [
            ('emprunteur', "CNP Emprunteur Immobilier", []),
            ('prevoyance', "CNP Prévoyance Famille", []),
            ]),
    ('CARDIF', "BNP Paribas Cardif", "Cardif", True, [
            ('emprunteur', "Cardif Libertés Emprunteur", []),
            ('prevoyance', "Cardif Prévoyance", []),
            ('habitation', "Cardif Habitation", []),
            ]),
    ]

# new business and renewal commission ranges in percent, by line of business
RATES = {
    'auto': ((12, 18), (8, 12)),
    'moto': ((12, 18), (8, 12)),
    'cyclo': ((12, 18), (8, 12)),
    'habitation': ((15, 22), (10, 15)),
    'sante': ((15, 25), (10, 15)),
    'prevoyance': ((15, 30), (8, 12)),
    'emprunteur': ((20, 30), (10, 15)),
    'rc_pro': ((12, 18), (10, 15)),
    'decennale': ((8, 15), (8, 12)),
    'dommage_ouvrage': ((5, 10), (0, 0)),
    'animal': ((15, 25), (10, 15)),
    }
FIXED_FEES = [0, 10, 15, 20, 25, 30, 50]
CONTACT_ROLES = ['inspector', 'claims', 'commercial', 'management', 'other']


def generate(context):
    insurers = create_insurers(context)
    products = create_products(context, insurers)
    context.records['insurers'] = insurers
    context.records['products'] = products


def create_insurers(context):
    Party = Model.get('party.party')
    insurers = []
    for code, name, commercial_name, selected, _ in INSURERS:
        insurer = Party(name=name, is_insurer=True)
        if 'party_type' in Party._fields:
            insurer.party_type = 'company'
        insurer.insurer_code = code
        insurer.commercial_name = commercial_name
        insurer.selected = selected
        roles = context.random.sample(
            CONTACT_ROLES[:4], context.random.randint(2, 3))
        for role in roles:
            add_contact(context, insurer, role, code)
        insurers.append(insurer)
    Party.save(insurers)
    return insurers


def add_contact(context, insurer, role, code):
    faker = context.faker
    first_name, last_name = faker.first_name(), faker.last_name()
    local = ascii_slug(f'{first_name}.{last_name}')
    contact = insurer.insurer_contacts.new(role=role)
    contact.name = f'{first_name} {last_name}'
    contact.phone = faker.phone_number()
    contact.email = f'{local}@{code.lower()}.example.com'
    if role == 'claims':
        contact.notes = "Déclarations de sinistres : joindre le constat."
    return contact


def ascii_slug(text):
    text = unicodedata.normalize('NFKD', text)
    text = text.encode('ascii', 'ignore').decode('ascii')
    return text.lower().replace(' ', '-').replace("'", '')


def create_products(context, insurers):
    Product = Model.get('insurance.product')
    LineOfBusiness = Model.get('insurance.line_of_business')
    lines = {l.code: l for l in LineOfBusiness.find([])}
    products = []
    for insurer, (code, *_, catalogue) in zip(insurers, INSURERS):
        for i, (line_code, name, formulas) in enumerate(catalogue, 1):
            product = Product(
                insurer=insurer, line_of_business=lines[line_code], name=name)
            product.code = f'{code[:3]}-{line_code[:3].upper()}{i:02d}'
            for formula in formulas:
                product.formulas.new(name=formula)
            add_rates(context, product, line_code)
            products.append(product)
    Product.save(products)
    return products


def add_rates(context, product, line_code):
    rnd = context.random
    (nb_min, nb_max), (re_min, re_max) = RATES[line_code]
    new_business = Decimal(rnd.randint(nb_min * 2, nb_max * 2)) / 2
    renewal = Decimal(rnd.randint(re_min * 2, re_max * 2)) / 2
    standard = product.rates.new(name="Standard", is_default=True)
    standard.new_business_rate = new_business
    standard.renewal_rate = renewal
    standard.fee_type = 'fixed'
    standard.fee_amount = Decimal(rnd.choice(FIXED_FEES))
    if rnd.random() < 0.5:
        partner = product.rates.new(name="Partenariat", is_default=False)
        partner.new_business_rate = min(new_business + 2, Decimal(nb_max + 2))
        partner.renewal_rate = renewal
        partner.fee_type = 'fixed'
        partner.fee_amount = Decimal(0)
    if rnd.random() < 0.3:
        fees = product.rates.new(name="Honoraires au pourcentage",
            is_default=False)
        fees.new_business_rate = max(new_business - 2, Decimal(0))
        fees.renewal_rate = renewal
        fees.fee_type = 'percent'
        fees.fee_amount = Decimal(rnd.choice([3, 5, 8, 10]))

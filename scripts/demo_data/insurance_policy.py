"""Demo data of the insurance_policy module: contracts on most clients
across lines of business, with their insured assets, some endorsed, some
terminated, and contracts held with competitors followed for renewal."""
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard


SIV_LETTERS = 'ABCDEFGHJKLMNPQRSTVWXYZ'
CARS = [
    ("Peugeot", "208"), ("Renault", "Clio"), ("Citroën", "C3"),
    ("Volkswagen", "Golf"), ("Toyota", "Yaris"), ("Dacia", "Sandero"),
    ("Tesla", "Model 3"), ("Renault", "Mégane"),
    ]
BIKES = [("Yamaha", "MT-07"), ("Honda", "CB500"), ("BMW", "R 1250 GS")]
BREEDS = [('dog', "Labrador"), ('dog', "Berger australien"),
    ('cat', "Maine coon"), ('cat', "Européen")]
BANKS = ["Crédit Agricole", "BNP Paribas", "Société Générale",
    "Caisse d'Épargne", "LCL"]
TAX_RATES = {
    'auto': Decimal('0.33'), 'moto': Decimal('0.33'),
    'cyclo': Decimal('0.33'), 'habitation': Decimal('0.30'),
    'sante': Decimal('0.1327'), 'prevoyance': Decimal('0.09'),
    'emprunteur': Decimal('0.09'),
    }
PREMIUMS = {
    'auto': (350, 1200), 'moto': (250, 900), 'cyclo': (120, 300),
    'habitation': (150, 600), 'sante': (600, 2400),
    'prevoyance': (300, 1500), 'emprunteur': (200, 1500),
    'rc_pro': (400, 3000), 'decennale': (1500, 6000),
    'dommage_ouvrage': (2000, 8000), 'animal': (150, 500),
    }


def generate(context):
    products = context.records.get('products') or Model.get(
        'insurance.product').find([])
    clients = [c for c in context.records.get('clients', [])
        if c.client_status in {'prospect', 'active', 'former'}]
    if not products or not clients:
        return
    Policy = Model.get('insurance.policy')
    policies, assets, states, links = [], [], [], []
    today = dt.date.today()
    for client in clients:
        if context.random.random() > 0.85:
            continue
        count = context.random.choice([1, 1, 2, 2, 3])
        for product in context.random.sample(
                products, min(count, len(products))):
            policy, asset, state = new_policy(
                context, client, product, today)
            policies.append(policy)
            states.append(state)
            if asset:
                assets.append(asset)
                links.append((policy, asset))
    Model.get('insurance.asset').save(assets)
    for policy, asset in links:
        policy.assets.append(Model.get('insurance.asset')(asset.id))
    Policy.save(policies)
    running = [p for p, s in zip(policies, states) if s != 'draft']
    if running:
        Policy.click(running, 'activate')
    terminated = [p for p, s in zip(policies, states) if s == 'terminated']
    terminate(context, terminated)
    endorse(context, [p for p, s in zip(policies, states) if s == 'active'])
    context.records['policies'] = policies


def new_policy(context, client, product, today):
    random = context.random
    Policy = Model.get('insurance.policy')
    lob = product.line_of_business.code
    start = today - dt.timedelta(days=random.randint(20, 365 * 6))
    policy = Policy(client=client, product=product)
    if context.records.get('company'):
        policy.company = context.records['company']
    policy.reference = '%s-%s' % (
        product.insurer.insurer_code or 'POL', random.randint(100000, 999999))
    if product.formulas:
        policy.formula = random.choice(product.formulas)
    policy.subscription_date = start - dt.timedelta(
        days=random.randint(0, 20))
    policy.start_date = start
    low, high = PREMIUMS.get(lob, (200, 1500))
    excl_tax = Decimal(random.randint(low, high))
    policy.annual_premium_excl_tax = excl_tax
    policy.annual_premium = (
        excl_tax * (1 + TAX_RATES.get(lob, Decimal('0.09')))).quantize(
        Decimal('0.01'))
    policy.payment_frequency = random.choice(
        ['monthly', 'monthly', 'quarterly', 'half_yearly', 'yearly'])
    policy.delegated_collection = random.random() < 0.4
    policy.collection_method = random.choice(
        ['direct_debit', 'direct_debit', 'transfer', 'check'])
    policy.document_control = random.random() < 0.5
    if lob in {'auto', 'moto'}:
        policy.bonus_malus = Decimal(random.choice(
                ['0.50', '0.50', '0.64', '0.76', '0.85', '1.00', '1.25']))
    if client.owner:
        policy.managers.append(Model.get('company.employee')(client.owner.id))
    if random.random() < 0.2:
        policy.fees.new(kind='honorarium', description="Frais de dossier",
            amount=Decimal(random.choice([20, 30, 50])), recurring=False)
    roll = random.random()
    if client.client_status == 'prospect' and roll < 0.5:
        state = 'draft'
    elif roll < 0.12:
        policy.competitor = True
        state = 'active'
    elif roll < 0.25:
        state = 'terminated'
    else:
        state = 'active'
    if state != 'draft':
        # Keep the renewal date ahead of the start as the renewal job
        # would have rolled it
        renewal = policy.renewal_date
        while renewal and renewal < today - dt.timedelta(
                days=random.choice([400, 0, 0, 0, 0, 0, 20])):
            renewal += relativedelta(years=1)
        policy.renewal_date = renewal
    return policy, new_asset(context, client, lob), state


def plate(random):
    "Return a random SIV registration plate"
    def letters():
        return ''.join(random.choice(SIV_LETTERS) for _ in range(2))
    return '%s-%03d-%s' % (letters(), random.randint(1, 999), letters())


def new_asset(context, client, lob):
    random = context.random
    faker = context.faker
    Asset = Model.get('insurance.asset')
    if lob in {'auto', 'moto', 'cyclo'}:
        kind = {'auto': 'vehicle', 'moto': 'motorbike', 'cyclo': 'moped'}[lob]
        make, model = random.choice(BIKES if lob != 'auto' else CARS)
        first = faker.date_between(start_date='-15y', end_date='-6m')
        return Asset(owner=client, kind=kind, make=make, model=model,
            registration=plate(random), first_registration_date=first,
            purchase_date=first + dt.timedelta(days=random.randint(0, 900)),
            fiscal_power=random.randint(3, 11),
            usage=random.choice(['private', 'commute', 'business']),
            mileage=random.choice([5000, 10000, 15000, 20000, 30000]),
            parking=random.choice(['street', 'car_park', 'garage']))
    if lob == 'habitation':
        return Asset(owner=client, kind='property',
            street=faker.street_address(), postal_code=faker.postcode(),
            city=faker.city(),
            property_type=random.choice(['house', 'apartment']),
            property_condition='built',
            occupancy=random.choice(['owner', 'tenant']),
            residence=random.choice(['main', 'main', 'secondary']),
            surface=Decimal(random.randint(25, 220)),
            rooms=random.randint(1, 8),
            property_value=Decimal(random.randint(80, 900) * 1000))
    if lob == 'animal':
        species, breed = random.choice(BREEDS)
        return Asset(owner=client, kind='animal', species=species,
            breed=breed, animal_name=faker.first_name(),
            breed_type='pure', birth_date=faker.date_between(
                start_date='-12y', end_date='-3m'),
            identification='250%012d' % random.randint(0, 10 ** 12 - 1))
    if lob == 'emprunteur':
        return Asset(owner=client, kind='loan', lender=random.choice(BANKS),
            loan_type='mortgage',
            loan_amount=Decimal(random.randint(50, 500) * 1000),
            loan_rate=Decimal(random.choice(['1.20', '2.35', '3.10', '3.85'])),
            loan_duration=random.choice([120, 180, 240, 300]),
            loan_start_date=faker.date_between(
                start_date='-5y', end_date='today'))
    if lob == 'dommage_ouvrage':
        return Asset(owner=client, kind='construction',
            nature_of_works="Construction d'une maison individuelle",
            street=faker.street_address(), postal_code=faker.postcode(),
            city=faker.city(),
            opening_date=faker.date_between(
                start_date='-1y', end_date='+6m'),
            construction_cost=Decimal(random.randint(150, 600) * 1000),
            architect=random.random() < 0.5, soil_study=True)
    return None


def terminate(context, policies):
    if not policies:
        return
    Reason = Model.get('insurance.policy.termination_reason')
    reasons = Reason.find([])
    today = dt.date.today()
    for reason in reasons:
        group = [p for i, p in enumerate(policies)
            if reasons[i % len(reasons)] == reason]
        if not group:
            continue
        wizard = Wizard('insurance.policy.terminate', group)
        wizard.form.reason = reason
        wizard.form.date = today - dt.timedelta(
            days=context.random.randint(1, 300))
        wizard.execute('terminate')


def endorse(context, policies):
    "A 5 % premium rise recorded by endorsement on a fifth of the contracts"
    date = dt.date.today() - dt.timedelta(days=30)
    for policy in policies:
        if context.random.random() >= 0.2:
            continue
        wizard = Wizard('insurance.policy.endorse', [policy])
        wizard.form.reason = "Changement de formule"
        wizard.form.date = date
        wizard.execute('changes')
        for name in ['annual_premium_excl_tax', 'annual_premium']:
            setattr(wizard.form, name, (
                    getattr(wizard.form, name) * Decimal('1.05')).quantize(
                    Decimal('0.01')))
        wizard.execute('endorse')

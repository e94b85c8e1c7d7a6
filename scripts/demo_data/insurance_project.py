"""Demo data of the insurance_project module: rate grids and their
comparators for a few products, and projects across the pipeline stages
with their studies; some abandoned, a few won and transformed into
contracts."""
import datetime as dt

from proteus import Model, Wizard

GRID_LINES_OF_BUSINESS = ['auto', 'habitation', 'sante']
AGE_BANDS = [(18, 25), (26, 40), (41, 60), (61, 99)]
ZONES = ['69', '75', '13', '']
TITLES = {
    'auto': "Assurance auto", 'moto': "Assurance moto",
    'habitation': "Multirisque habitation", 'sante': "Complémentaire santé",
    'prevoyance': "Prévoyance", 'emprunteur': "Assurance emprunteur",
    'rc_pro': "RC professionnelle", 'decennale': "Décennale",
    'animal': "Assurance animal",
    }
BASE_PREMIUMS = {'auto': 450, 'habitation': 220, 'sante': 900}


def generate(context):
    products = context.records.get('products') or Model.get(
        'insurance.product').find([])
    clients = [c for c in context.records.get('clients', [])
        if c.client_status in {'prospect', 'active'} and c.owner]
    if not products or not clients:
        return
    quotable = grids(context, products)
    projects = new_projects(context, products, clients, quotable)
    context.records['projects'] = projects


def grids(context, products):
    "Import a rate grid for the products of a few lines of business"
    RateTable = Model.get('insurance.project.rate_table')
    Connector = Model.get('insurance.comparator.connector')
    connectors = {}
    for product in products:
        lob = product.line_of_business
        if lob.code not in GRID_LINES_OF_BUSINESS or not product.formulas:
            continue
        table = RateTable(name="Grille %s" % dt.date.today().year,
            product=product)
        table.save()
        wizard = Wizard('insurance.project.rate_table.import', [table])
        wizard.form.data = grid_csv(context, product).encode('utf-8')
        wizard.form.filename = 'grille.csv'
        wizard.execute('import_')
        key = (product.insurer.id, lob.id)
        if key not in connectors:
            connectors[key] = Connector(
                name="Grille %s" % product.insurer.rec_name,
                kind='rate_table', insurer=product.insurer,
                line_of_business=lob)
    Connector.save(list(connectors.values()))
    return sorted({c.line_of_business for c in connectors.values()},
        key=lambda lob: lob.id)


def grid_csv(context, product):
    "Return a CSV grid of the product by age band, zone and formula"
    base = BASE_PREMIUMS[product.line_of_business.code]
    rows = ["age_min;age_max;zone;formula;premium;deductible"]
    for level, formula in enumerate(product.formulas):
        for band, (age_min, age_max) in enumerate(AGE_BANDS):
            for zone in ZONES:
                factor = (1 + 0.45 * level) * (1.3 - 0.1 * band) * (
                    1.15 if zone == '75' else 1)
                premium = base * factor * context.random.uniform(0.9, 1.1)
                rows.append('%s;%s;%s;%s;%.2f;%s' % (
                        age_min, age_max, zone, formula.name, premium,
                        [300, 150, 0][min(level, 2)]))
    return '\n'.join(rows) + '\n'


def new_projects(context, products, clients, quotable):
    """Open projects for a third of the clients, and for every broker one
    project priced by a comparator which stays in progress"""
    random = context.random
    Project = Model.get('insurance.project')
    lobs = sorted({p.line_of_business for p in products},
        key=lambda lob: lob.id)
    by_owner = {}
    for client in clients:
        by_owner.setdefault(client.owner.id, []).append(client)
    kept = [new_project(context, random.choice(owned),
            random.choice(quotable or lobs))
        for owned in by_owner.values()]
    others = [c for c in clients if c not in {p.client for p in kept}]
    projects = kept + [
        new_project(context, client, random.choice(lobs))
        for client in random.sample(others, len(others) // 3)]
    Project.save(projects)
    advance(context, projects)
    quoted = [p for p in projects if p.line_of_business in quotable]
    if quoted:
        Project.click(quoted, 'get_quotes')
    conclude(context, Project.find([
                ('id', 'in', [p.id for p in projects if p not in kept]),
                ]))
    return projects


def new_project(context, client, lob):
    random = context.random
    today = dt.date.today()
    project = Model.get('insurance.project')(
        client=client, line_of_business=lob,
        title=TITLES.get(lob.code, lob.rec_name),
        owner=client.owner, origin=client.origin)
    project.project_type = random.choice(
        ['new', 'new', 'new', 'replacement', 'additional'])
    project.priority = random.choice(['low', 'medium', 'medium', 'high'])
    project.chance = random.choice(['low', 'medium', 'high'])
    project.priority_flag = random.random() < 0.15
    project.deadline = today + dt.timedelta(days=random.randint(-10, 60))
    project.start_date = today + dt.timedelta(days=random.randint(5, 90))
    project.file_date = today - dt.timedelta(days=random.randint(0, 120))
    if random.random() < 0.4:
        project.comments.new(text=random.choice([
                    "Client à rappeler en fin de journée.",
                    "Souhaite comparer avec l'offre de sa banque.",
                    "Attend le relevé d'information de l'ancien assureur.",
                    ]))
    return project


def advance(context, projects):
    "Move the projects along their pipeline"
    Project = Model.get('insurance.project')
    for steps in range(1, 5):
        moving = [p for p in projects if context.random.random() < 0.55]
        if not moving:
            break
        Project.click(moving, 'next_stage')
        projects = moving


def conclude(context, projects):
    "Choose offers, abandon some projects and transform a few"
    random = context.random
    Study = Model.get('insurance.project.study')
    quoted = [p for p in projects if p.studies]
    chosen = [random.choice(list(p.studies)) for p in quoted
        if random.random() < 0.6]
    if chosen:
        Study.click(chosen, 'choose')
    rest = [p for p in projects if p not in quoted]
    reasons = Model.get('insurance.client.abandon_reason').find([])
    for project in random.sample(rest, len(rest) // 4):
        abandon = Wizard('insurance.project.abandon', [project])
        abandon.form.reason = random.choice(reasons)
        abandon.execute('abandon')
    for study in chosen[:max(1, len(chosen) // 3)]:
        transform = Wizard('insurance.project.transform', [study.project])
        transform.form.reference = 'DEV-%s' % random.randint(100000, 999999)
        transform.form.start_date = study.project.start_date
        transform.execute('transform')

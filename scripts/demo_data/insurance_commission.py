"""Demo data of the insurance_commission module: expected commissions of the
running contracts since their effective date (most of the old ones
received, some late), the agreements and rates of the introducers, and two
insurer statements — one that pays what was expected, one with differences
and unknown lines — with their column mappings, and a contract file of an
insurer imported (updates, new contracts, a rejected row)."""
import datetime as dt
import io
from decimal import Decimal

from proteus import Model

from .tools import SAMPLES, ref, search_read


def generate(context):
    policies = [p for p in context.records.get('policies', [])
        if p.state in {'active', 'suspended', 'terminated'}
        and p.compute_commissions and not p.competitor]
    if not policies:
        return
    configure()
    Policy = Model.get('insurance.policy')
    context.progress(
        f"  expected commissions of {len(policies)} contracts")
    Policy.click(policies, 'compute_commissions_since_start')
    receive_old(context)
    context.progress("  late commissions, introducers, salespeople")
    mark_late()
    introducers(context)
    salesperson_rates(context)
    payee_statement(context)
    context.progress("  insurer statements and contract files imported")
    by_insurer = {}
    for policy in policies:
        by_insurer.setdefault(policy.insurer.id, []).append(policy)
    insurers = sorted(by_insurer, key=lambda i: -len(by_insurer[i]))[:2]
    statements = []
    for rank, insurer_id in enumerate(insurers):
        statements.append(import_statement(
                context, insurer_id, by_insurer[insurer_id],
                with_errors=rank == 1))
    Statement = Model.get('insurance.commission.statement')
    Statement.click(statements[:1], 'post')
    context.records['commission_statements'] = statements
    context.records['contract_imports'] = [import_contracts(
            context, insurers[0], by_insurer[insurers[0]])]
    import_samples(context)


def configure():
    Configuration = Model.get('insurance.commission.configuration')
    Account = Model.get('account.account')
    Journal = Model.get('account.journal')
    configuration = Configuration(1)
    revenue = Account.find([
            ('type.revenue', '=', True), ('closed', '!=', True),
            ('code', 'like', '7%')], order=[('code', 'ASC')], limit=1)
    journals = Journal.find([('code', '=', 'REV')], limit=1)
    if revenue:
        configuration.commission_revenue_account, = revenue
    if journals:
        configuration.commission_journal, = journals
    configuration.late_delay = 45
    configuration.save()


def receive_old(context):
    "Mark received most commissions older than four months"
    Commission = Model.get('insurance.commission')
    old = Commission.find([
            ('state', '=', 'expected'),
            ('date', '<', dt.date.today() - dt.timedelta(days=120)),
            ])
    received = [c for c in old if context.random.random() < 0.95]
    if received:
        context.progress(
            f"  {len(received)} commissions received, booked one move each")
        Commission.click(received, 'receive')


def introducers(context):
    "Give the introducers an agreement and rates; some contracts override"
    Party = Model.get('party.party')
    Policy = Model.get('insurance.policy')
    random = context.random
    parties = Party.find([('is_introducer', '=', True)])
    for n, party in enumerate(parties, 1):
        party.introducer_agreement = 'CONV-%s-%02d' % (
            dt.date.today().year - 1, n)
        party.introducer_agreement_date = dt.date.today().replace(
            month=1, day=1)
        party.introducer_location = context.faker.city()
        rate = party.introducer_rates.new()
        rate.new_business_rate = Decimal(random.choice([15, 20, 25]))
        rate.renewal_rate = Decimal(random.choice([5, 10]))
        rate.fee_rate = Decimal(0)
    Party.save(parties)
    policies = [p for p in Policy.find([
                ('introducer', '!=', None), ('state', '!=', 'terminated')])
        if random.random() < 0.3]
    for policy in policies:
        policy.introducer_rate = Decimal(random.choice([15, 20, 25]))
    Policy.save(policies)


def salesperson_rates(context):
    "One commission line for every collaborator: 10 % new, 5 % renewal"
    Rate = Model.get('insurance.salesperson.rate')
    Employee = Model.get('company.employee')
    rate = Rate(new_business_rate=Decimal(10), renewal_rate=Decimal(5),
        fee_rate=Decimal(0))
    rate.employees.extend(Employee.find([]))
    rate.save()


def payee_statement(context):
    """Validate the statement of the last twelve months of the introducer
    owed the most, with its commission expense account and journal"""
    Configuration = Model.get('insurance.commission.configuration')
    Account = Model.get('account.account')
    Journal = Model.get('account.journal')
    Statement = Model.get('insurance.commission.payee_statement')
    Party = Model.get('party.party')
    configuration = Configuration(1)
    expense = Account.find([
            ('type.expense', '=', True), ('closed', '!=', True),
            ('code', 'like', '6%')], order=[('code', 'ASC')], limit=1)
    journals = Journal.find([('code', '=', 'EXP')], limit=1)
    if expense:
        configuration.payee_expense_account, = expense
    if journals:
        configuration.payee_journal, = journals
    configuration.save()
    best = None
    for introducer in Party.find([('is_introducer', '=', True)]):
        statement = Statement(payee_type='introducer',
            introducer=introducer, period='last_12_months')
        statement.save()
        statement.click('compute_lines')
        if best is None or statement.total > best.total:
            if best is not None:
                best.delete()
            best = statement
        else:
            statement.delete()
    if best is not None and best.lines:
        best.click('validate_statement')
        context.records['payee_statements'] = [best]


def mark_late():
    cron = ref('ir.cron', 'insurance_commission', 'cron_mark_late')
    cron.click('run_once')


def import_statement(context, insurer_id, policies, with_errors):
    """Import a statement of the insurer paying its oldest expected
    commissions; with_errors changes some amounts, writes references the
    insurer's way and adds lines of contracts the firm does not know"""
    random = context.random
    Party = Model.get('party.party')
    Mapping = Model.get('insurance.commission.statement.mapping')
    Statement = Model.get('insurance.commission.statement')
    insurer = Party(insurer_id)
    Mapping(insurer=insurer, reference_column="N° police",
        date_column="Date d'effet", amount_column="Commission",
        base_column="Prime HT", kind_column="Nature",
        client_column="Souscripteur").save()
    commissions = search_read('insurance.commission', [
            ('policy', 'in', [p.id for p in policies]),
            ('state', 'in', ['expected', 'late']),
            ('kind', '!=', 'fee'),
            ], ['amount', 'base_amount', 'date', 'kind', 'policy.reference',
            'policy.client.rec_name'], order=[('date', 'ASC'), ('id', 'ASC')])
    paid = commissions[:max(1, len(commissions) * 2 // 3)]
    rows = []
    for commission in paid:
        amount = commission['amount']
        reference = commission['policy.']['reference']
        if with_errors and random.random() < 0.2:
            amount -= Decimal(random.choice(['0.50', '1.00', '2.35']))
        if with_errors and random.random() < 0.3:
            reference = reference.lower().replace('-', ' ')
        rows.append([reference, commission['date'].strftime('%d/%m/%Y'),
                'AN' if commission['kind'] == 'new_business' else 'R',
                fr(commission['base_amount']), fr(amount),
                commission['policy.']['client.']['rec_name']])
    if with_errors:
        for n in range(3):
            rows.append(['INCONNU-%04d' % random.randint(1, 9999),
                    dt.date.today().replace(day=1).strftime('%d/%m/%Y'),
                    'AN', fr(Decimal(random.randint(200, 900))),
                    fr(Decimal(random.randint(20, 90))),
                    context.faker.last_name().upper()])
    header = ["N° police", "Date d'effet", "Nature", "Prime HT",
        "Commission", "Souscripteur"]
    out = io.StringIO()
    for row in [header] + rows:
        out.write(';'.join(row) + '\n')
    statement = Statement(insurer=insurer,
        period=dt.date.today().replace(day=1),
        file=out.getvalue().encode('utf-8'),
        file_name='bordereau-%s.csv' % (insurer.insurer_code or 'x').lower())
    statement.save()
    statement.click('run_import')
    return statement


def import_contracts(context, insurer_id, policies):
    """Import a contract file of the insurer: three known contracts with a
    new premium, two new contracts of new clients and a row with a product
    the insurer does not sell, rejected"""
    random = context.random
    faker = context.faker
    Party = Model.get('party.party')
    Product = Model.get('insurance.product')
    Mapping = Model.get('insurance.policy.import.mapping')
    Import = Model.get('insurance.policy.import')
    insurer = Party(insurer_id)
    Mapping(insurer=insurer, reference_column="N° police",
        client_column="Nom", first_name_column="Prénom",
        product_column="Produit", start_date_column="Date d'effet",
        premium_excl_tax_column="Prime HT", premium_column="Prime TTC",
        frequency_column="Fractionnement").save()
    products = Product.find([('insurer', '=', insurer_id)])
    rows = []
    for policy in [p for p in policies if p.state == 'active'][:3]:
        client = policy.client
        premiums = [fr(p * Decimal('1.03')) if p is not None else ''
            for p in [policy.annual_premium_excl_tax, policy.annual_premium]]
        rows.append([policy.reference, client.name, client.first_name or '',
                policy.product.code or policy.product.name
                if policy.product else '',
                policy.start_date.strftime('%d/%m/%Y'), *premiums,
                policy.payment_frequency])
    start = dt.date.today().replace(day=1)
    for n in range(3):
        product = random.choice(products)
        premium = Decimal(random.randint(300, 1200))
        rows.append(['%s-IMP-%04d' % (insurer.insurer_code or 'X', n + 1),
                faker.last_name().upper(), faker.first_name(),
                'INCONNU' if n == 2 else (product.code or product.name),
                start.strftime('%d/%m/%Y'), fr(premium),
                fr(premium * Decimal('1.2')), 'mensuel'])
    header = ["N° police", "Nom", "Prénom", "Produit", "Date d'effet",
        "Prime HT", "Prime TTC", "Fractionnement"]
    out = io.StringIO()
    for row in [header] + rows:
        out.write(';'.join(row) + '\n')
    request = Import(insurer=insurer, file=out.getvalue().encode('utf-8'),
        file_name='contrats-%s.csv' % (insurer.insurer_code or 'x').lower())
    request.save()
    request.click('run_import')
    return request


def import_samples(context):
    """Import the sample files of Allianz shipped in samples/: new contracts
    (one rejected: a product Allianz does not sell), then a statement of
    their commissions, with a reference written the insurer's way and a
    contract the firm does not know"""
    Party = Model.get('party.party')
    ContractMapping = Model.get('insurance.policy.import.mapping')
    StatementMapping = Model.get('insurance.commission.statement.mapping')
    Import = Model.get('insurance.policy.import')
    Statement = Model.get('insurance.commission.statement')
    insurer, = Party.find([('insurer_code', '=', 'ALLIANZ')])
    if not ContractMapping.find([('insurer', '=', insurer.id)]):
        ContractMapping(insurer=insurer, reference_column="N° police",
            client_column="Nom", first_name_column="Prénom",
            product_column="Produit", start_date_column="Date d'effet",
            premium_excl_tax_column="Prime HT", premium_column="Prime TTC",
            frequency_column="Fractionnement").save()
    if not StatementMapping.find([('insurer', '=', insurer.id)]):
        StatementMapping(insurer=insurer, reference_column="N° police",
            date_column="Date d'effet", amount_column="Commission",
            base_column="Prime HT", kind_column="Nature",
            client_column="Souscripteur").save()
    contracts = SAMPLES / 'contrats-allianz.csv'
    request = Import(insurer=insurer, file=contracts.read_bytes(),
        file_name=contracts.name)
    request.save()
    request.click('run_import')
    context.records['contract_imports'].append(request)
    statement_file = SAMPLES / 'bordereau-allianz.csv'
    statement = Statement(insurer=insurer,
        period=dt.date(2026, 3, 1), file=statement_file.read_bytes(),
        file_name=statement_file.name)
    statement.save()
    statement.click('run_import')
    context.records['commission_statements'].append(statement)


def fr(amount):
    "Return the amount written the French way"
    return ('%.2f' % (amount or 0)).replace('.', ',')

"""Demo data of the insurance_receipt module: the accounts of the premium
collection on the French chart, the cash receipts of the contracts under
delegated collection, a renewal of terms, and client payments (most exact,
one overpayment, one partial, some unpaid).

Each step is a function of `context` so that other parts of the module
(direct debit, fee invoices...) can add their own steps after these; the
posted receipts are left in `context.records['receipts']` and the payments in
`context.records['client_payments']`."""
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard
from proteus.config import get_config

from .insurance import BANKS, french_iban
from .tools import SAMPLES

MONTHS = {'monthly': 1, 'quarterly': 3, 'half_yearly': 6, 'yearly': 12}
ACCOUNTS = [
    # (field, code of the model account, new code, name)
    ('client_funds_account', '5121', '51211', "Banque - fonds clients"),
    ('operating_account', '5121', '51212', "Banque - compte d'exploitation"),
    ('commission_revenue_account', '706', '7061', "Commissions de courtage"),
    ('fee_revenue_account', '706', '7062', "Frais de dossier"),
    ('honorarium_revenue_account', '706', '7063', "Honoraires"),
    ('return_fee_account', '706', '7064', "Frais de rejet"),
    ]


def generate(context):
    policies = [p for p in context.records.get('policies', [])
        if p.delegated_collection and p.state == 'active' and p.start_date
        and p.annual_premium]
    if not policies:
        return
    setup_accounts(context)
    receipts = issue_cash_receipts(context, policies)
    receipts += renew_terms(context)
    context.records['receipts'] = receipts
    context.records['client_payments'] = record_payments(context, receipts)
    generate_periphery(context)


def setup_accounts(context):
    "Create the premium collection accounts on the French chart"
    Account = Model.get('account.account')
    Configuration = Model.get('insurance.receipt.configuration')
    config = Configuration(1)
    for field, model_code, code, name in ACCOUNTS:
        model, = Account.find([('code', '=', model_code)], limit=1)
        account, = model.duplicate(default={'code': code, 'name': name})
        setattr(config, field, account)
    config.save()


def last_period_start(policy, before):
    "Return the start of the last period of the policy starting before date"
    months = MONTHS[policy.payment_frequency]
    start = policy.start_date
    while start + relativedelta(months=months) <= before:
        start += relativedelta(months=months)
    return start


def issue_cash_receipts(context, policies):
    """Issue and post the cash receipt of each contract for the period of
    two months ago, as if the firm started collecting then"""
    Receipt = Model.get('insurance.receipt')
    before = dt.date.today() - relativedelta(months=2)
    receipts = []
    for policy in policies:
        receipt = Receipt(kind='cash')
        receipt.period_start = last_period_start(policy, max(
                before, policy.start_date))
        receipt.policy = policy
        receipts.append(receipt)
    Receipt.save(receipts)
    Receipt.click(receipts, 'post')
    return receipts


def renew_terms(context):
    "Run the renewal of terms up to today; return the new receipts"
    Receipt = Model.get('insurance.receipt')
    renew = Wizard('insurance.receipt.renew_terms')
    renew.form.date = dt.date.today()
    renew.execute('renew')
    return Receipt.find([('kind', '=', 'term')])


def record_payments(context, receipts):
    """Pay most receipts exactly, one with 10 € too much (the credit pays the
    next one), one partly (naming the client's newest receipt, paid first);
    leave the others unpaid"""
    Payment = Model.get('insurance.payment')
    random = context.random
    by_client = {}
    for receipt in receipts:
        by_client.setdefault(receipt.client.id, []).append(receipt)
    payments = []
    today = dt.date.today()
    overpaid = partial = False
    for client_receipts in by_client.values():
        draw = random.random()
        if draw < 0.2:
            continue
        due = sum(r.total for r in client_receipts)
        method = random.choice(['transfer', 'check', 'card', 'direct_debit'])
        for_receipt = None
        if not overpaid:
            due, overpaid = client_receipts[0].total + Decimal('10'), True
        elif not partial:
            due, partial = (due / 2).quantize(Decimal('0.01')), True
            for_receipt = client_receipts[-1]
        payments.append(Payment(party=client_receipts[0].client,
                method=method, amount=due, receipt=for_receipt,
                date=today - dt.timedelta(days=random.randint(0, 20)),
                reference='VIR-%05d' % len(payments)))
    Payment.save(payments)
    Payment.click(payments, 'post')
    return payments


# --- 6b: mandates, direct debit with one return, fee invoice, dunning ---

FIRM_IBAN = 'FR14 2004 1010 0505 0001 3M02 606'
FIRM_CREDITOR_ID = 'FR72ZZZ123456'


def generate_periphery(context):
    "Mandates, a direct debit file with one return, a fee invoice, dunning"
    company = context.records.get('company')
    if not company:
        return
    journal = setup_direct_debit(company)
    mandates = create_mandates(context)
    if mandates:
        direct_debit(context, journal)
    create_fee_invoice(context)
    setup_dunning(context)
    remittance_statement(context)


def setup_direct_debit(company):
    "The firm's creditor identifier, bank account and SEPA journal"
    Party = Model.get('party.party')
    Bank = Model.get('bank')
    BankAccount = Model.get('bank.account')
    PaymentJournal = Model.get('account.payment.journal')
    Configuration = Model.get('insurance.receipt.configuration')
    Account = Model.get('account.account')
    firm = Party(company.party.id)
    if not any(i.type == 'eu_at_02' for i in firm.identifiers):
        firm.identifiers.new(type='eu_at_02', code=FIRM_CREDITOR_ID)
        firm.save()
    banks = Bank.find([('bic', '=', 'AGRIFRPP')], limit=1)
    bank = banks[0] if banks else None
    if not bank:
        bank_party = Party(name="Crédit Agricole", party_type='company')
        bank_party.save()
        bank = Bank(party=bank_party, bic='AGRIFRPP')
        bank.save()
    account = BankAccount(bank=bank)
    account.owners.append(firm)
    account.numbers.new(type='iban', number=FIRM_IBAN)
    account.save()
    journal = PaymentJournal(name="Prélèvements SEPA", process_method='sepa',
        currency=company.currency,
        sepa_bank_account_number=account.numbers[0],
        sepa_receivable_flavor='pain.008.001.02',
        sepa_payable_flavor='pain.001.001.03')
    journal.save()
    settings = Configuration(1)
    settings.direct_debit_journal = journal
    settings.return_fee_amount = Decimal('15.00')
    if not settings.return_fee_account:
        settings.return_fee_account, = Account.find(
            [('code', '=', '708')], limit=1)
    settings.fee_invoice_footer = (
        "Honoraires exonérés de TVA (art. 261 C du CGI). "
        "Paiement par virement : " + FIRM_IBAN)
    settings.save()
    return journal


def create_mandates(context):
    """Validated mandates for the clients of the contracts paid by direct
    debit (a bank account is opened for those who have none)"""
    Policy = Model.get('insurance.policy')
    Mandate = Model.get('account.payment.sepa.mandate')
    policies = Policy.find([
            ('delegated_collection', '=', True),
            ('collection_method', '=', 'direct_debit'),
            ('client.sepa_mandates', '=', None),
            ])
    clients = list({p.client.id: p.client for p in policies}.values())
    numbers = iban_numbers(context, clients)
    today = dt.date.today()
    mandates = [Mandate(party=client, account_number=number,
            identification='RUM-%06d' % client.id,
            signature_date=today - dt.timedelta(
                days=context.random.randint(30, 700)))
        for client, number in zip(clients, numbers)]
    Mandate.save(mandates)
    if mandates:
        Mandate.click(mandates, 'request')
        Mandate.click(mandates, 'validate_mandate')
    return mandates


def iban_numbers(context, clients):
    "Return the IBAN number of each client, opening an account if needed"
    Party = Model.get('party.party')
    BankAccount = Model.get('bank.account')
    Bank = Model.get('bank')
    codes = {bic: code for _, bic, code in BANKS}
    banks = Bank.find([('bic', 'in', list(codes))])
    accounts = []
    for client in clients:
        if not any(n.type == 'iban'
                for a in client.bank_accounts for n in a.numbers):
            bank = context.random.choice(banks)
            account = BankAccount(bank=bank)
            account.owners.append(Party(client.id))
            account.numbers.new(type='iban', number=french_iban(
                    context.random, codes[bank.bic]))
            accounts.append(account)
    BankAccount.save(accounts)
    numbers = []
    for client in clients:
        client = Party(client.id)
        numbers.append(next(n for a in client.bank_accounts
                for n in a.numbers if n.type == 'iban'))
    return numbers


def direct_debit(context, journal):
    "One pain.008 file of the due receipts, settled, with one return"
    Receipt = Model.get('insurance.receipt')
    today = dt.date.today()
    if not Receipt.find([
                ('state', '=', 'posted'),
                ('due_date', '<=', today),
                ('policy.collection_method', '=', 'direct_debit'),
                ('client.sepa_mandates.state', '=', 'validated'),
                ], limit=1):
        return
    debit = Wizard('insurance.receipt.direct_debit')
    debit.form.journal = journal
    debit.form.due_date = today
    debit.execute('create_')
    group, = debit.actions[0]
    group.click('succeed')
    # The bank returns the first payment of the file (the demo's first
    # SEPA payment): the sample file a user can import again. PostgreSQL
    # may skip ids (a retried transaction uses some): the sample's lines
    # then return the first payments of the file.
    returned = SAMPLES / 'retour-prelevement.csv'
    lines = returned.read_bytes().splitlines(keepends=True)
    ids = sorted((p.sepa_end_to_end_id for p in group.payments), key=int)
    if any(line.split(b';', 1)[0].decode() not in ids for line in lines):
        lines = [id_.encode() + b';' + line.split(b';', 1)[1]
            for id_, line in zip(ids, lines)]
    returns = Wizard('insurance.receipt.direct_debit_return')
    returns.form.file_ = b''.join(lines)
    returns.execute('import_')


def create_fee_invoice(context):
    "One posted fee invoice for a study made for a client"
    clients = context.records.get('clients') or []
    Account = Model.get('account.account')
    Configuration = Model.get('insurance.receipt.configuration')
    settings = Configuration(1)
    if not clients:
        return
    if not settings.honorarium_revenue_account:
        settings.honorarium_revenue_account, = Account.find(
            [('code', '=', '706')], limit=1)
        settings.save()
    create = Wizard('insurance.receipt.fee_invoice', [clients[0]])
    create.form.description = "Audit de vos contrats d'assurance"
    create.form.amount = Decimal('180.00')
    create.execute('create_')
    invoice, = create.actions[0]
    invoice.click('post')


def setup_dunning(context):
    "The unpaid-premium procedure for every client, then the first dunnings"
    ModelData = Model.get('ir.model.data')
    AccountConfiguration = Model.get('account.configuration')
    Party = Model.get('party.party')
    procedure_id = ModelData.get_id(
        'insurance_receipt', 'dunning_procedure_unpaid_premium',
        get_config().context)
    settings = AccountConfiguration(1)
    procedure = Model.get('account.dunning.procedure')(procedure_id)
    settings.default_dunning_procedure = procedure
    settings.save()
    clients = context.records.get('clients') or []
    if clients:
        Party.write([c.id for c in clients],
            {'dunning_procedure': procedure_id}, get_config().context)
    create = Wizard('account.dunning.create')
    create.form.date = dt.date.today()
    create.execute('create_')


def remittance_statement(context):
    """Post the remittance statement of the last three months to the
    insurer with the most paid receipts"""
    Receipt = Model.get('insurance.receipt')
    Remittance = Model.get('insurance.remittance')
    counts = {}
    for receipt in Receipt.find([('state', '=', 'paid')]):
        counts[receipt.insurer.id] = counts.get(receipt.insurer.id, 0) + 1
    if not counts:
        return
    today = dt.date.today()
    insurer = Model.get('party.party')(max(counts, key=counts.get))
    remittance = Remittance(insurer=insurer,
        period_start=today - relativedelta(months=3), period_end=today)
    remittance.click('compute')
    if remittance.lines:
        remittance.click('post')

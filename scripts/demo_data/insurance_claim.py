"""Demo data of the insurance_claim module: the documents required for car
collisions and water damage, and claims on about a quarter of the running
contracts, in every state, with experts, victims and documents."""
import datetime as dt
from decimal import Decimal

from proteus import Model

from .insurance_document import pdf, png
from .tools import ref

EXPERTS = [
    ("Cabinet Durand", "Durand Expertises", "04 78 12 34 56"),
    ("M. Lefèvre", "BCA Expertise", "01 45 67 89 10"),
    ("Mme Garnier", "Texa", "05 56 44 33 22"),
    ("M. Roussel", "Elex", "03 20 11 22 33"),
    ]
# State, then the buttons which bring a declared claim to it
PATHS = [
    ('declared', []),
    ('in_progress', ['process']),
    ('expertise', ['request_expertise']),
    ('settled', ['process', 'settle']),
    ('closed', ['process', 'settle', 'close']),
    ('closed', ['request_expertise', 'settle', 'close']),
    ('refused', ['refuse']),
    ]
INJURIES = ["Entorse cervicale", "Contusions", "Fracture du poignet",
    "Choc psychologique"]


def generate(context):
    require_documents()
    policies = [p for p in context.records.get('policies', [])
        if p.state != 'draft' and p.start_date]
    kinds = claim_kinds()
    chosen = [p for p in policies
        if kinds.get(p.line_of_business.id) and cover_end(p) >= p.start_date
        and context.random.random() < 0.25]
    if not chosen:
        return
    claims, paths = [], []
    for index, policy in enumerate(chosen):
        # Every state is shown
        path = PATHS[index % len(PATHS)]
        claims.append(new_claim(context, policy, kinds, path[0]))
        paths.append(path[1])
    Claim = Model.get('insurance.claim')
    Claim.save(claims)
    walk(claims, paths)
    attach_documents(context, claims)
    context.records['claims'] = claims


def require_documents():
    "The accident report and photos for collisions, the report for water"
    Rule = Model.get('insurance.document.requirement.rule')
    rules = []
    for kind, document in [
            ('auto_collision',
                'insurance_claim.document_type_accident_report'),
            ('auto_collision', 'insurance_document.document_type_photo'),
            ('home_water', 'insurance_document.document_type_photo'),
            ('home_water', 'insurance_document.document_type_expert_report'),
            ]:
        module, xml_id = document.split('.')
        rule = Rule(scope='claim', mandatory=True)
        rule.document_type = ref('insurance.document.type', module, xml_id)
        rule.claim_kind = ref(
            'insurance.claim.kind', 'insurance_claim', 'claim_kind_' + kind)
        rules.append(rule)
    Rule.save(rules)


def claim_kinds():
    "The claim types by line of business id"
    kinds = {}
    for kind in Model.get('insurance.claim.kind').find([
                ('line_of_business', '!=', None)]):
        kinds.setdefault(kind.line_of_business.id, []).append(kind)
    return kinds


def cover_end(policy):
    "The last day a claim of the policy may have occurred"
    return min(d for d in [
            policy.end_date, policy.termination_date, dt.date.today()] if d)


def new_claim(context, policy, kinds, state):
    random = context.random
    Claim = Model.get('insurance.claim')
    today = dt.date.today()
    end = cover_end(policy)
    span = max((end - policy.start_date).days, 0)
    occurred = end - dt.timedelta(days=random.randint(0, min(span, 700)))
    claim = Claim(client=policy.client, policy=policy)
    # The first type of a line is its most frequent claim
    choices = kinds[policy.line_of_business.id]
    claim.kind = choices[0] if random.random() < 0.5 else random.choice(
        choices)
    claim.occurred_date = occurred
    claim.declared_date = min(
        occurred + dt.timedelta(days=random.randint(0, 10)), today)
    claim.severity = random.choice(['low', 'low', 'medium', 'high',
            'very_high'])
    claim.liability_rate = random.choice(['0', '0', '50', '100'])
    claim.insurer_reference = 'S%s' % random.randint(10 ** 6, 10 ** 7 - 1)
    claim.deductible = Decimal(random.choice([0, 150, 300, 500]))
    if state != 'declared':
        claim.cost = Decimal(random.randint(3, 200) * 50)
    if state in {'expertise', 'settled', 'closed'} or random.random() < 0.3:
        claim.expert, claim.expert_firm, claim.expert_phone = random.choice(
            EXPERTS)
    if state in {'settled', 'closed'}:
        claim.compensation = max(
            claim.cost - claim.deductible, Decimal(0))
    if claim.severity in {'high', 'very_high'} and random.random() < 0.6:
        victim = claim.victims.new(name=context.faker.name())
        victim.injuries = random.choice(INJURIES)
        victim.contact = context.faker.phone_number()
    if random.random() < 0.3:
        claim.notes = "Client rappelé, dossier transmis à la compagnie."
    return claim


def walk(claims, paths):
    "Click the buttons of each path on its claims, step by step"
    Claim = Model.get('insurance.claim')
    for step in range(max(len(p) for p in paths)):
        by_button = {}
        for claim, path in zip(claims, paths):
            if step < len(path):
                by_button.setdefault(path[step], []).append(claim)
        for button, group in by_button.items():
            Claim.click(group, button)


def attach_documents(context, claims):
    "Most claims have their photos and accident report"
    Attachment = Model.get('ir.attachment')
    photo = ref('insurance.document.type', 'insurance_document',
        'document_type_photo')
    report = ref('insurance.document.type', 'insurance_claim',
        'document_type_accident_report')
    documents = []
    for claim in claims:
        if context.random.random() < 0.3:
            continue
        document = Attachment(name='%s-photo.png' % claim.number,
            resource=claim, data=png(context.random), document_type=photo)
        documents.append(document)
        if claim.kind.code == 'auto_collision':
            document = Attachment(name='%s-constat.pdf' % claim.number,
                resource=claim, document_type=report,
                data=pdf("Constat amiable - %s" % claim.number))
            documents.append(document)
    Attachment.save(documents)

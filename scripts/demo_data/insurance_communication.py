"""Demo data of the insurance_communication module: the senders of the firm
and of its agencies, the collaborators' signatures, e-mail and SMS templates
of each category, and e-mails and SMS sent from client, contract, claim and
receipt files by the staff, a document notification and a few delivery
statuses. Everything goes to the file backends of config/trytond.conf
(var/outbox): nothing leaves the machine.

Not yet in GENERATORS (scripts/demo_data/__init__.py): add
``('insurance_communication', insurance_communication.generate)`` after
insurance_claim once a demo build has run it."""
from proteus import Model, Wizard
from proteus.config import get_config

from .insurance_document import pdf

EMAIL_TEMPLATES = [
    # name, category, context, subject, body
    ("Bienvenue", 'client', 'pre_sale',
        "Bienvenue chez {cabinet}",
        "<p>Bonjour {client_civ} {client_nom},</p>"
        "<p>Merci de votre confiance. Votre conseiller, {commercial}, reste "
        "à votre écoute au {commercial_tel} ou par retour de ce "
        "message.</p>"),
    ("Demande d'informations", 'client', 'management',
        "Demande d'informations",
        "<p>Bonjour {client_civ} {client_nom} {client_prenom},</p>"
        "<p>Pourriez-vous nous faire parvenir les pièces manquantes de "
        "votre dossier {client_ref} ?</p>"),
    ("Avis d'échéance", 'contract', 'management',
        "Votre contrat {contrat_ref} arrive à échéance",
        "<p>Bonjour {client_civ} {client_nom},</p>"
        "<p>Votre contrat {contrat_type} n° {contrat_ref} souscrit auprès "
        "de {contrat_compagnie} arrive à échéance le "
        "{contrat_date_echeance}. Prime annuelle : "
        "{contrat_prime_anuelle_ttc}.</p>"),
    ("Suivi de sinistre", 'claim', 'claim',
        "Votre sinistre {sinistre_ref}",
        "<p>Bonjour {client_civ} {client_nom},</p>"
        "<p>Nous suivons votre sinistre du {sinistre_date} ({sinistre_type})"
        " sur le contrat {contrat_ref} : il est à l'état "
        "« {sinistre_etat} ».</p>"),
    ("Relance de quittance", 'receipt', 'collection',
        "Quittance {quittance_ref} à régler",
        "<p>Bonjour {client_civ} {client_nom},</p>"
        "<p>Sauf erreur de notre part, la quittance {quittance_ref} du "
        "contrat {contrat_ref} reste due : {quittance_reste_du} "
        "(échéance du {quittance_echeance}).</p>"),
    ("Nouveau document", 'client', 'management',
        "Un nouveau document vous attend",
        "<p>Bonjour {client_civ} {client_nom},</p>"
        "<p>Un nouveau document est disponible dans votre espace client."
        "</p>"),
    ]
SMS_TEMPLATES = [
    # name, category, context, marketing, body
    ("Rappel de rendez-vous", 'client', 'pre_sale', False,
        "Bonjour {client_civ} {client_nom}, {commercial} vous rappelle "
        "votre rendez-vous. Merci de confirmer par retour."),
    ("Pièces manquantes", 'client', 'management', False,
        "Bonjour {client_nom}, il manque des pièces à votre dossier. "
        "Déposez-les sur votre espace client. {cabinet}"),
    ("Quittance impayée", 'receipt', 'collection', False,
        "Bonjour {client_nom}, la quittance {quittance_ref} "
        "({quittance_reste_du}) reste à régler. {cabinet}"),
    ("Nouveau document", 'client', 'management', False,
        "Bonjour {client_nom}, un document vous attend sur votre espace "
        "client. {cabinet}"),
    ("Anniversaire", 'client', 'marketing', False,
        "Joyeux anniversaire {client_prenom} ! Toute l'équipe de {cabinet} "
        "vous souhaite une belle journée."),
    ("Offre habitation", 'client', 'marketing', True,
        "{cabinet} : -10% sur votre assurance habitation ce mois-ci. "
        "STOP au 36173"),
    ]
SIGNATURES = {
    'master': "Hélène Delaroche\nGérante",
    'responsable': "Rachid Benali\nResponsable d'agence",
    'courtier': "Camille Morel\nConseillère en assurances",
    'responsable2': "Sophie Garnier\nResponsable d'agence",
    'courtier2': "Marc Fontaine\nConseiller entreprises",
    'courtier3': "Julie Lambert\nConseillère en assurances",
    }


def generate(context):
    set_senders(context)
    emails, texts = create_templates()
    configure_automatic(emails, texts)
    users = context.records.get('users', {})
    admin = get_config().user
    try:
        for login in ['courtier', 'courtier2', 'responsable']:
            if login in users:
                as_user(users[login])
                send_from_files(context, login, emails, texts)
    finally:
        as_user(admin)
    notify_documents(context)
    set_statuses()


def as_user(user):
    config = get_config()
    config.user = int(user if isinstance(user, int) else user.id)
    config._context = Model.get('res.user').get_preferences(True, {})


def set_senders(context):
    Configuration = Model.get('insurance.configuration')
    configuration = Configuration(1)
    configuration.email_from_name = "Cabinet Delaroche Courtage"
    configuration.email_from_address = "contact@delaroche-courtage.fr"
    configuration.email_reply_to = "conseil@delaroche-courtage.fr"
    configuration.sms_sender = "DELAROCHE"
    configuration.save()
    Agency = Model.get('insurance.agency')
    for agency in context.records.get('agencies', [])[1:]:
        agency = Agency(agency.id)
        slug = agency.name.lower().replace(' ', '-')
        agency.email_from_name = f"Delaroche Courtage {agency.name}"
        agency.email_from_address = f"{slug}@delaroche-courtage.fr"
        agency.sms_sender = "DELAROCHE"
        agency.save()
    Employee = Model.get('company.employee')
    employees = context.records.get('employees', {})
    changed = []
    for login, signature in SIGNATURES.items():
        if login in employees:
            employee = Employee(employees[login].id)
            employee.email_signature = signature + (
                "\nCabinet Delaroche Courtage - ORIAS 12345678")
            changed.append(employee)
    Employee.save(changed)


def create_templates():
    EmailTemplate = Model.get('ir.email.template')
    SMSTemplate = Model.get('insurance.communication.sms.template')
    emails = {}
    for name, category, ctx, subject, body in EMAIL_TEMPLATES:
        template = EmailTemplate(name=name, category=category)
        template.context = ctx
        template.subject = subject
        template.body = body
        template.save()
        emails[name] = template
    texts = {}
    for name, category, ctx, marketing, body in SMS_TEMPLATES:
        template = SMSTemplate(name=name, category=category, context=ctx,
            marketing=marketing, body=body)
        template.save()
        texts[name] = template
    return emails, texts


def configure_automatic(emails, texts):
    Configuration = Model.get('insurance.configuration')
    configuration = Configuration(1)
    configuration.deposit_email_template = emails["Nouveau document"]
    configuration.deposit_sms_template = texts["Nouveau document"]
    configuration.birthday_sms_template = texts["Anniversaire"]
    configuration.save()


def _reachable(parties, sms=False):
    return [p for p in parties if (p.mobile if sms else p.email)]


def send(wizard_name, records, template, **values):
    if not records:
        return
    wizard = Wizard(f'insurance.communication.send_{wizard_name}', records)
    wizard.form.template = template
    for name, value in values.items():
        setattr(wizard.form, name, value)
    wizard.execute('send')


def send_from_files(context, login, emails, texts):
    "What a collaborator sends from the files they may see"
    Party = Model.get('party.party')
    Policy = Model.get('insurance.policy')
    Claim = Model.get('insurance.claim')
    Receipt = Model.get('insurance.receipt')
    clients = Party.find([('client_status', '=', 'active')], limit=40)
    prospects = Party.find([('client_status', '=', 'prospect')], limit=20)
    for party in _reachable(prospects)[:3]:
        send('email', [party], emails["Bienvenue"])
    for party in _reachable(clients, sms=True)[:3]:
        send('sms', [party], texts["Rappel de rendez-vous"])
    # A mailing to a selection of clients at once
    send('email', _reachable(clients)[3:9], emails["Demande d'informations"])
    send('sms', _reachable(clients, sms=True)[3:8],
        texts["Offre habitation"])
    policies = [p for p in Policy.find([('state', '=', 'active')], limit=10)
        if p.client.email][:3]
    for policy in policies:
        send('email', [policy], emails["Avis d'échéance"])
    claims = [c for c in Claim.find([], limit=5) if c.client.email][:2]
    for claim in claims:
        send('email', [claim], emails["Suivi de sinistre"])
    receipts = [r for r in Receipt.find([('state', '=', 'posted')], limit=10)
        if r.client.mobile][:2]
    for receipt in receipts:
        send('sms', [receipt], texts["Quittance impayée"])


def notify_documents(context):
    "A document put on the extranet of a few clients, who are notified"
    Party = Model.get('party.party')
    Attachment = Model.get('ir.attachment')
    parties = [p for p in Party.find([('client_status', '=', 'active')],
            limit=30) if p.email and p.mobile][:3]
    for party in parties:
        document = Attachment(name='attestation-assurance.pdf',
            resource=party, data=pdf("Attestation d'assurance"))
        document.portal_visible = True
        document.client_notification = 'both'
        document.save()


def set_statuses():
    """What the providers would report: most SMS delivered, some e-mails
    opened, one failure"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    config = get_config()
    with Transaction().start(config.database_name, 0):
        Message = Pool().get('insurance.communication.message')
        messages = Message.search(
            [('state', '=', 'sent')], order=[('id', 'ASC')])
        smses = [m for m in messages if m.kind == 'sms']
        emails = [m for m in messages if m.kind == 'email']
        Message.set_status(smses[:-1], 'delivered')
        Message.set_status(emails[::2], 'opened')
        if smses:
            Message.set_status(
                smses[-1:], 'failed', description="Numéro non attribué")


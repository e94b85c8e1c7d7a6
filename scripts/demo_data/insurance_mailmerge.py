"""Demo data of the insurance_mailmerge module: the firm's complaint
procedure and mediator, the ready templates in French (DER, mandate,
termination, certificate, quote letter) and the DER generated for a few
clients (DOCX only: the demo does not need LibreOffice)."""
from proteus import Model, Wizard

from .insurance_document import clients

COMPLAINTS = (
    "Toute réclamation peut être adressée au service réclamations du "
    "cabinet, par courrier ou par e-mail. Nous en accusons réception sous "
    "10 jours ouvrables et y répondons sous deux mois au plus.")
MEDIATOR = (
    "La Médiation de l'Assurance, TSA 50110, 75441 Paris Cedex 09, "
    "www.mediation-assurance.org")


def generate(context):
    Configuration = Model.get('insurance.configuration')
    configuration = Configuration(1)
    configuration.complaint_procedure = COMPLAINTS
    configuration.mediator = MEDIATOR
    configuration.save()
    Wizard('insurance.mailmerge.template.load_ready')
    Template = Model.get('insurance.mailmerge.template')
    der, = Template.find([('filename', '=', 'der.docx')])
    chosen = [c for c in clients(context) if c.client_status == 'active'][:5]
    if chosen:
        generate = Wizard('insurance.mailmerge.generate', chosen)
        generate.form.template = der
        generate.form.pdf = False
        generate.execute('generate')

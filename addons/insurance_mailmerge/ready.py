# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The ready templates in French, written with python-docx so that they
stay readable in the repository: download one, change it in Word and
upload it again."""
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HEADER = "{cabinet_nom} — {cabinet_adresse} {cabinet_cp} {cabinet_ville}"
FOOTER = ("{cabinet_nom}, courtier en assurance, ORIAS n° {cabinet_orias} "
    "(www.orias.fr), SIREN {cabinet_siren}. {cabinet_mentions}")
ADDRESS = [
    "{client_civ} {client_prenom} {client_nom}{client_raison_sociale}",
    "{client_adresse}{client_adresse_pro}",
    "{client_cp}{client_cp_pro} {client_ville}{client_ville_pro}",
    ]


def _document(title, paragraphs, address=True, table=None):
    document = Document()
    style = document.styles['Normal']
    style.font.name = 'Carlito'
    style.font.size = Pt(11)
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    if address:
        for line in ADDRESS:
            p = document.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p = document.add_paragraph("{cabinet_ville}, le {date}")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading(title, level=1)
    for text in paragraphs:
        if text.startswith('## '):
            document.add_heading(text[3:], level=2)
        else:
            document.add_paragraph(text)
    if table:
        header, row = table
        grid = document.add_table(rows=3, cols=len(header))
        grid.style = 'Table Grid'
        for cell, text in zip(grid.rows[0].cells, header):
            cell.text = text
        grid.rows[1].cells[0].text = '{%tr for c in contrats %}'
        for cell, text in zip(grid.add_row().cells, row):
            cell.text = text
        grid.add_row().cells[0].text = '{%tr endfor %}'
        # the loop rows: opening tag, item row, closing tag
        grid._tbl.remove(grid.rows[2]._tr)
    content = io.BytesIO()
    document.save(content)
    return content.getvalue()


def der():
    return _document("Document d'entrée en relation", [
            "Madame, Monsieur,",
            "Conformément aux articles L.521-2 et R.521-2 du Code des "
            "assurances, nous vous présentons notre cabinet avant toute "
            "proposition d'assurance.",
            "## Qui sommes-nous ?",
            "{cabinet_nom}, SIREN {cabinet_siren}, {cabinet_adresse} "
            "{cabinet_cp} {cabinet_ville}, téléphone {cabinet_tel}, "
            "e-mail {cabinet_email}.",
            "Le cabinet est immatriculé au registre unique des "
            "intermédiaires en assurance (ORIAS, www.orias.fr) sous le "
            "n° {cabinet_orias} en qualité de courtier en assurance, "
            "catégorie b de l'article L.521-2, II du Code des assurances : "
            "il n'est pas soumis à une obligation contractuelle de "
            "travailler exclusivement avec une ou plusieurs entreprises "
            "d'assurance.",
            "Le cabinet ne détient aucune participation, directe ou "
            "indirecte, supérieure à 10 % des droits de vote ou du capital "
            "d'une entreprise d'assurance, et aucune entreprise d'assurance "
            "ne détient une telle participation dans le cabinet.",
            "## Les entreprises d'assurance avec lesquelles nous travaillons",
            "{cabinet_compagnies}",
            "## Notre rémunération",
            "Le cabinet est rémunéré par une commission incluse dans la "
            "prime d'assurance versée par l'entreprise d'assurance et, le "
            "cas échéant, par des honoraires convenus avec vous par écrit "
            "avant la souscription.",
            "## Réclamations et médiation",
            "{cabinet_reclamation}",
            "En cas de désaccord persistant, vous pouvez saisir le "
            "médiateur : {cabinet_mediateur}",
            "Le cabinet est soumis au contrôle de l'Autorité de contrôle "
            "prudentiel et de résolution (ACPR), 4 place de Budapest, "
            "CS 92459, 75436 Paris Cedex 09.",
            "Votre interlocuteur : {commercial}, {commercial_email}, "
            "{commercial_tel}.",
            "Fait à {cabinet_ville}, le {date}.",
            "Signature du client :",
            ])


def mandate():
    return _document("Mandat de courtage", [
            "Entre les soussignés :",
            "{client_civ} {client_prenom} {client_nom}"
            "{client_raison_sociale}, demeurant {client_adresse}"
            "{client_adresse_pro} {client_cp}{client_cp_pro} "
            "{client_ville}{client_ville_pro}, ci-après « le mandant »,",
            "et {cabinet_nom}, courtier en assurance immatriculé à l'ORIAS "
            "sous le n° {cabinet_orias}, ci-après « le courtier ».",
            "## Objet",
            "Le mandant confie au courtier la mission de rechercher, "
            "négocier, placer et gérer ses contrats d'assurance, de le "
            "représenter auprès des entreprises d'assurance et de l'assister "
            "en cas de sinistre.",
            "## Durée",
            "Le présent mandat prend effet le {date} pour une durée d'un an, "
            "renouvelable par tacite reconduction ; chaque partie peut y "
            "mettre fin par lettre recommandée avec un préavis de deux mois.",
            "## Obligations du courtier",
            "Le courtier exerce sa mission avec diligence, conformément aux "
            "exigences et besoins exprimés par le mandant, et l'informe des "
            "garanties, exclusions et coûts des contrats proposés.",
            "Fait en deux exemplaires à {cabinet_ville}, le {date}.",
            "Le mandant                                        Le courtier",
            ])


def termination():
    return _document("Résiliation de contrat", [
            "Lettre recommandée avec accusé de réception",
            "À l'attention de {contrat_compagnie}",
            "Objet : résiliation du contrat n° {contrat_dossier} "
            "({contrat_type}, {contrat_produit})",
            "Madame, Monsieur,",
            "Par la présente, {client_civ} {client_prenom} {client_nom}"
            "{client_raison_sociale} vous notifie la résiliation du contrat "
            "cité en référence.",
            "Le contrat (assurance automobile, habitation ou affinitaire) "
            "ayant été souscrit le {contrat_date_adhesion}, il y a plus d'un "
            "an, la résiliation est faite en application de l'article "
            "L.113-15-2 du Code des assurances (loi Hamon) et prend effet un "
            "mois après la réception de la présente lettre.",
            "À défaut, la résiliation est faite à l'échéance du "
            "{contrat_date_echeance} en application de l'article L.113-15-1 "
            "du Code des assurances (loi Chatel), l'avis d'échéance ne nous "
            "ayant pas été adressé dans le délai légal.",
            "Nous vous remercions de nous adresser l'avis de résiliation et "
            "le remboursement de la part de prime afférente à la période "
            "non couverte.",
            "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
            "{commercial}, pour {cabinet_nom}, mandataire de l'assuré",
            ])


def certificate():
    return _document("Attestation d'assurance", [
            "Nous soussignés, {cabinet_nom}, courtier en assurance "
            "(ORIAS n° {cabinet_orias}), attestons que :",
            "{client_civ} {client_prenom} {client_nom}"
            "{client_raison_sociale}, {client_adresse}{client_adresse_pro} "
            "{client_cp}{client_cp_pro} {client_ville}{client_ville_pro},",
            "est titulaire du contrat n° {contrat_dossier} souscrit auprès "
            "de {contrat_compagnie} ({contrat_produit}, formule "
            "{contrat_formule}), en vigueur du {contrat_date_effet} "
            "jusqu'à sa prochaine échéance du {contrat_date_echeance}, "
            "sous réserve du paiement des primes.",
            "La présente attestation ne peut engager l'assureur au-delà des "
            "conditions du contrat auquel elle se réfère.",
            "Fait à {cabinet_ville}, le {date}, pour servir et valoir ce "
            "que de droit.",
            "{commercial}",
            ], address=False)


def quote_letter():
    return _document("Votre proposition d'assurance", [
            "{client_civ} {client_nom},",
            "Suite à notre échange, nous avons le plaisir de vous adresser "
            "nos propositions pour votre projet « {projet_titre} » "
            "({projet_typologie}).",
            "Offre retenue : {etude_compagnie%1}, {etude_produit%1}, "
            "prime annuelle de {etude_prime_a%1} (soit {etude_prime_m%1} "
            "par mois), franchise {etude_franchise%1}, frais "
            "{etude_frais%1}.",
            "Cette proposition est établie au vu de vos exigences et besoins "
            "et reste valable jusqu'au {projet_date_butoir}. Nous restons à "
            "votre disposition pour toute question.",
            "Vos contrats en cours chez nous :",
            ], table=(
            ["Contrat", "Compagnie", "Échéance", "Prime annuelle"],
            ["{{ c.contrat_dossier }}", "{{ c.contrat_compagnie }}",
                "{{ c.contrat_date_echeance }}",
                "{{ c.contrat_prime_anuelle_ttc }}"]))


# (name, model, file name, builder, description)
READY = [
    ("Document d'entrée en relation (DER)", 'party.party', 'der.docx', der,
        "Présentation du cabinet avant tout conseil : ORIAS, statut, "
        "compagnies, rémunération, réclamations."),
    ("Mandat de courtage", 'party.party', 'mandat-courtage.docx', mandate,
        "Mandat confié au cabinet par le client."),
    ("Lettre de résiliation", 'insurance.policy', 'resiliation.docx',
        termination, "Résiliation d'un contrat (lois Hamon et Chatel)."),
    ("Attestation d'assurance", 'insurance.policy', 'attestation.docx',
        certificate, "Attestation d'assurance du contrat."),
    ("Lettre d'accompagnement de devis", 'insurance.project',
        'lettre-devis.docx', quote_letter,
        "Lettre jointe aux propositions d'un projet."),
    ]

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import shutil
import subprocess
import tempfile
import unittest
import unittest.mock
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

from jinja2.exceptions import SecurityError

from trytond.modules.insurance_mailmerge import catalogue, engine, office
from trytond.modules.insurance_mailmerge.exceptions import (
    TemplateValidationError)
from trytond.modules.insurance_mailmerge.tests.tools import (
    catalogue_template, docx_template)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

NO_OFFICE = ("LibreOffice (soffice) is not installed: "
    "scripts/system-requirements.sh --office installs it (CI does)")


def pdf_text(pdf):
    "The text of a PDF through pdftotext (poppler-utils)"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, 'document.pdf')
        path.write_bytes(pdf)
        return subprocess.run(['pdftotext', str(path), '-'], check=True,
            capture_output=True, text=True).stdout


class InsuranceMailmergeTestCase(ModuleTestCase):
    "Test insurance_mailmerge module"
    module = 'insurance_mailmerge'

    def test_placeholder_split_across_runs(self):
        "A placeholder that Word split across runs renders"
        data = docx_template(
            ["Bonjour {cli", "ent_", "nom} ", "{enfant_prenom%", "2}!"],
            ["{{ client_", "prenom }}"],
            header="{commercial}")
        context = catalogue.empty_context()
        context.update(client_nom="DUPONT", enfant_prenom_2="Léa",
            client_prenom="Eric", commercial="MARTIN Hélène")
        text = engine.document_text(engine.render(data, context))
        self.assertIn("Bonjour DUPONT Léa!", text)
        self.assertIn("Eric", text)
        self.assertIn("MARTIN Hélène", text)
        self.assertEqual(engine.unknown_variables(data), [])

    def test_unknown_variables_with_suggestion(self):
        "Unknown variables are listed with the nearest known name"
        data = docx_template(
            "{client_nmo} {enfant_nom%11} {{ contrat_produi }} {inconnu_x}",
            "{pret_type_1} {date}")
        self.assertEqual(engine.unknown_variables(data), [
                ('{client_nmo}', '{client_nom}'),
                ('{enfant_nom%11}', '{enfant_nom%1}'),
                ('{inconnu_x}', ''),
                ('{{ contrat_produi }}', '{{ contrat_produit }}'),
                ])

    def test_loops(self):
        "A table row per contract with the engine's loop syntax"
        data = docx_template(
            "{%for c in contrats %}[{{ c.contrat_produit }} "
            "{{ c.contrat_prime_anuelle_ttc }}]{%endfor %}")
        self.assertEqual(engine.unknown_variables(data), [])
        context = catalogue.empty_context()
        catalogue.add_items(context, 'contract', [
                {'contrat_produit': "Auto", 'contrat_prime_anuelle_ttc':
                    engine.format_amount(Decimal('1234.5'))},
                {'contrat_produit': "MRH"},
                ])
        text = engine.document_text(engine.render(data, context))
        self.assertIn("[Auto 1\u202f234,50\u00a0€][MRH ]", text)

    def test_sandbox(self):
        "A template reaching for Python internals is refused at render"
        data = docx_template("{{ ''.__class__.__mro__ }}")
        with self.assertRaises(SecurityError):
            engine.render(data, catalogue.empty_context())

    def test_autoescape(self):
        "& and < in values render as text, the document stays valid"
        data = docx_template("Client : {client_nom}")
        context = catalogue.empty_context()
        context['client_nom'] = "DUPONT & FILS <SARL>"
        text = engine.document_text(engine.render(data, context))
        self.assertIn("Client : DUPONT & FILS <SARL>", text)

    def test_generic_file(self):
        "The generic file lists every variable of the catalogue"
        text = engine.document_text(engine.generic_file())
        for section in catalogue.SECTIONS:
            self.assertIn(section.title, text)
            for variable in section.variables:
                self.assertIn('{%s}\t' % section.guide_names(variable)[0],
                    text)
                self.assertIn(variable.description, text)

    def test_every_variable_is_known(self):
        "A template with every variable of the catalogue is accepted"
        keys = [s.key for s in catalogue.SECTIONS]
        data = catalogue_template(keys, indexes=None)
        self.assertEqual(engine.unknown_variables(data), [])
        self.assertEqual(len(catalogue.guide_names()), 851)

    def test_french_formats(self):
        "Dates, amounts, percentages and amounts in words in French"
        self.assertEqual(engine.format_date(dt.date(2023, 6, 13)),
            '13/06/2023')
        self.assertEqual(engine.format_amount(Decimal('1234.56')),
            '1\u202f234,56\u00a0€')
        self.assertEqual(engine.format_amount(Decimal('200000')),
            '200\u202f000,00\u00a0€')
        self.assertEqual(engine.format_percent(Decimal('2.35')),
            '2,35\u00a0%')
        self.assertEqual(engine.format_percent(Decimal('15.00')),
            '15\u00a0%')
        self.assertEqual(engine.amount_in_words(Decimal('1234.56')),
            "mille deux cent trente-quatre euros et cinquante-six centimes")
        self.assertEqual(engine.yes_no(True), "Oui")
        self.assertEqual(engine.yes_no(False, upper=True), "NON")

    @with_transaction()
    def test_template_refuses_unknown_variable(self):
        "Uploading a template with an unknown variable is refused"
        pool = Pool()
        Template = pool.get('insurance.mailmerge.template')
        with self.assertRaises(TemplateValidationError) as cm:
            Template.create([{
                        'name': "Courrier",
                        'model': 'party.party',
                        'filename': 'courrier.docx',
                        'file': docx_template("Cher {client_prenon}"),
                        }])
        self.assertIn('{client_prenon}', cm.exception.message)
        self.assertIn('{client_prenom}', cm.exception.message)

    @with_transaction()
    def test_template_refuses_other_files(self):
        "Only well-formed Word documents are accepted as templates"
        pool = Pool()
        Template = pool.get('insurance.mailmerge.template')
        for filename, data in [
                ('courrier.doc', docx_template("{client_nom}")),
                ('courrier.docx', b'not a docx'),
                ('courrier.docx', docx_template("{% if %}")),
                ]:
            with self.subTest(filename=filename, data=data[:10]):
                with self.assertRaises(TemplateValidationError):
                    Template.create([{
                                'name': "Courrier",
                                'model': 'party.party',
                                'filename': filename,
                                'file': data,
                                }])

    @unittest.skipUnless(office.soffice(), NO_OFFICE)
    def test_pdf_conversion(self):
        "A DOCX is converted to a PDF whose text is the document's"
        data = docx_template("Attestation pour DUPONT & FILS")
        pdf = office.convert(data, 'attestation.docx')
        self.assertTrue(pdf.startswith(b'%PDF'))
        if shutil.which('pdftotext'):
            self.assertIn("Attestation pour DUPONT & FILS", pdf_text(pdf))

    @unittest.skipUnless(office.soffice(), NO_OFFICE)
    def test_concurrent_pdf_conversions(self):
        "Four concurrent conversions give four PDFs"
        documents = [docx_template("Document %d" % i) for i in range(4)]
        with ThreadPoolExecutor(4) as executor:
            pdfs = list(executor.map(
                    lambda i: office.convert(documents[i], 'd%d.docx' % i),
                    range(4)))
        self.assertEqual(len(pdfs), 4)
        for i, pdf in enumerate(pdfs):
            self.assertTrue(pdf.startswith(b'%PDF'))
            if shutil.which('pdftotext'):
                self.assertIn("Document %d" % i, pdf_text(pdf))

    def test_conversion_without_pdf_is_an_error(self):
        "A conversion that gives no PDF raises, never returns the DOCX"
        with tempfile.TemporaryDirectory() as directory:
            fake = Path(directory, 'soffice')
            fake.write_text('#!/bin/sh\nexit 0\n')
            fake.chmod(0o755)
            with unittest.mock.patch.object(
                    office, 'soffice', return_value=str(fake)):
                with self.assertRaises(office.OfficeError):
                    office.convert(docx_template("x"), 'x.docx')

    def test_conversion_timeout(self):
        "A conversion that hangs is stopped after the timeout"
        with tempfile.TemporaryDirectory() as directory:
            fake = Path(directory, 'soffice')
            fake.write_text('#!/bin/sh\nsleep 30\n')
            fake.chmod(0o755)
            with unittest.mock.patch.object(
                    office, 'soffice', return_value=str(fake)):
                with self.assertRaises(office.OfficeError) as cm:
                    office.convert(docx_template("x"), 'x.docx', timeout=1)
        self.assertIn("within 1 seconds", str(cm.exception))


del ModuleTestCase

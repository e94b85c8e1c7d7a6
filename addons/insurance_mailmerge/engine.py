# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""DOCX rendering: the guide's {variable} syntax converted to the template
engine's, docxtpl rendering in a sandboxed and autoescaped environment,
the check of a template against the catalogue and the generic file."""
import datetime as dt
import difflib
import io
import re
from decimal import Decimal

from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from num2words import num2words

from . import catalogue

W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
XML_SPACE = '{http://www.w3.org/XML/1998/namespace}space'
# {client_nom}, {enfant_nom%1}, not the engine's own {{ }} and {% %}
LEGACY = re.compile(r'(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:%(\d+))?\}(?!\})')
NBSP = '\u00a0'
NNBSP = '\u202f'


def legacy_identifier(name, index):
    return '%s_%s' % (name, index) if index else name


def convert_legacy(xml):
    """Return xml with the guide's placeholders written in the engine's
    syntax, and the placeholders found as the guide writes them.

    Word splits a placeholder across runs (spelling marks, formatting):
    the text of a placeholder is moved into the run where it starts."""
    root = etree.fromstring(xml.encode('utf-8'))
    found = []
    for paragraph in root.iter('{%s}p' % W_NS):
        texts = [t for t in paragraph.iter('{%s}t' % W_NS)
            if t.getparent().getparent() is not None]
        # only the texts of this paragraph, not of nested ones (text boxes)
        texts = [t for t in texts
            if _paragraph_of(t) is paragraph]
        values = [t.text or '' for t in texts]
        full = ''.join(values)
        if '{' not in full:
            continue
        matches = list(LEGACY.finditer(full))
        if not matches:
            continue
        starts, position = [], 0
        for value in values:
            starts.append(position)
            position += len(value)

        def locate(offset):
            for i in range(len(values) - 1, -1, -1):
                if starts[i] <= offset:
                    return i, offset - starts[i]

        for match in reversed(matches):
            name, index = match.groups()
            found.append('%s%%%s' % (name, index) if index else name)
            replacement = '{{ %s }}' % legacy_identifier(name, index)
            first, first_offset = locate(match.start())
            last, last_offset = locate(match.end() - 1)
            if first == last:
                values[first] = (values[first][:first_offset] + replacement
                    + values[first][last_offset + 1:])
            else:
                values[first] = values[first][:first_offset] + replacement
                for i in range(first + 1, last):
                    values[i] = ''
                values[last] = values[last][last_offset + 1:]
        for text, value in zip(texts, values):
            if text.text != value:
                text.text = value
                text.set(XML_SPACE, 'preserve')
    return etree.tostring(root, encoding='unicode'), found


def _paragraph_of(element):
    parent = element.getparent()
    while parent is not None and parent.tag != '{%s}p' % W_NS:
        parent = parent.getparent()
    return parent


class Template(DocxTemplate):
    "A docxtpl template that also understands the guide's syntax"

    def __init__(self, data):
        super().__init__(io.BytesIO(data))
        self.legacy_names = []

    def patch_xml(self, src_xml):
        src_xml, found = convert_legacy(src_xml)
        self.legacy_names.extend(found)
        return super().patch_xml(src_xml)


def environment():
    "The sandbox templates run in: no Python internals, values escaped"
    env = SandboxedEnvironment(autoescape=True)
    env.filters['lettres'] = amount_in_words
    return env


def open_template(data):
    "Return the template of the DOCX data or raise ValueError"
    try:
        template = Template(data)
        template.init_docx()
    except Exception as exception:
        raise ValueError(str(exception)) from exception
    return template


def unknown_variables(data):
    """Return the variables of the template that the catalogue does not
    know, as (name as written, nearest known name or '') pairs.

    Raise TemplateSyntaxError when the template is not well formed."""
    template = open_template(data)
    used = template.get_undeclared_template_variables(jinja_env=environment())
    guide = catalogue.guide_names()
    known = catalogue.identifiers()
    unknown = []
    legacy_ids = set()
    for name in sorted(set(template.legacy_names)):
        base, _, index = name.partition('%')
        legacy_ids.add(legacy_identifier(base, index))
        if name not in guide:
            unknown.append(('{%s}' % name, _nearest(name, guide, '{%s}')))
    for name in sorted(used - legacy_ids - known):
        unknown.append(('{{ %s }}' % name, _nearest(name, known, '{{ %s }}')))
    return unknown


def _nearest(name, names, pattern):
    match = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return pattern % match[0] if match else ''


def render(data, context):
    """Return the DOCX data rendered with context.

    Raise jinja2's SecurityError when the template reaches for Python
    internals, TemplateSyntaxError when it is not well formed."""
    template = open_template(data)
    template.render(context, jinja_env=environment(), autoescape=True)
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def document_text(data):
    "The text of a DOCX: paragraphs, tables, headers and footers"
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append('\t'.join(c.text for c in row.cells))
    for section in document.sections:
        for part in [section.header, section.footer]:
            lines.extend(p.text for p in part.paragraphs)
    return '\n'.join(lines)


def generic_file():
    """The generic file of §17.1: every variable of the catalogue with its
    format, example and description, ready to copy into a Word template"""
    document = Document()
    style = document.styles['Normal']
    style.font.name = 'Carlito'
    style.font.size = Pt(10)
    document.add_heading("Publipostage — variables disponibles", level=0)
    document.add_paragraph(
        "Insérez les champs ci-dessous dans votre document Word (.docx), "
        "tels qu'ils sont écrits, par exemple {client_nom}. "
        "Pour une ligne de tableau par élément d'une liste, utilisez "
        "{%tr for c in contrats %} … {{ c.contrat_produit }} … "
        "{%tr endfor %}. Un montant s'écrit en lettres avec "
        "{{ contrat_prime_anuelle_ttc_lettres }}.")
    for section in catalogue.SECTIONS:
        document.add_heading(section.title, level=1)
        if section.note:
            document.add_paragraph(section.note)
        if section.loop:
            document.add_paragraph(
                "Liste pour les boucles : %s" % section.loop)
        table = document.add_table(rows=1, cols=4)
        table.style = 'Table Grid'
        for cell, title in zip(table.rows[0].cells,
                ["Champ", "Format", "Exemple", "Description"]):
            cell.text = title
        for variable in section.variables:
            row = table.add_row().cells
            row[0].text = '{%s}' % section.guide_names(variable)[0]
            row[1].text = variable.format
            row[2].text = variable.example
            row[3].text = variable.description
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# French formats

def format_date(value):
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime('%d/%m/%Y') if value else ''


def format_number(value, digits=2):
    "1 234,56 with a narrow no-break space between thousands"
    if value is None or value == '':
        return ''
    text = '{:,.{}f}'.format(Decimal(value), digits)
    return text.replace(',', NNBSP).replace('.', ',')


def format_amount(value):
    "1 234,56 €"
    if value is None or value == '':
        return ''
    return format_number(value) + NBSP + '€'


def format_percent(value):
    "2,35 %, 15 %"
    if value is None or value == '':
        return ''
    text = format_number(value)
    if text.endswith(',00'):
        text = text[:-3]
    return text + NBSP + '%'


def format_integer(value):
    return '' if value is None else str(value)


def yes_no(value, upper=False):
    text = "Oui" if value else "Non"
    return text.upper() if upper else text


def amount_in_words(value):
    "1 234,56 → mille deux cent trente-quatre euros et cinquante-six centimes"
    if value is None or value == '':
        return ''
    if isinstance(value, str):
        value = Decimal(value.replace(NNBSP, '').replace(NBSP, '')
            .replace(' ', '').rstrip('€').replace(',', '.'))
    return num2words(Decimal(value), lang='fr', to='currency')

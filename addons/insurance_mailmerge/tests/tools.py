# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Templates built with python-docx for the tests"
import io
import re

from docx import Document

from trytond.modules.insurance_mailmerge import catalogue

__all__ = ['docx_template', 'catalogue_template', 'read_values']


def docx_template(*paragraphs, header=None):
    """Return a DOCX whose paragraphs are given as strings, or as lists of
    strings for paragraphs split into several runs (as Word does)"""
    document = Document()
    for paragraph in paragraphs:
        runs = [paragraph] if isinstance(paragraph, str) else paragraph
        p = document.add_paragraph()
        for i, text in enumerate(runs):
            run = p.add_run(text)
            run.bold = bool(i % 2)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    content = io.BytesIO()
    document.save(content)
    return content.getvalue()


def catalogue_template(keys, indexes=(1,)):
    """A template with one paragraph 'name=[{name}]' per variable of the
    catalogue sections keys, indexed ones with the given indexes
    (all of them when None)"""
    lines = []
    for section in catalogue.SECTIONS:
        if section.key not in keys:
            continue
        for variable in section.variables:
            names = section.guide_names(variable)
            if section.count and variable.indexed and indexes:
                names = [names[i - 1] for i in indexes]
            lines.extend('%s=[{%s}]' % (n, n) for n in names)
    return docx_template(*lines)


def read_values(text):
    """The values of the lines 'name=[value]' of a generated document
    (a value may span several lines)"""
    return {m.group(1): m.group(2) for m in re.finditer(
            r'^([A-Za-z0-9_%]+)=\[(.*?)\]$', text, re.MULTILINE | re.DOTALL)}

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The variables of e-mail and SMS templates and their rendering.

Templates name values of the mail-merge catalogue between braces:
``Bonjour {client_civ} {client_nom}``. Rendering replaces each name by its
value with a regular expression: no expression is evaluated, so a template
cannot reach attributes or Python internals (it is sandboxed by
construction), and every value is HTML-escaped when the output is HTML.
"""
import html
import re

VARIABLE = re.compile(r'\{([a-z][a-z0-9_]*)\}')

# name: scope (the kind of record that provides it)
CATALOGUE = {
    # Defaults and sender
    'date': 'general',
    'cabinet': 'general',
    'cabinet_orias': 'general',
    'commercial': 'general',
    'commercial_email': 'general',
    'commercial_portable': 'general',
    'commercial_tel': 'general',
    'commercial_agence': 'general',
    # Client
    'client_nom': 'client',
    'client_prenom': 'client',
    'client_civ': 'client',
    'client_nom_naissance': 'client',
    'client_raison_sociale': 'client',
    'client_ref': 'client',
    'client_email': 'client',
    'client_portable': 'client',
    'client_tel': 'client',
    'client_adresse': 'client',
    'client_cp': 'client',
    'client_ville': 'client',
    'client_date_n': 'client',
    # Contract
    'contrat_ref': 'contract',
    'contrat_type': 'contract',
    'contrat_compagnie': 'contract',
    'contrat_produit': 'contract',
    'contrat_formule': 'contract',
    'contrat_etat': 'contract',
    'contrat_date_effet': 'contract',
    'contrat_date_echeance': 'contract',
    'contrat_date_fin': 'contract',
    'contrat_fractionnement': 'contract',
    'contrat_prime_anuelle_ht': 'contract',
    'contrat_prime_anuelle_ttc': 'contract',
    # Project
    'projet_ref': 'project',
    'projet_titre': 'project',
    'projet_typologie': 'project',
    'projet_date_butoir': 'project',
    'projet_date_creation': 'project',
    # Claim
    'sinistre_ref': 'claim',
    'sinistre_type': 'claim',
    'sinistre_etat': 'claim',
    'sinistre_date': 'claim',
    'sinistre_ref_compagnie': 'claim',
    # Receipt
    'quittance_ref': 'receipt',
    'quittance_montant': 'receipt',
    'quittance_reste_du': 'receipt',
    'quittance_echeance': 'receipt',
    'quittance_periode_debut': 'receipt',
    'quittance_periode_fin': 'receipt',
    }

# The scopes of values each kind of record provides
MODEL_SCOPES = {
    'party.party': {'general', 'client'},
    'insurance.policy': {'general', 'client', 'contract'},
    'insurance.project': {'general', 'client', 'project'},
    'insurance.claim': {'general', 'client', 'contract', 'claim'},
    'insurance.receipt': {'general', 'client', 'contract', 'receipt'},
    }


def variables(text):
    "The variable names used in text, in order of first use"
    names = []
    for name in VARIABLE.findall(text or ''):
        if name not in names:
            names.append(name)
    return names


def allowed(model_name):
    "The variable names a template of model_name may use"
    scopes = MODEL_SCOPES.get(model_name, {'general', 'client'})
    return sorted(n for n, s in CATALOGUE.items() if s in scopes)


def unknown(text, model_name):
    "The variables of text which model_name does not provide"
    names = set(allowed(model_name))
    return [n for n in variables(text) if n not in names]


def render(text, values, escape=False):
    """Replace the variables of text by their values; escape values for HTML
    when escape is true. A variable without value renders empty."""
    def replace(match):
        value = values.get(match.group(1))
        value = '' if value is None else str(value)
        return html.escape(value) if escape else value
    return VARIABLE.sub(replace, text or '')


def text_to_html(text):
    "A plain text as HTML paragraphs, every character escaped"
    paragraphs = (text or '').split('\n\n')
    return ''.join(
        '<p>%s</p>' % html.escape(p).replace('\n', '<br/>')
        for p in paragraphs)


_TAG = re.compile(r'<[a-zA-Z/][^>]*>')
_BREAK = re.compile(r'<(br|/p|/div|/li|/h[1-6])\b[^>]*>', re.IGNORECASE)


def is_html(text):
    "Whether text is HTML (the rich text editor's output)"
    return bool(_TAG.search(text or ''))


def html_to_text(text):
    "The plain-text alternative of an HTML body"
    text = _BREAK.sub('\n', text or '')
    text = html.unescape(_TAG.sub('', text))
    return re.sub(r'\n{3,}', '\n\n', text).strip()

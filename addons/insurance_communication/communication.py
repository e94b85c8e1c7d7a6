# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The sending API that every module uses (see doc/index.rst)."""
import datetime as dt
from email.utils import formataddr, getaddresses, parseaddr

from sql.functions import Extract

from trytond import config
from trytond.i18n import gettext
from trytond.model import Model
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access

from . import sms, variables
from .exceptions import (
    CommunicationAccessError, RecipientError, SenderError, SMSLengthError)
from .template import STOP_MENTION

CIVILITIES = {'mr': "M.", 'mrs': "Mme"}


class Communication(Model):
    "Communication"
    __name__ = 'insurance.communication'

    # -- public API ---------------------------------------------------------

    @classmethod
    def send_email(
            cls, records, template=None, subject=None, body=None, to=None,
            cc=None, bcc=None, reply_to=None, context=None, attachments=None,
            automatic=False):
        """Queue one e-mail per record, sent after the transaction commits.

        records: clients, contracts, projects, claims or receipts (mixed
        kinds allowed); template: an ir.email.template whose subject and body
        are used unless subject or body are given; to: the recipient address
        (default: the client's e-mail); attachments: ir.attachment records.
        Returns the insurance.communication.message records."""
        pool = Pool()
        Message = pool.get('insurance.communication.message')
        records = cls.check_records(records)
        subject = subject if subject is not None else (
            template.subject if template else '')
        body = body if body is not None else (
            template.body if template else '')
        cls.check_texts(records, [subject, body])
        cc = cc if cc is not None else (template.cc if template else None)
        bcc = bcc if bcc is not None else (template.bcc if template else None)
        for addresses in [cc, bcc]:
            cls.check_addresses(addresses)
        if context is None and template:
            context = template.context
        messages, origins = [], {}
        for record in records:
            party = cls.get_party(record)
            origin = cls._origin(party, origins)
            if not origin['email_address']:
                raise SenderError(gettext(
                        'insurance_communication.msg_missing_sender_email'))
            sender = formataddr(
                (origin['email_name'] or '', origin['email_address']))
            signature = origin['signature']
            recipient = to or (party.email if party else None)
            cls.check_addresses(recipient, record=record, required=True)
            values = cls.get_values(record, origin)
            text, html = cls.render_body(body, values, signature)
            messages.append(Message(
                    kind='email', party=party, resource=record,
                    context=context, automatic=automatic,
                    author=origin['user'], employee=origin['employee'],
                    agency=origin['agency'], email_template=template,
                    sender=sender,
                    reply_to=reply_to or origin['reply_to'],
                    recipient=recipient, cc=cc, bcc=bcc,
                    subject=variables.render(subject, values).strip(),
                    body=text, body_html=html,
                    attachments=attachments or []))
        Message.save(messages)
        Message.queue(messages)
        return messages

    @classmethod
    def send_sms(
            cls, records, template=None, body=None, to=None, context=None,
            marketing=None, automatic=False):
        """Queue one SMS per record, sent after the transaction commits.

        to: the phone number (default: the client's mobile, else phone),
        normalised to E.164; marketing: commercial message, which must carry
        a STOP mention (default: the template's). Refused when longer than
        the configured maximum of segments."""
        pool = Pool()
        Message = pool.get('insurance.communication.message')
        Configuration = pool.get('insurance.configuration')
        records = cls.check_records(records)
        if body is None:
            body = template.body if template else ''
        if marketing is None:
            marketing = bool(template and template.marketing)
        if context is None and template:
            context = template.context
        cls.check_texts(records, [body])
        max_segments = Configuration(1).sms_max_segments or 1
        messages, origins = [], {}
        for record in records:
            party = cls.get_party(record)
            origin = cls._origin(party, origins)
            if not origin['sms_sender']:
                raise SenderError(gettext(
                        'insurance_communication.msg_missing_sms_sender'))
            text = variables.render(body, cls.get_values(record, origin))
            if marketing and not STOP_MENTION.search(text):
                raise SMSLengthError(gettext(
                        'insurance_communication.msg_sms_marketing_stop',
                        record=record.rec_name))
            count = sms.segments(text)
            if not count or count > max_segments:
                raise SMSLengthError(gettext(
                        'insurance_communication.msg_sms_too_long',
                        record=record.rec_name, segments=count,
                        maximum=max_segments))
            number = to or cls.get_mobile(party)
            recipient = sms.normalize(number)
            if not recipient:
                raise RecipientError(gettext(
                        'insurance_communication.msg_invalid_phone'
                        if number else
                        'insurance_communication.msg_missing_phone',
                        number=number or '', record=record.rec_name))
            messages.append(Message(
                    kind='sms', party=party, resource=record,
                    context=context, automatic=automatic,
                    author=origin['user'], employee=origin['employee'],
                    agency=origin['agency'], sms_template=template,
                    sender=origin['sms_sender'], recipient=recipient,
                    subject=text.splitlines()[0][:80] if text else '',
                    body=text, marketing=marketing, segments=count,
                    encoding=sms.encoding(text)))
        Message.save(messages)
        Message.queue(messages)
        return messages

    @classmethod
    def render_body(cls, body, values, signature=None):
        """The plain text and HTML of an e-mail body: an HTML body (rich
        text) is rendered with its values escaped, a plain one is escaped
        whole"""
        if variables.is_html(body):
            html = variables.render(body, values, escape=True)
            text = variables.html_to_text(html)
        else:
            text = variables.render(body, values)
            html = variables.text_to_html(text)
        if signature:
            text += '\n\n-- \n' + signature
            html += '<p>-- </p>' + variables.text_to_html(signature)
        return text, html

    # -- checks -------------------------------------------------------------

    @classmethod
    def check_records(cls, records):
        "Refuse the records the user may not see (record rules)"
        pool = Pool()
        by_model = {}
        for record in records:
            by_model.setdefault(record.__name__, set()).add(record.id)
        for model_name, ids in by_model.items():
            Model = pool.get(model_name)
            with check_access():
                visible = Model.search([('id', 'in', list(ids))])
            if len(visible) != len(ids):
                raise CommunicationAccessError(gettext(
                        'insurance_communication.msg_record_not_allowed',
                        model=Model.__names__()['model']))
        return list(records)

    @classmethod
    def check_texts(cls, records, texts):
        for model_name in {r.__name__ for r in records}:
            for text in texts:
                names = variables.unknown(text, model_name)
                if names:
                    raise RecipientError(gettext(
                            'insurance_communication'
                            '.msg_unknown_variable_text',
                            variables=', '.join('{%s}' % n for n in names),
                            available=', '.join(
                                '{%s}' % n
                                for n in variables.allowed(model_name))))

    @classmethod
    def check_addresses(cls, addresses, record=None, required=False):
        if not addresses:
            if required:
                raise RecipientError(gettext(
                        'insurance_communication.msg_missing_email',
                        record=record.rec_name if record else ''))
            return
        for name, address in getaddresses([addresses]):
            local, _, domain = address.partition('@')
            if not local or '.' not in domain:
                raise RecipientError(gettext(
                        'insurance_communication.msg_invalid_email',
                        email=addresses,
                        record=record.rec_name if record else ''))

    # -- values -------------------------------------------------------------

    @classmethod
    def get_party(cls, record):
        "The client a record is about"
        if record.__name__ == 'party.party':
            return record
        return getattr(record, 'client', None)

    @classmethod
    def get_mobile(cls, party):
        if not party:
            return None
        return party.mobile or party.phone or None

    @classmethod
    def get_origin(cls, party=None):
        """The sender of the current user: the senders of the user's agency
        (or of the client's agency for automatic messages), else the firm's,
        and the collaborator's signature"""
        pool = Pool()
        User = pool.get('res.user')
        Configuration = pool.get('insurance.configuration')
        configuration = Configuration(1)
        user_id = Transaction().user
        user = User(user_id) if user_id else None
        employee = user.employee if user else None
        agency = employee.agency if employee else None
        if not agency and party:
            agency = getattr(party, 'agency', None)
        origin = {
            'user': user, 'employee': employee, 'agency': agency,
            'signature': employee.email_signature if employee else None,
            }
        for name in ['email_from_name', 'email_from_address',
                'email_reply_to', 'sms_sender']:
            origin[name.replace('_from', '')] = (
                getattr(agency, name, None) if agency else None) or getattr(
                configuration, name)
        if not origin['email_address']:
            name, address = parseaddr(config.get('email', 'from') or '')
            origin['email_address'] = address or None
            origin['email_name'] = origin['email_name'] or name
        origin['reply_to'] = origin.pop('email_reply_to')
        origin['company_name'] = configuration.legal_name or (
            employee.company.rec_name if employee else '')
        origin['orias'] = configuration.orias_number or ''
        return origin

    @classmethod
    def _origin(cls, party, origins):
        "The origin for party, computed once per agency of a batch"
        key = party.agency.id if party and getattr(
            party, 'agency', None) else None
        if key not in origins:
            origins[key] = cls.get_origin(party)
        return origins[key]

    @classmethod
    def get_values(cls, record, origin=None):
        """The template variables of record, formatted the French way.
        Extend with PoolMeta to add the variables of a new kind of record
        (and declare them in variables.CATALOGUE / MODEL_SCOPES)."""
        pool = Pool()
        Date = pool.get('ir.date')
        if origin is None:
            origin = cls.get_origin()
        formatter = Formatter()
        employee = origin['employee']
        values = {
            'date': formatter.date(Date.today()),
            'cabinet': origin['company_name'],
            'cabinet_orias': origin['orias'],
            'commercial': employee.party.rec_name if employee else '',
            'commercial_email': employee.party.email if employee else '',
            'commercial_portable': employee.party.mobile if employee else '',
            'commercial_tel': employee.party.phone if employee else '',
            'commercial_agence': (
                employee.agency.rec_name
                if employee and employee.agency else ''),
            }
        party = cls.get_party(record)
        if party:
            values.update(cls._party_values(party, formatter))
        policy = (record if record.__name__ == 'insurance.policy'
            else getattr(record, 'policy', None))
        if policy and record.__name__ != 'insurance.project':
            values.update(cls._policy_values(policy, formatter))
        method = getattr(
            cls, '_%s_values' % record.__name__.split('.')[-1], None)
        if method and record.__name__ != 'party.party' and (
                record.__name__ != 'insurance.policy'):
            values.update(method(record, formatter))
        return values

    @classmethod
    def _party_values(cls, party, f):
        address = party.address_get()
        person = party.party_type != 'company'
        return {
            'client_nom': (party.name or '').upper() if person
            else party.name,
            'client_prenom': party.first_name or '' if person else '',
            'client_civ': CIVILITIES.get(party.civility, ''),
            'client_nom_naissance': (party.birth_name or '').upper(),
            'client_raison_sociale': '' if person else party.name,
            'client_ref': party.client_reference or '',
            'client_email': party.email or '',
            'client_portable': party.mobile or '',
            'client_tel': party.phone or '',
            'client_adresse': (address.street or '').replace('\n', ', ')
            if address else '',
            'client_cp': address.postal_code or '' if address else '',
            'client_ville': (address.city or '').upper() if address else '',
            'client_date_n': f.date(party.birth_date),
            }

    @classmethod
    def _policy_values(cls, policy, f):
        return {
            'contrat_ref': policy.reference or '',
            'contrat_type': f.name(policy.line_of_business),
            'contrat_compagnie': f.name(policy.insurer),
            'contrat_produit': f.name(policy.product),
            'contrat_formule': f.name(policy.formula),
            'contrat_etat': f.selection(policy, 'state'),
            'contrat_date_effet': f.date(policy.start_date),
            'contrat_date_echeance': f.date(policy.renewal_date),
            'contrat_date_fin': f.date(policy.end_date),
            'contrat_fractionnement': f.selection(
                policy, 'payment_frequency'),
            'contrat_prime_anuelle_ht': f.amount(
                policy.annual_premium_excl_tax, policy.currency),
            'contrat_prime_anuelle_ttc': f.amount(
                policy.annual_premium, policy.currency),
            }

    @classmethod
    def _project_values(cls, project, f):
        return {
            'projet_ref': project.number or '',
            'projet_titre': project.title or '',
            'projet_typologie': f.name(project.line_of_business),
            'projet_date_butoir': f.date(project.deadline),
            'projet_date_creation': f.date(
                project.create_date.date() if project.create_date else None),
            }

    @classmethod
    def _claim_values(cls, claim, f):
        return {
            'sinistre_ref': claim.number or '',
            'sinistre_type': f.name(claim.kind),
            'sinistre_etat': f.selection(claim, 'state'),
            'sinistre_date': f.date(claim.occurred_date),
            'sinistre_ref_compagnie': claim.insurer_reference or '',
            }

    @classmethod
    def _receipt_values(cls, receipt, f):
        return {
            'quittance_ref': receipt.number or '',
            'quittance_montant': f.amount(receipt.total, receipt.currency),
            'quittance_reste_du': f.amount(
                receipt.amount_to_pay, receipt.currency),
            'quittance_echeance': f.date(receipt.due_date),
            'quittance_periode_debut': f.date(receipt.period_start),
            'quittance_periode_fin': f.date(receipt.period_end),
            }

    # -- automatic messages -------------------------------------------------

    @classmethod
    def send_birthdays(cls, date=None):
        """Cron: wish a happy birthday to the clients born on that day (on
        28 February for those born on 29 February in other years), with the
        templates of the configuration; a client is wished once a day."""
        pool = Pool()
        Date = pool.get('ir.date')
        Party = pool.get('party.party')
        Message = pool.get('insurance.communication.message')
        Configuration = pool.get('insurance.configuration')
        configuration = Configuration(1)
        email_template = configuration.birthday_email_template
        sms_template = configuration.birthday_sms_template
        if not email_template and not sms_template:
            return []
        date = date or Date.today()
        party = Party.__table__()
        month, day = Extract('MONTH', party.birth_date), Extract(
            'DAY', party.birth_date)
        where = (month == date.month) & (day == date.day)
        if date.month == 2 and date.day == 28 and not _leap(date.year):
            where |= (month == 2) & (day == 29)
        cursor = Transaction().connection.cursor()
        cursor.execute(*party.select(party.id, where=where
                & (party.party_type == 'person')
                & party.client_status.in_(['prospect', 'active'])))
        parties = Party.browse([i for i, in cursor])
        start = dt.datetime.combine(date, dt.time())
        messages = []
        for kind, template in [
                ('email', email_template), ('sms', sms_template)]:
            if not template:
                continue
            wished = {m.party.id for m in Message.search([
                        ('automatic', '=', True),
                        ('date', '>=', start),
                        ('party', 'in', [p.id for p in parties]),
                        ('%s_template' % kind, '=', template.id),
                        ])}
            if kind == 'email':
                messages += cls.send_email(
                    [p for p in parties if p.id not in wished and p.email],
                    template=template, context='marketing', automatic=True)
            else:
                messages += cls.send_sms(
                    [p for p in parties if p.id not in wished
                        and sms.normalize(cls.get_mobile(p))],
                    template=template, context='marketing', automatic=True)
        return messages


def _leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class Formatter:
    "Values written the French way whatever the user's language"

    def __init__(self):
        pool = Pool()
        Lang = pool.get('ir.lang')
        self.lang = Lang.get('fr')
        self._selections = {}

    def date(self, value):
        return value.strftime('%d/%m/%Y') if value else ''

    def amount(self, value, currency=None):
        if value is None:
            return ''
        if currency:
            return self.lang.currency(value, currency, grouping=True)
        return self.lang.format('%.2f', value, grouping=True)

    @staticmethod
    def name(record):
        return record.rec_name if record else ''

    def selection(self, record, field):
        key = (record.__name__, field)
        if key not in self._selections:
            with Transaction().set_context(language='fr'):
                self._selections[key] = dict(
                    record.__class__.fields_get([field])[field]['selection'])
        value = getattr(record, field)
        return self._selections[key].get(value, value) or ''

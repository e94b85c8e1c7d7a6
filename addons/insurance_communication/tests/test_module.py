# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import base64
import hashlib
import json
import socket
import threading
import unittest
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from trytond import config
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.insurance_communication import mail, sms, variables
from trytond.modules.insurance_communication.exceptions import ProviderError
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, ModuleTestCase, RouteTestCase, with_transaction)
from trytond.transaction import Transaction

SECTION = 'insurance_communication'


@contextmanager
def configured(section=SECTION, **options):
    "Set configuration options for the duration of a block"
    if not config.has_section(section):
        config.add_section(section)
    previous = {k: config.get(section, k) for k in options}
    for key, value in options.items():
        config.set(section, key, value)
    try:
        yield
    finally:
        for key, value in previous.items():
            config.set(section, key, value if value is not None else '')


class FakeProvider:
    """A local HTTP server standing for an SMS provider: it records the
    requests and answers with the status and JSON body it is given"""

    def __init__(self, status=200, answer=None):
        self.status, self.answer, self.requests = status, answer or {}, []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                provider.requests.append({
                        'path': self.path,
                        'headers': self.headers,
                        'body': self.rfile.read(length).decode('utf-8'),
                        })
                body = json.dumps(provider.answer).encode('utf-8')
                self.send_response(provider.status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%s' % self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *args):
        self.server.shutdown()
        self.server.server_close()


class SMTPSink(MessageHandler):
    "A local SMTP server keeping the messages it receives"

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class SMSTestCase(unittest.TestCase):
    "SMS encoding, numbers and provider clients"

    def test_gsm7_segments(self):
        "French accents are GSM-7, the euro sign counts twice"
        self.assertEqual(sms.encoding("Échéance à régler"), 'gsm7')
        self.assertEqual(sms.encoding("Votre prêt"), 'ucs2')
        self.assertEqual(sms.length("100 €"), 6)
        self.assertEqual(sms.segments('a' * 160), 1)
        self.assertEqual(sms.segments('a' * 161), 2)
        self.assertEqual(sms.segments('a' * 306), 2)
        self.assertEqual(sms.segments('a' * 307), 3)
        self.assertEqual(sms.segments(''), 0)

    def test_ucs2_segments(self):
        "A character outside GSM-7 makes every segment 70 characters"
        self.assertEqual(sms.encoding("Bonjour 🙂"), 'ucs2')
        self.assertEqual(sms.segments('ê' * 70), 1)
        self.assertEqual(sms.segments('ê' * 71), 2)
        self.assertEqual(sms.segments('ê' * 134), 2)
        self.assertEqual(sms.segments('ê' * 135), 3)

    def test_normalize(self):
        "French numbers in E.164, invalid ones refused"
        self.assertEqual(sms.normalize("06 12 34 56 78"), '+33612345678')
        self.assertEqual(sms.normalize("+33 6 12 34 56 78"), '+33612345678')
        self.assertEqual(sms.normalize("0032 470 12 34 56"), '+32470123456')
        self.assertIsNone(sms.normalize("06 12"))
        self.assertIsNone(sms.normalize("not a number"))
        self.assertIsNone(sms.normalize(None))

    def test_brevo(self):
        "Brevo: JSON POST with the api-key header"
        with FakeProvider(201, {'messageId': 1511882900176220}) as fake, \
                configured(sms_base_url=fake.url, sms_api_key='key-1'):
            reference = sms.brevo(
                "Bonjour", '+33612345678', 'CABINET', marketing=True,
                callback_url='https://example.org/dlr')
        self.assertEqual(reference, '1511882900176220')
        request, = fake.requests
        self.assertEqual(request['path'], '/v3/transactionalSMS/send')
        self.assertEqual(request['headers']['api-key'], 'key-1')
        self.assertEqual(json.loads(request['body']), {
                'sender': 'CABINET', 'recipient': '33612345678',
                'content': "Bonjour", 'type': 'marketing',
                'unicodeEnabled': False,
                'webUrl': 'https://example.org/dlr'})

    def test_twilio(self):
        "Twilio: form POST with HTTP Basic authentication"
        with FakeProvider(201, {'sid': 'SM123'}) as fake, \
                configured(sms_base_url=fake.url, sms_account='AC1',
                    sms_secret='tok'):
            reference = sms.twilio("Bonjour", '+33612345678', 'CABINET')
        self.assertEqual(reference, 'SM123')
        request, = fake.requests
        self.assertEqual(
            request['path'], '/2010-04-01/Accounts/AC1/Messages.json')
        self.assertEqual(
            request['headers']['Authorization'],
            'Basic ' + base64.b64encode(b'AC1:tok').decode())
        self.assertEqual(urllib.parse.parse_qs(request['body']), {
                'To': ['+33612345678'], 'From': ['CABINET'],
                'Body': ["Bonjour"]})

    def test_ovh(self):
        "OVHcloud: signed JSON POST to the service's jobs"
        answer = {'ids': [42], 'invalidReceivers': []}
        with FakeProvider(200, answer) as fake, \
                configured(sms_base_url=fake.url, sms_account='sms-ab1-1',
                    sms_secret='AS', sms_application_key='AK',
                    sms_consumer_key='CK'):
            reference = sms.ovh("Bonjour", '+33612345678', 'CABINET')
        self.assertEqual(reference, '42')
        request, = fake.requests
        headers = request['headers']
        self.assertEqual(request['path'], '/1.0/sms/sms-ab1-1/jobs')
        self.assertEqual(headers['X-Ovh-Application'], 'AK')
        self.assertEqual(headers['X-Ovh-Consumer'], 'CK')
        url = fake.url + '/1.0/sms/sms-ab1-1/jobs'
        expected = '$1$' + hashlib.sha1('+'.join([
                    'AS', 'CK', 'POST', url, request['body'],
                    headers['X-Ovh-Timestamp']]).encode()).hexdigest()
        self.assertEqual(headers['X-Ovh-Signature'], expected)
        body = json.loads(request['body'])
        self.assertEqual(body['receivers'], ['+33612345678'])
        self.assertTrue(body['noStopClause'])

    def test_provider_errors(self):
        "A refusal or an unreachable provider raises ProviderError"
        with FakeProvider(400, {'code': 'invalid_parameter'}) as fake, \
                configured(sms_base_url=fake.url):
            with self.assertRaisesRegex(ProviderError, 'HTTP 400'):
                sms.brevo("Bonjour", '+33612345678', 'CABINET')
        with FakeProvider(200, {'ids': [], 'invalidReceivers': ['+1']}) \
                as fake, configured(sms_base_url=fake.url):
            with self.assertRaisesRegex(ProviderError, 'refused'):
                sms.ovh("Bonjour", '+1', 'CABINET')
        with configured(sms_base_url='http://127.0.0.1:%s' % free_port()):
            with self.assertRaisesRegex(ProviderError, 'connection'):
                sms.twilio("Bonjour", '+33612345678', 'CABINET')

    def test_delivery_status(self):
        "Delivery reports of each provider"
        self.assertEqual(sms.delivery_status('twilio', {
                    'MessageSid': 'SM1', 'MessageStatus': 'delivered'}),
            ('SM1', 'delivered'))
        self.assertEqual(sms.delivery_status('brevo', {
                    'messageId': 12, 'event': 'hardBounce'}),
            ('12', 'failed'))
        self.assertEqual(sms.delivery_status('twilio', {
                    'MessageSid': 'SM1', 'MessageStatus': 'sent'}),
            ('SM1', None))


class VariablesTestCase(unittest.TestCase):
    "Template variables"

    def test_render_escapes_html(self):
        "Values are escaped in HTML, kept as they are in text"
        values = {'client_nom': "Dupont & Fils <SARL>"}
        self.assertEqual(
            variables.render("<p>{client_nom}</p>", values, escape=True),
            "<p>Dupont &amp; Fils &lt;SARL&gt;</p>")
        self.assertEqual(
            variables.render("Cher {client_nom}", values),
            "Cher Dupont & Fils <SARL>")

    def test_render_is_sandboxed(self):
        "Expressions and attributes are not evaluated"
        values = {'client_nom': "DUPONT"}
        for text in ["{client_nom.__class__}", "${client_nom.upper()}",
                "{''.__class__.__mro__}", "{{ client_nom }}"]:
            self.assertNotIn('class', variables.render(
                    text, values).replace(text, ''))
        self.assertEqual(
            variables.render("{client_nom.__class__}", values),
            "{client_nom.__class__}")

    def test_unknown(self):
        "A contract variable is unknown on a client template"
        self.assertEqual(variables.unknown(
                "{client_nom} {contrat_ref} {foo}", 'party.party'),
            ['contrat_ref', 'foo'])
        self.assertEqual(variables.unknown(
                "{client_nom} {contrat_ref}", 'insurance.policy'), [])

    def test_html_to_text(self):
        self.assertEqual(variables.html_to_text(
                "<div>Bonjour&nbsp;M.</div><div>A &amp; B</div>"),
            "Bonjour\xa0M.\nA & B")


class InsuranceCommunicationTestCase(ModuleTestCase):
    "Test insurance_communication module"
    module = 'insurance_communication'

    def setUp(self):
        super().setUp()
        mail.OUTBOX.clear()
        sms.OUTBOX.clear()
        for key, value in [
                ('email_backend', 'memory'), ('sms_backend', 'memory')]:
            self.enterContext(configured(**{key: value}))
        self.enterContext(configured(
                'email', **{'from': "Cabinet Test <cabinet@example.com>"}))

    def _client(self, name="Dupont", first_name="Jean", **values):
        pool = Pool()
        Party = pool.get('party.party')
        mechanisms = []
        for type_, value in [
                ('email', values.pop('email', 'jean.dupont@example.com')),
                ('mobile', values.pop('mobile', '06 12 34 56 78'))]:
            if value:
                mechanisms.append({'type': type_, 'value': value})
        party, = Party.create([{
                    'name': name, 'first_name': first_name,
                    'party_type': values.pop('party_type', 'person'),
                    'civility': 'mr',
                    'contact_mechanisms': [('create', mechanisms)],
                    **values}])
        return party

    def _sms_template(self, body, **values):
        Template = Pool().get('insurance.communication.sms.template')
        template, = Template.create([{'name': "Test", 'body': body, **values}])
        return template

    @with_transaction()
    def test_email_sent_after_commit_only(self):
        "The e-mail leaves after commit, through the SMTP server"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Message = pool.get('insurance.communication.message')
        transaction = Transaction()
        sink = SMTPSink()
        port = free_port()
        controller = Controller(sink, hostname='127.0.0.1', port=port)
        controller.start()
        self.addCleanup(controller.stop)
        self.enterContext(configured(email_backend='smtp'))
        self.enterContext(configured(
                'email', uri='smtp://127.0.0.1:%s' % port))
        party = self._client("Dupont & Fils <SARL>", party_type='company')

        message, = Communication.send_email(
            [party], subject="Votre dossier {client_nom}",
            body="<p>Bonjour {client_nom},</p>")
        self.assertEqual(message.state, 'queued')
        self.assertEqual(sink.messages, [])

        transaction.commit()
        received, = sink.messages
        self.assertEqual(received['To'], 'jean.dupont@example.com')
        self.assertEqual(
            received['Subject'], "Votre dossier Dupont & Fils <SARL>")
        html = next(p for p in received.walk()
            if p.get_content_type() == 'text/html').get_payload(
                decode=True).decode()
        self.assertIn("Bonjour Dupont &amp; Fils &lt;SARL&gt;,", html)
        self.assertIn('/insurance_communication/open/', html)
        message = Message(message.id)
        self.assertEqual(message.state, 'sent')
        self.assertEqual(
            [e.state for e in message.events], ['queued', 'sent'])

        Communication.send_email(
            [party], subject="Jamais", body="Annulé")
        transaction.rollback()
        self.assertEqual(len(sink.messages), 1)

    @with_transaction()
    def test_sms_sent_after_commit_only(self):
        "The SMS leaves after commit; a rollback sends nothing"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Configuration = pool.get('insurance.configuration')
        Message = pool.get('insurance.communication.message')
        Usage = pool.get('insurance.communication.sms.usage')
        transaction = Transaction()
        Configuration.write([Configuration(1)], {'sms_sender': 'CABINET'})
        party = self._client()
        template = self._sms_template("Bonjour {client_civ} {client_nom}")

        message, = Communication.send_sms([party], template=template)
        self.assertEqual(sms.OUTBOX, [])
        transaction.commit()
        sent, = sms.OUTBOX
        self.assertEqual(sent['to'], '+33612345678')
        self.assertEqual(sent['text'], "Bonjour M. DUPONT")
        self.assertEqual(sent['from'], 'CABINET')
        message = Message(message.id)
        self.assertEqual(message.state, 'sent')
        self.assertEqual(message.provider_reference, sent['reference'])
        self.assertEqual(message.segments, 1)
        usage, = Usage.search([])
        self.assertEqual(usage.segments, 1)

        Communication.send_sms([party], template=template)
        transaction.rollback()
        self.assertEqual(len(sms.OUTBOX), 1)

    @with_transaction()
    def test_failed_delivery_retried_then_failed(self):
        "A provider failure is retried with back-off, then marked failed"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Configuration = pool.get('insurance.configuration')
        Message = pool.get('insurance.communication.message')
        transaction = Transaction()
        Configuration.write([Configuration(1)], {
                'sms_sender': 'CABINET', 'max_attempts': 2})
        party = self._client()
        with configured(sms_base_url='http://127.0.0.1:%s' % free_port(),
                sms_backend='brevo'):
            message, = Communication.send_sms([party], body="Bonjour")
            transaction.commit()
            message = Message(message.id)
            self.assertEqual(message.state, 'queued')
            self.assertEqual(message.attempts, 1)
            self.assertIsNotNone(message.next_attempt)
            self.assertIn('connection', message.error)
            Message.write([message], {'next_attempt': message.date})
            Message.retry()
            transaction.commit()
        message = Message(message.id)
        self.assertEqual(message.state, 'failed')
        self.assertEqual(message.attempts, 2)
        self.assertEqual(message.events[-1].state, 'failed')

    @with_transaction()
    def test_refusals(self):
        "Invalid numbers, missing e-mail, unknown variables, long SMS"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Configuration = pool.get('insurance.configuration')
        Message = pool.get('insurance.communication.message')
        EmailTemplate = pool.get('ir.email.template')
        Configuration.write([Configuration(1)], {
                'sms_sender': 'CABINET', 'sms_max_segments': 2})
        no_email = self._client("Martin", email=None, mobile=None)
        count = Message.search_count([])

        with self.assertRaises(UserError):
            Communication.send_sms([no_email], body="Bonjour")
        with self.assertRaises(UserError):
            Communication.send_sms([no_email], body="Bonjour", to='06 12')
        with self.assertRaises(UserError):
            Communication.send_email([no_email], subject="A", body="B")
        with self.assertRaises(UserError):
            Communication.send_email(
                [self._client("Petit")], subject="A", body="{contrat_ref}")
        with self.assertRaises(UserError):
            Communication.send_sms([self._client("Long")], body='a' * 307)
        with self.assertRaises(UserError):
            Communication.send_sms(
                [self._client("Promo")], body="Promo!", marketing=True)
        with self.assertRaises(ValidationError):
            self._sms_template("Bonjour {client_surnom}")
        with self.assertRaises(ValidationError):
            self._sms_template("Promo!", marketing=True)
        with self.assertRaises(ValidationError):
            EmailTemplate.create([{
                        'name': "Relance", 'category': 'client',
                        'model': pool.get('ir.model').search(
                            [('name', '=', 'party.party')])[0].id,
                        'subject': "Échéance {contrat_date_echeance}",
                        }])
        with self.assertRaises(ValidationError):
            Configuration.write(
                [Configuration(1)], {'sms_sender': 'CABINET-LYON'})
        self.assertEqual(Message.search_count([]), count)
        self.assertEqual(sms.OUTBOX + mail.OUTBOX, [])

    @with_transaction()
    def test_send_refused_for_other_broker_client(self):
        "A broker may not send about a client they may not see"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Configuration = pool.get('insurance.configuration')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        from trytond.modules.company.tests import create_company, set_company
        Configuration.write([Configuration(1)], {'sms_sender': 'CABINET'})
        company = create_company()
        with set_company(company):
            camille_party, marc_party = Party.create(
                [{'name': "Camille"}, {'name': "Marc"}])
            camille, marc = Employee.create([
                    {'party': camille_party.id, 'company': company.id},
                    {'party': marc_party.id, 'company': company.id}])
            user, = User.create([{
                        'login': 'camille', 'name': "Camille",
                        'groups': [('add', [ModelData.get_id(
                                        'insurance', 'group_courtier')])],
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'employees': [('add', [camille.id])],
                        'employee': camille.id}])
            mine = self._client("Dupont", client_status='active',
                owner=camille.id)
            other = self._client("Leroy", client_status='active',
                owner=marc.id)
            with Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True):
                message, = Communication.send_sms([mine], body="Bonjour")
                self.assertEqual(message.author, user)
                with self.assertRaises(AccessError):
                    Communication.send_sms([mine, other], body="Bonjour")

    @with_transaction()
    def test_contract_values(self):
        "Contract variables: reference, insurer, French dates and amounts"
        pool = Pool()
        Communication = pool.get('insurance.communication')
        Party = pool.get('party.party')
        Policy = pool.get('insurance.policy')
        LineOfBusiness = pool.get('insurance.line_of_business')
        from trytond.modules.company.tests import create_company, set_company
        import datetime as dt
        from decimal import Decimal
        company = create_company()
        with set_company(company):
            party = self._client(client_status='active')
            insurer, = Party.create([{
                        'name': "MAIF", 'is_insurer': True,
                        'insurer_code': 'MAIF'}])
            line, = LineOfBusiness.search([('code', '=', 'auto')])
            policy, = Policy.create([{
                        'reference': 'AUTO-1', 'client': party.id,
                        'insurer': insurer.id, 'line_of_business': line.id,
                        'start_date': dt.date(2026, 3, 1),
                        'annual_premium': Decimal('1234.5'),
                        'payment_frequency': 'monthly',
                        }])
            values = Communication.get_values(policy)
        self.assertEqual(values['contrat_ref'], 'AUTO-1')
        self.assertEqual(values['contrat_compagnie'], "MAIF")
        self.assertEqual(values['contrat_date_effet'], '01/03/2026')
        self.assertTrue(values['contrat_prime_anuelle_ttc'].replace(
                '\u202f', ' ').replace('\xa0', ' ').startswith('1 234,50'))
        # The label (in French where the language is loaded), not the key
        self.assertEqual(values['contrat_fractionnement'], "Monthly")
        self.assertEqual(values['client_nom'], 'DUPONT')


class CommunicationRouteTestCase(RouteTestCase):
    "Tracking image and delivery reports"
    module = 'insurance_communication'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Saving the settings singleton locks its table
        with Transaction().start(
                DB_NAME, 1,
                _lock_tables=['insurance_configuration']):
            Configuration = Pool().get('insurance.configuration')
            Configuration.write([Configuration(1)], {
                    'webhook_identifier': 'secret-identifier'})

    @classmethod
    def setUpDatabase(cls):
        pool = Pool()
        Message = pool.get('insurance.communication.message')
        Message.create([{
                    'kind': 'email', 'token': 'tok-email', 'state': 'sent',
                    'recipient': 'a@example.com', 'subject': "Bonjour",
                    }, {
                    'kind': 'sms', 'state': 'sent', 'provider': 'twilio',
                    'provider_reference': 'SM42', 'recipient': '+33612345678',
                    }])

    def _message(self, **domain):
        with Transaction().start(self.db_name, 0):
            Message = Pool().get('insurance.communication.message')
            message, = Message.search(
                [(k, '=', v) for k, v in domain.items()])
            return message.state, [e.state for e in message.events]

    def test_open_tracking(self):
        "The image records the first opening only"
        client = self.client()
        url = f'/{self.db_name}/insurance_communication/open/tok-email.gif'
        for _ in range(2):
            response = client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.mimetype, 'image/gif')
        self.assertEqual(
            self._message(token='tok-email'), ('opened', ['opened']))
        response = client.get(
            f'/{self.db_name}/insurance_communication/open/unknown.gif')
        self.assertEqual(response.status_code, 200)

    def test_delivery_report(self):
        "A delivery report needs the secret identifier"
        client = self.client()
        base = f'/{self.db_name}/insurance_communication/sms/twilio/'
        data = {'MessageSid': 'SM42', 'MessageStatus': 'delivered'}
        response = client.post(base + 'wrong', data=data)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self._message(provider_reference='SM42'), ('sent', []))
        response = client.post(base + 'secret-identifier', data=data)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            self._message(provider_reference='SM42'),
            ('delivered', ['delivered']))


del ModuleTestCase, RouteTestCase

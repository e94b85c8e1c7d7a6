# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Sending SMS through a provider chosen in the configuration file.

Every backend is a function ``send_sms(text, to, from_, **options)`` (the
signature of Tryton's ``authentication_sms``) returning the provider's
reference of the message and raising ``ProviderError`` on failure::

    [insurance_communication]
    sms_backend = brevo            # ovh, brevo, twilio, file, memory
                                   # or a dotted path to a function
    sms_base_url = https://api.brevo.com   # overridable (tests)
    sms_api_key = ...              # Brevo
    sms_account = ...              # Twilio account SID / OVH service name
    sms_secret = ...               # Twilio auth token / OVH application secret
    sms_application_key = ...      # OVH
    sms_consumer_key = ...         # OVH
    sms_path = /var/lib/courtage/sms   # file backend

Options: ``marketing`` (bool), ``callback_url`` (delivery reports).
"""
import base64
import datetime as dt
import hashlib
import json
import math
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import phonenumbers

from trytond import config
from trytond.tools import resolve

from .exceptions import ProviderError

SECTION = 'insurance_communication'
TIMEOUT = 30

# GSM 03.38 basic character set and its extension table (2 septets each)
GSM7_BASIC = set(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿'
    'abcdefghijklmnopqrstuvwxyzäöñüà')
GSM7_EXTENSION = set('^{}\\[~]|€\f')

# Messages kept by the memory backend (tests)
OUTBOX = []


def encoding(text):
    "'gsm7' when every character is in the GSM 7-bit alphabet, else 'ucs2'"
    for char in text or '':
        if char not in GSM7_BASIC and char not in GSM7_EXTENSION:
            return 'ucs2'
    return 'gsm7'


def length(text):
    "The length of text in its encoding's units (septets or UTF-16 units)"
    text = text or ''
    if encoding(text) == 'gsm7':
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    return len(text.encode('utf-16-le')) // 2


def segments(text):
    "How many SMS the text takes: 160/153 GSM-7 or 70/67 UCS-2 units"
    units = length(text)
    if not units:
        return 0
    single, multi = (160, 153) if encoding(text) == 'gsm7' else (70, 67)
    if units <= single:
        return 1
    return math.ceil(units / multi)


def normalize(number, region='FR'):
    "The E.164 form of number, or None if it is not a valid phone number"
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.E164)


def get(option, default=None):
    return config.get(SECTION, option, default=default)


def send_sms(text, to, from_, **options):
    "Send with the configured backend and return the provider reference"
    backend = get('sms_backend')
    if not backend:
        raise ProviderError("no SMS backend configured")
    if backend in BACKENDS:
        func = BACKENDS[backend]
    else:
        func = resolve(backend)
    return func(text, to, from_, **options)


def provider_name():
    return get('sms_backend') or ''


def memory(text, to, from_, **options):
    reference = uuid.uuid4().hex
    OUTBOX.append({
            'text': text, 'to': to, 'from': from_,
            'reference': reference, **options})
    return reference


def file(text, to, from_, **options):
    "One JSON file per message in sms_path (the demo's outbox)"
    path = get('sms_path') or os.path.join(
        tempfile.gettempdir(), 'courtage-sms')
    os.makedirs(path, exist_ok=True)
    reference = uuid.uuid4().hex
    name = '%s-%s.json' % (
        dt.datetime.now().strftime('%Y%m%dT%H%M%S'), reference)
    with open(os.path.join(path, name), 'w', encoding='utf-8') as fp:
        json.dump({
                'reference': reference, 'to': to, 'from': from_,
                'text': text, 'segments': segments(text),
                'encoding': encoding(text), **options,
                }, fp, ensure_ascii=False, indent=1)
    return reference


def _request(method, url, headers, data=None):
    request = urllib.request.Request(
        url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode('utf-8', 'replace')[:500]
        raise ProviderError(f"HTTP {error.code}: {detail}") from error
    except (urllib.error.URLError, OSError) as error:
        raise ProviderError(f"connection failed: {error}") from error
    try:
        return json.loads(body or b'{}')
    except ValueError as error:
        raise ProviderError("invalid answer from the provider") from error


def brevo(text, to, from_, marketing=False, callback_url=None, **options):
    """Brevo transactional SMS: POST /v3/transactionalSMS/send with the
    api-key header (https://developers.brevo.com/reference/sendtransacsms)"""
    base = get('sms_base_url') or 'https://api.brevo.com'
    payload = {
        'sender': from_,
        'recipient': to.lstrip('+'),
        'content': text,
        'type': 'marketing' if marketing else 'transactional',
        'unicodeEnabled': encoding(text) == 'ucs2',
        }
    if callback_url:
        payload['webUrl'] = callback_url
    result = _request('POST', base + '/v3/transactionalSMS/send', {
            'api-key': get('sms_api_key') or '',
            'accept': 'application/json',
            'content-type': 'application/json',
            }, json.dumps(payload).encode('utf-8'))
    if not result.get('messageId'):
        raise ProviderError("no message id in the answer")
    return str(result['messageId'])


def twilio(text, to, from_, callback_url=None, **options):
    """Twilio Programmable Messaging: a form POST to
    /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic
    authentication (account SID, auth token)"""
    base = get('sms_base_url') or 'https://api.twilio.com'
    account = get('sms_account') or ''
    token = get('sms_secret') or ''
    form = {'To': to, 'From': from_, 'Body': text}
    if callback_url:
        form['StatusCallback'] = callback_url
    credentials = base64.b64encode(
        f'{account}:{token}'.encode('utf-8')).decode('ascii')
    result = _request(
        'POST', f'{base}/2010-04-01/Accounts/{account}/Messages.json', {
            'Authorization': f'Basic {credentials}',
            'accept': 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
            }, urllib.parse.urlencode(form).encode('utf-8'))
    if not result.get('sid'):
        raise ProviderError("no message sid in the answer")
    return result['sid']


def ovh_signature(secret, consumer, method, url, body, timestamp):
    "OVHcloud API signature: $1$ + SHA1 of the request's parts joined by +"
    data = '+'.join([secret, consumer, method, url, body, str(timestamp)])
    return '$1$' + hashlib.sha1(data.encode('utf-8')).hexdigest()


def ovh(text, to, from_, marketing=False, callback_url=None, **options):
    """OVHcloud SMS: POST /1.0/sms/{serviceName}/jobs signed with the
    application key and secret and the consumer key"""
    base = get('sms_base_url') or 'https://eu.api.ovh.com'
    service = get('sms_account') or ''
    url = f'{base}/1.0/sms/{urllib.parse.quote(service)}/jobs'
    payload = {
        'message': text,
        'receivers': [to],
        'sender': from_,
        'senderForResponse': False,
        'noStopClause': not marketing,
        'charset': 'UTF-8',
        'coding': '7bit' if encoding(text) == 'gsm7' else '8bit',
        'priority': 'high',
        }
    if callback_url:
        payload['callBack'] = callback_url
    body = json.dumps(payload)
    timestamp = int(time.time())
    consumer = get('sms_consumer_key') or ''
    result = _request('POST', url, {
            'X-Ovh-Application': get('sms_application_key') or '',
            'X-Ovh-Consumer': consumer,
            'X-Ovh-Timestamp': str(timestamp),
            'X-Ovh-Signature': ovh_signature(
                get('sms_secret') or '', consumer, 'POST', url, body,
                timestamp),
            'content-type': 'application/json',
            }, body.encode('utf-8'))
    if not result.get('ids'):
        raise ProviderError(
            "receiver refused: %s" % ', '.join(
                result.get('invalidReceivers') or [to]))
    return str(result['ids'][0])


BACKENDS = {
    'memory': memory,
    'file': file,
    'brevo': brevo,
    'twilio': twilio,
    'ovh': ovh,
    }


def delivery_status(provider, data):
    """The (reference, state) of a delivery report posted by provider, state
    being 'delivered' or 'failed', or None when it is not final"""
    if provider == 'twilio':
        reference = data.get('MessageSid')
        status = (data.get('MessageStatus') or '').lower()
        states = {'delivered': 'delivered', 'undelivered': 'failed',
            'failed': 'failed'}
    elif provider == 'brevo':
        reference = data.get('messageId') or data.get('message_id')
        status = (data.get('event') or data.get('msg_status') or '').lower()
        states = {'delivered': 'delivered', 'hardbounce': 'failed',
            'softbounce': 'failed', 'rejected': 'failed',
            'blacklisted': 'failed'}
    elif provider == 'ovh':
        reference = data.get('id')
        status = str(data.get('dlr') or data.get('status') or '').lower()
        states = {'1': 'delivered', 'delivered': 'delivered',
            '2': 'failed', '16': 'failed', 'failed': 'failed'}
    else:
        reference = data.get('reference')
        status = (data.get('status') or '').lower()
        states = {'delivered': 'delivered', 'failed': 'failed'}
    return (str(reference) if reference else None), states.get(status)

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Web routes: the e-mail opening image and the SMS delivery reports."""
import base64
import hmac
import logging

from werkzeug.exceptions import abort

from trytond.protocols.wrappers import (
    Response, with_pool, with_transaction)
from trytond.wsgi import app

from . import sms

logger = logging.getLogger(__name__)

# A transparent 1x1 GIF
PIXEL = base64.b64decode(
    'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7')


def _message_model(pool):
    try:
        return pool.get('insurance.communication.message')
    except KeyError:
        # The module is not activated in this database
        abort(404)


@app.route(
    '/<database_name>/insurance_communication/open/<token>.gif',
    methods=['GET'])
@with_pool
@with_transaction(readonly=False)
def open_email(request, pool, token):
    """Record the first opening of the e-mail whose random token is in the
    URL; the answer is the same image whether the token exists or not"""
    Message = _message_model(pool)
    messages = Message.search([
            ('token', '=', token),
            ('kind', '=', 'email'),
            ('opened_date', '=', None),
            ], limit=1)
    if messages:
        Message.set_status(messages, 'opened')
    return Response(PIXEL, mimetype='image/gif', headers={
            'Cache-Control': 'no-store, max-age=0',
            })


@app.route(
    '/<database_name>/insurance_communication/sms/<provider>/<identifier>',
    methods=['POST', 'GET'])
@with_pool
@with_transaction(readonly=False)
def sms_delivery_report(request, pool, provider, identifier):
    "Record the delivery report a provider posts for an SMS"
    Message = _message_model(pool)
    Configuration = pool.get('insurance.configuration')
    secret = Configuration(1).webhook_identifier or ''
    if not secret or not hmac.compare_digest(
            identifier.encode('utf-8'), secret.encode('utf-8')):
        abort(404)
    if request.is_json:
        data = request.get_json(silent=True) or {}
    else:
        data = request.form.to_dict() or request.args.to_dict()
    if not isinstance(data, dict):
        abort(400)
    reference, state = sms.delivery_status(provider, data)
    if reference and state:
        messages = Message.search([
                ('kind', '=', 'sms'),
                ('provider', '=', provider),
                ('provider_reference', '=', reference),
                ])
        description = None
        if state == 'failed':
            description = str(
                data.get('ErrorCode') or data.get('reason')
                or data.get('description') or '')[:200] or None
        Message.set_status(messages, state, description=description)
    return Response(status=204)

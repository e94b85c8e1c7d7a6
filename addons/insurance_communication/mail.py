# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Handing e-mails to the outgoing server.

``smtp`` (the default) is Tryton's own sending: ``trytond.sendmail`` with the
server of ``[email] uri``. ``file`` writes one ``.eml`` per message in
``[insurance_communication] email_path`` (the demo's local sink) and
``memory`` keeps them in ``OUTBOX`` (tests)::

    [insurance_communication]
    email_backend = smtp
"""
import datetime as dt
import os
import tempfile
import uuid

from trytond import config
from trytond.sendmail import get_smtp_server, send_message

from .exceptions import ProviderError

SECTION = 'insurance_communication'
OUTBOX = []


class Sender:
    "Hands a batch of messages to one backend, one connection per batch"

    def __init__(self):
        self.backend = config.get(SECTION, 'email_backend') or 'smtp'
        self.server = None

    def send(self, msg, from_addr, to_addrs):
        if self.backend == 'memory':
            OUTBOX.append((from_addr, to_addrs, msg))
        elif self.backend == 'file':
            path = config.get(SECTION, 'email_path', default=None) or (
                os.path.join(tempfile.gettempdir(), 'courtage-mail'))
            os.makedirs(path, exist_ok=True)
            name = '%s-%s.eml' % (
                dt.datetime.now().strftime('%Y%m%dT%H%M%S'),
                uuid.uuid4().hex)
            with open(os.path.join(path, name), 'wb') as fp:
                fp.write(bytes(msg))
        elif self.backend == 'smtp':
            try:
                if self.server is None:
                    self.server = get_smtp_server(strict=True)
                self.server = send_message(
                    msg, from_addr, to_addrs, server=self.server,
                    strict=True) or self.server
            except Exception as error:
                self.close()
                raise ProviderError(str(error) or repr(error)) from error
        else:
            raise ProviderError(f"unknown e-mail backend {self.backend}")

    def close(self):
        if self.server is not None:
            try:
                self.server.quit()
            except Exception:
                pass
            self.server = None

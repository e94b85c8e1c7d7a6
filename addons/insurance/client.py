# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)


class ClientOrigin(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Client Origin"
    __name__ = 'insurance.client.origin'
    name = fields.Char("Name", required=True, translate=True)


class AbandonReason(
        DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Abandon Reason"
    __name__ = 'insurance.client.abandon_reason'
    name = fields.Char("Name", required=True, translate=True)

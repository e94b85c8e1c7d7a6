# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    communications = fields.One2Many(
        'insurance.communication.message', 'party', "E-mails and SMS",
        readonly=True,
        help="The e-mails and SMS sent to the client, by hand or "
        "automatically.")


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('insurance.communication.message', 'party'),
            ]

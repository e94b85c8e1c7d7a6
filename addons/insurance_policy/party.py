# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    policies = fields.One2Many(
        'insurance.policy', 'client', "Contracts",
        help="The contracts held by the client.")
    assets = fields.One2Many(
        'insurance.asset', 'owner', "Assets",
        help="The insured assets of the client: vehicles, properties, "
        "animals, construction work, loans.")

    def _document_resources(self):
        return super()._document_resources() + [
            str(p) for p in self.policies]

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('policies', None)
        default.setdefault('assets', None)
        return super().copy(parties, default=default)

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta

from .context import label, name
from .engine import format_date


class Claim(metaclass=PoolMeta):
    __name__ = 'insurance.claim'

    def get_mailmerge_context(self):
        "Return the mail-merge variables of the claim, contract and client"
        if self.policy:
            context = self.policy.get_mailmerge_context()
        else:
            context = self.client.get_mailmerge_context()
        context.update({
                'sinistre_numero': self.number or '',
                'sinistre_ref_compagnie': self.insurer_reference or '',
                'sinistre_type': name(self.kind),
                'sinistre_etat': label(self, 'state'),
                'sinistre_date_survenance': format_date(self.occurred_date),
                'sinistre_date_declaration': format_date(self.declared_date),
                'sinistre_expert': ' — '.join(filter(None, [
                            self.expert, self.expert_firm])),
                })
        return context

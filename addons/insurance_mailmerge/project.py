# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import Pool, PoolMeta

from . import catalogue
from .context import label, name
from .engine import format_amount, format_date, format_percent, yes_no


class Project(metaclass=PoolMeta):
    __name__ = 'insurance.project'

    def get_mailmerge_context(self):
        "Return the mail-merge variables of the project and its client"
        Asset = Pool().get('insurance.asset')
        if self.policy:
            context = self.policy.get_mailmerge_context()
        else:
            assets = None
            if self.asset:
                assets = [self.asset] + [a for a in Asset.search([
                            ('owner', '=', self.client.id),
                            ]) if a != self.asset]
            context = self.client.get_mailmerge_context(assets=assets)
        context.update({
                'projet_titre': self.title or '',
                'projet_description': self.remark or '',
                'projet_date_butoir': format_date(self.deadline),
                'projet_type': label(self, 'project_type'),
                'projet_typologie': name(self.line_of_business),
                'projet_date_creation': format_date(self.file_date or (
                        self.create_date and self.create_date.date())),
                'projet_compagnie': self.insurer.name if self.insurer else '',
                'projet_prioritaire': yes_no(self.priority_flag),
                'projet_produit': self.product.name if self.product else '',
                'projet_date_effet': format_date(self.start_date),
                'projet_date_adhesion': format_date(self.subscription_date),
                'projet_reference': self.reference or self.number or '',
                })
        catalogue.add_items(context, 'studies', [{
                    'etude_compagnie': s.insurer.name,
                    'etude_franchise': format_amount(s.deductible),
                    'etude_taux': format_percent(s.rate),
                    'etude_prime_a': format_amount(s.annual_premium),
                    'etude_prime_m': format_amount(s.monthly_premium),
                    'etude_prime_s': format_amount(s.half_yearly_premium),
                    'etude_prime_t': format_amount(s.quarterly_premium),
                    'etude_duree': s.duration or '',
                    'etude_frais': format_amount(s.fees),
                    'etude_options': s.options or '',
                    'etude_produit': s.product.name if s.product else '',
                    } for s in self.studies])
        return context

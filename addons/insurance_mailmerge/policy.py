# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.pool import Pool, PoolMeta

from .context import label, name
from .engine import (
    amount_in_words, format_amount, format_date, format_number,
    format_percent, yes_no)


class Policy(metaclass=PoolMeta):
    __name__ = 'insurance.policy'

    def get_mailmerge_context(self):
        "Return the mail-merge variables of the contract and its client"
        context = self.client.get_mailmerge_context(
            assets=self._mailmerge_assets())
        context.update(self.get_mailmerge_contract())
        return context

    def _mailmerge_assets(self):
        "The assets of the contract first, then the client's others"
        Asset = Pool().get('insurance.asset')
        others = Asset.search([
                ('owner', '=', self.client.id),
                ('id', 'not in', [a.id for a in self.assets]),
                ])
        return list(self.assets) + others

    def get_mailmerge_contract(self):
        "Return the contrat_* variables of the contract"
        default_rate = None
        if self.product:
            default_rate = next(
                (r for r in self.product.rates if r.is_default), None)
        Project = Pool().get('insurance.project')
        projects = Project.search([('policy', '=', self.id)], limit=1)
        study = projects[0].chosen_study if projects else None
        loan = next((a for a in self.assets if a.kind == 'loan'), None)
        fees = sum((f.value or Decimal(0) for f in self.fees), Decimal(0))
        return {
            'contrat_type': name(self.line_of_business),
            'contrat_dossier': self.reference or '',
            'contrat_date_effet': format_date(self.start_date),
            'contrat_date_fin': format_date(self.end_date),
            'contrat_date_adhesion': format_date(self.subscription_date),
            'contrat_date_echeance': format_date(self.renewal_date),
            'contrat_formule': name(self.formula),
            'contrat_produit': self.product.name if self.product else '',
            'contrat_compagnie': self.insurer.name if self.insurer else '',
            'contrat_fractionnement': label(self, 'payment_frequency'),
            'contrat_fractionnement_vlp': label(self, 'collection_method'),
            'contrat_frais': format_amount(fees) if self.fees else '',
            'contrat_etat': label(self, 'state'),
            'contrat_an': format_percent(self.new_business_rate),
            'contrat_com_an_comp': format_percent(
                default_rate.new_business_rate if default_rate else None),
            'contrat_ra': format_percent(self.renewal_rate),
            'contrat_com_ra_comp': format_percent(
                default_rate.renewal_rate if default_rate else None),
            'contrat_prime_anuelle_ht': format_amount(
                self.annual_premium_excl_tax),
            'contrat_prime_anuelle_ttc': format_amount(self.annual_premium),
            'contrat_prime_anuelle_ttc_lettres': amount_in_words(
                self.annual_premium),
            'contrat_motif_chute': name(self.termination_reason),
            'contrat_date_chute': format_date(self.termination_date),
            'contrat_montant_pret': format_amount(
                loan.loan_amount) if loan else '',
            'contrat_duree_pret': ('%s mois' % loan.loan_duration
                if loan and loan.loan_duration else ''),
            'contrat_garanties': name(self.formula),
            'contrat_banque': loan.lender or '' if loan else '',
            'contrat_taux_assurance': format_percent(
                study.rate) if study else '',
            'contrat_taux_interet': format_percent(
                loan.loan_rate) if loan else '',
            'contrat_type_produit': name(self.line_of_business),
            'contrat_is_controle_doc': yes_no(self.document_control),
            'contrat_is_concurrence': yes_no(self.competitor),
            'contrat_is_quittance_auto': yes_no(self.delegated_collection),
            'contrat_bonus': format_number(self.bonus_malus)
            if self.bonus_malus is not None else '',
            'contrat_indice': format_percent(self.index),
            }

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from . import catalogue
from .context import (
    address_lines, base_context, commercial_context, label, mechanism, upper)
from .engine import (
    format_amount, format_date, format_integer, format_percent, yes_no)

_COMPANY = {'invisible': Eval('party_type') != 'company'}


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    # Décennale questionnaire of a building trade company
    decennial_activities = fields.One2Many(
        'insurance.decennial.activity', 'party', "Decennial Activities",
        states=_COMPANY,
        help="The building trades the company declares for its "
        "decennial liability insurance.")
    decennial_site_staff = fields.Integer(
        "Staff on Site", states=_COMPANY,
        domain=['OR',
            ('decennial_site_staff', '=', None),
            ('decennial_site_staff', '>=', 0),
            ],
        help="The number of persons working on the sites.")
    decennial_currently_insured = fields.Boolean(
        "Currently Insured", states=_COMPANY,
        help="The company has a decennial insurance now.")
    decennial_insurer = fields.Char(
        "Current Insurer", states=_COMPANY,
        help="The insurer of the current decennial contract.")
    decennial_claim_count = fields.Integer(
        "Claims", states=_COMPANY,
        domain=['OR',
            ('decennial_claim_count', '=', None),
            ('decennial_claim_count', '>=', 0),
            ],
        help="The number of claims declared in the last years.")
    decennial_claim_amount = fields.Numeric(
        "Claims Amount", digits=(16, 2), states=_COMPANY,
        help="The total amount of those claims in euros.")
    decennial_has_contract = fields.Boolean(
        "Contract in Force", states=_COMPANY)
    decennial_insured = fields.Boolean(
        "Already Insured", states=_COMPANY,
        help="The company has already been insured for this risk.")
    decennial_insured_24 = fields.Boolean(
        "Insured in the Last 24 Months", states=_COMPANY)
    decennial_terminated_24 = fields.Boolean(
        "Terminated for Non-Payment in the Last 24 Months", states=_COMPANY)
    decennial_past_cover = fields.Boolean(
        "Past Activity Cover", states=_COMPANY,
        help="The new contract must take over the past activity "
        "(reprise du passé).")
    decennial_receivership = fields.Boolean(
        "Receivership", states=_COMPANY,
        help="The company is under receivership (redressement judiciaire).")
    decennial_termination_reason = fields.Char(
        "Termination Reason", states=_COMPANY,
        help="Why the previous contract was terminated.")

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//page[@id="mailmerge_decennial"]', 'states', _COMPANY),
            ]

    def get_mailmerge_context(self, assets=None):
        """Return the mail-merge variables of the client

        assets are the insured assets to list, by default all those of the
        client."""
        pool = Pool()
        Asset = pool.get('insurance.asset')
        Policy = pool.get('insurance.policy')
        context = base_context()
        context.update(commercial_context(self.owner))
        context.update(self._mailmerge_client())
        self._mailmerge_family(context)
        if assets is None:
            assets = Asset.search([('owner', '=', self.id)])
        items = {}
        for asset in assets:
            item = asset.get_mailmerge_item()
            if item:
                items.setdefault(item[0], []).append(item[1])
        for key, values in items.items():
            catalogue.add_items(context, key, values)
        self._mailmerge_decennial(context)
        policies = Policy.search([('client', '=', self.id)],
            order=[('start_date', 'DESC NULLS LAST'), ('id', 'DESC')])
        catalogue.add_items(context, 'contract',
            [p.get_mailmerge_contract() for p in policies])
        return context

    def _mailmerge_client(self):
        address = self.addresses[0] if self.addresses else None
        street, complement = address_lines(address)
        postal_code = address.postal_code or '' if address else ''
        city = upper(address.city) if address else ''
        values = {
            'client_ref': self.client_reference or '',
            'client_email': mechanism(self, 'email'),
            'client_portable': mechanism(self, 'mobile'),
            'client_tel': mechanism(self, 'phone'),
            'client_date_add': format_date(self.file_date or (
                    self.create_date and self.create_date.date())),
            }
        if self.party_type == 'company':
            siret = address.siret if address else None
            values.update({
                    'client_nom': upper(self.name),
                    'client_raison_sociale': self.name or '',
                    'client_forme_juridique': label(self, 'legal_form'),
                    'client_siret': siret.code if siret else '',
                    'client_siren': self.siren.code if self.siren else '',
                    'client_adresse_pro': street,
                    'client_complement_pro': complement,
                    'client_cp_pro': postal_code,
                    'client_ville_pro': city,
                    'client_date_create_entreprise': format_date(
                        self.creation_date),
                    'client_ca_annuel': format_amount(self.annual_revenue),
                    'client_effectif': format_integer(self.employee_count),
                    'client_code_ape': self.ape_code or '',
                    'client_xp_pro': format_integer(self.experience_years),
                    })
            return values
        values.update({
                'client_nom': upper(self.name),
                'client_nom_naissance': upper(self.birth_name),
                'client_prenom': self.first_name or '',
                'client_civ': {'mr': "M.", 'mrs': "Mme"}.get(
                    self.civility, ''),
                'client_adresse': street,
                'client_complement': complement,
                'client_cp': postal_code,
                'client_ville': city,
                'client_date_n': format_date(self.birth_date),
                'assure_nom': upper(self.name),
                'assure_prenom': self.first_name or '',
                'assure_date_n': format_date(self.birth_date),
                'assure_secu': self.ssn or '',
                'client_fumeur': yes_no(self.smoker),
                'client_hauteur': yes_no(self.work_at_height),
                'client_csp': label(self, 'csp'),
                'client_metier': self.profession or '',
                'client_travail_manuel': yes_no(self.manual_work),
                'client_travail_manip': yes_no(self.load_carrying),
                'client_deplacement': yes_no(self.business_travel),
                })
        return values

    def _mailmerge_family(self, context):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        spouse_type = ModelData.get_id('insurance', 'relation_type_spouse')
        parent_type = ModelData.get_id('insurance', 'relation_type_parent')
        spouse, children = None, []
        for relation in self.relations:
            if relation.type.id == spouse_type and not spouse:
                spouse = relation.to
            elif relation.type.id == parent_type:
                children.append(relation.to)
        if spouse:
            context.update({
                    'conjoint_nom': upper(spouse.name),
                    'conjoint_prenom': spouse.first_name or '',
                    'conjoint_date_n': format_date(spouse.birth_date),
                    'conjoint_secu': spouse.ssn or '',
                    })
        children.sort(key=lambda c: (c.birth_date is None, c.birth_date,
                c.id))
        catalogue.add_items(context, 'children', [{
                    'enfant_nom': upper(c.name),
                    'enfant_prenom': c.first_name or '',
                    'enfant_date_n': format_date(c.birth_date),
                    'enfant_secu': c.ssn or '',
                    } for c in children])

    def _mailmerge_decennial(self, context):
        if self.party_type != 'company':
            return
        context.update({
                'decennale_effectif_chantier': format_integer(
                    self.decennial_site_staff),
                'decennale_actu_assure': yes_no(
                    self.decennial_currently_insured),
                'decennale_compagnie': self.decennial_insurer or '',
                'decennale_nb_sinistre': format_integer(
                    self.decennial_claim_count),
                'decennale_mt_sinistre': format_amount(
                    self.decennial_claim_amount),
                'decennale_has_contract': yes_no(self.decennial_has_contract),
                'decennale_insured': yes_no(self.decennial_insured),
                'decennale_insure_24': yes_no(self.decennial_insured_24),
                'decennale_resi_24': yes_no(self.decennial_terminated_24),
                'decennale_reprise': yes_no(self.decennial_past_cover),
                'decennale_rj': yes_no(self.decennial_receivership),
                'decennale_motif_resi': (
                    self.decennial_termination_reason or ''),
                })
        catalogue.add_items(context, 'decennial', [{
                    'decennale_activite': a.name or '',
                    'decennale_activite_num': a.number or '',
                    'decennale_activite_classe': a.activity_class or '',
                    'decennale_pourcent': format_percent(a.share),
                    'decennale_description': a.description or '',
                    'decennale_exclusion': a.exclusion or '',
                    } for a in self.decennial_activities])


class DecennialActivity(sequence_ordered(), ModelSQL, ModelView):
    "Decennial Activity"
    __name__ = 'insurance.decennial.activity'
    party = fields.Many2One(
        'party.party', "Company", required=True, ondelete='CASCADE')
    name = fields.Char(
        "Activity", required=True,
        help="The building trade, e.g. \"Plomberie\".")
    number = fields.Char(
        "Number", help="The number of the activity in the insurer's "
        "nomenclature.")
    activity_class = fields.Char("Class", help="The class of the activity.")
    share = fields.Numeric(
        "Share (%)", digits=(16, 2),
        domain=['OR',
            ('share', '=', None),
            [('share', '>=', 0), ('share', '<=', 100)],
            ],
        help="The part of the turnover made in the activity.")
    description = fields.Text("Description")
    exclusion = fields.Text(
        "Exclusion", help="The works excluded from the cover.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('party')

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from trytond.modules.insurance_policy.asset import VEHICLE_KINDS

from .context import label, upper
from .engine import (
    format_amount, format_date, format_integer, format_number,
    format_percent, yes_no)

_CONSTRUCTION = {'invisible': Eval('kind') != 'construction'}


class Asset(metaclass=PoolMeta):
    __name__ = 'insurance.asset'

    first_building_type = fields.Char(
        "First Building Type", states=_CONSTRUCTION,
        help="The type of the first building, e.g. \"Maison individuelle\".")
    # The guarantees asked for the dommage-ouvrage quote
    guarantee_damage = fields.Boolean(
        "Dommage Ouvrage", states=_CONSTRUCTION,
        help="The compulsory damage to the work insurance.")
    guarantee_closed_covered = fields.Boolean(
        "Closed and Covered Only", states=_CONSTRUCTION,
        help="The cover is limited to the clos et couvert.")
    guarantee_equipment = fields.Boolean(
        "Equipment Proper Functioning", states=_CONSTRUCTION,
        help="The two-year guarantee of the equipment.")
    guarantee_decennial = fields.Boolean(
        "Non-Builder Constructor Decennial", states=_CONSTRUCTION,
        help="The decennial liability of the constructeur non réalisateur.")
    guarantee_existing = fields.Boolean(
        "Damage to Existing Parts", states=_CONSTRUCTION)
    guarantee_all_risks = fields.Boolean(
        "All Site Risks", states=_CONSTRUCTION,
        help="Tous risques chantier.")
    guarantee_owner_liability = fields.Boolean(
        "Owner's Liability", states=_CONSTRUCTION,
        help="The civil liability of the maître d'ouvrage.")

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//separator[@id="guarantees"]', 'states', _CONSTRUCTION),
            ]

    def get_mailmerge_item(self):
        """Return the catalogue section and the variables of the asset,
        or None when the catalogue has no section for its kind"""
        if self.kind in VEHICLE_KINDS:
            return 'vehicles', {
                'auto_marque': upper(self.make),
                'auto_modele': self.model or '',
                'auto_immat': self.registration or '',
                'auto_date_circulation': format_date(
                    self.first_registration_date),
                'auto_date_permis': format_date(self.driving_license_date),
                'auto_km': (format_number(self.mileage, 0) + '\u00a0km'
                    if self.mileage is not None else ''),
                'auto_stationnement': label(self, 'parking'),
                'auto_puis_fisc': (format_integer(self.fiscal_power)
                    + '\u00a0CV' if self.fiscal_power else ''),
                }
        elif self.kind == 'property':
            return 'properties', {
                'habitation_situation_occupant': label(self, 'occupancy'),
                'habitation_type': label(self, 'property_type'),
                'habitation_etat': label(self, 'property_condition'),
                'habitation_situation_habitation': label(self, 'residence'),
                'habitation_adresse': self.street or '',
                'habitation_cp': self.postal_code or '',
                'habitation_ville': upper(self.city),
                'habitation_surface': (format_number(self.surface, 0)
                    + '\u00a0m²' if self.surface is not None else ''),
                'habitation_nb_pieces': format_integer(self.rooms),
                'habitation_dependances': self.outbuildings or '',
                'habitation_valeur_bien': format_amount(self.property_value),
                'habitation_equipement_protection': self.protection or '',
                }
        elif self.kind == 'animal':
            return 'animals', {
                'animal_type': label(self, 'species'),
                'animal_nom': self.animal_name or '',
                'animal_date_n': format_date(self.birth_date),
                'animal_race1': self.breed or '',
                'animal_race2': self.second_breed or '',
                'animal_race_type': {'pure': "PURE", 'cross': "CROISE"}.get(
                    self.breed_type, ''),
                'animal_lof': yes_no(self.pedigree, upper=True),
                }
        elif self.kind == 'loan':
            return 'loans', {
                'pret_type': label(self, 'loan_type'),
                'pret_montant': format_amount(self.loan_amount),
                'pret_taux': format_percent(self.loan_rate),
                'pret_duree': ('%s mois' % self.loan_duration
                    if self.loan_duration else ''),
                }
        elif self.kind == 'construction':
            return 'construction', self._mailmerge_construction()

    def _mailmerge_construction(self):
        return {
            'dommage_ouvrage_nature_travaux': self.nature_of_works or '',
            'dommage_ouvrage_adresse': ' '.join(filter(None, [
                        self.street, self.postal_code])),
            'dommage_ouvrage_ville': upper(self.city),
            'dommage_ouvrage_date_chantier': format_date(self.opening_date),
            'dommage_ouvrage_montant_ttc': format_amount(
                self.construction_cost),
            'dommage_ouvrage_architecte': yes_no(self.architect),
            'dommage_ouvrage_architecte_mission': (
                self.architect_mission or ''),
            'dommage_ouvrage_maitre_oeuvre': yes_no(self.project_manager),
            'dommage_ouvrage_maitre_oeuvre_mission': (
                self.project_manager_mission or ''),
            'dommage_ouvrage_bureau_etude': yes_no(self.design_office),
            'dommage_ouvrage_controle_technique': yes_no(
                self.technical_control),
            'dommage_ouvrage_etude_sol': yes_no(self.soil_study),
            'dommage_ouvrage_pente_terrain': format_percent(self.slope),
            'dommage_ouvrage_distance_mer': (
                format_number(self.sea_distance, 0) + '\u00a0m'
                if self.sea_distance is not None else ''),
            'dommage_ouvrage_destination': self.destination or '',
            'dommage_ouvrage_nb_batiment': format_integer(
                self.building_count),
            'dommage_ouvrage_nb_niveaux': format_integer(self.floor_count),
            'dommage_ouvrage_type_1er_bat': self.first_building_type or '',
            'dommage_ouvrage_nb_logement': format_integer(
                self.dwelling_count),
            'dommage_ouvrage_surface': (format_number(self.floor_area, 0)
                + '\u00a0m²' if self.floor_area is not None else ''),
            'dommage_ouvrage_g_do': yes_no(self.guarantee_damage),
            'dommage_ouvrage_g_clos_couvert': yes_no(
                self.guarantee_closed_covered),
            'dommage_ouvrage_g_equipement': yes_no(self.guarantee_equipment),
            'dommage_ouvrage_g_decennale': yes_no(self.guarantee_decennial),
            'dommage_ouvrage_g_existant': yes_no(self.guarantee_existing),
            'dommage_ouvrage_g_tous_risque': yes_no(
                self.guarantee_all_risks),
            'dommage_ouvrage_g_rcmo': yes_no(self.guarantee_owner_liability),
            }

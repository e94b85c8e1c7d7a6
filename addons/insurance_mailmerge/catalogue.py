# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The mail-merge variable catalogue of the product guide (seed 000 annex
"Utilisation du publipostage"), defined once: the validation of uploaded
templates, the generic file and the context builders all read it.

A variable is written in a template as the guide writes it: {client_nom},
indexed ones as {enfant_nom%1} (or {pret_type_1} where the guide uses an
underscore); in the template engine's own syntax they are the identifiers
client_nom and enfant_nom_1, and each indexed section is also a list for
loops ({%tr for e in enfants %}{{ e.enfant_nom }}{%tr endfor %})."""
from collections import namedtuple

Variable = namedtuple(
    'Variable', ['name', 'format', 'example', 'description', 'indexed'],
    defaults=['', '', '', True])


class Section(namedtuple('Section', [
            'key', 'title', 'variables', 'count', 'style', 'loop', 'note'],
        defaults=[0, '%', None, ''])):
    "A group of variables; indexed sections repeat count times"

    def guide_names(self, variable):
        "The names of the variable as the guide writes them"
        if not self.count or not variable.indexed:
            return [variable.name]
        return ['%s%s%d' % (variable.name, self.style, i)
            for i in range(1, self.count + 1)]

    def identifiers(self, variable):
        "The names of the variable in the template engine"
        if not self.count or not variable.indexed:
            return [variable.name]
        return ['%s_%d' % (variable.name, i)
            for i in range(1, self.count + 1)]


V = Variable
_PLAIN = False

SECTIONS = [
    Section('default', "Défauts", [
            V('date', "Date", "13/06/2023", "Date du jour"),
            ]),
    Section('firm', "Cabinet", [
            V('cabinet_nom', "", "Courtigo", "Raison sociale du cabinet"),
            V('cabinet_orias', "", "46214161", "N° ORIAS du cabinet"),
            V('cabinet_siren', "", "438533246", "N° SIREN du cabinet"),
            V('cabinet_adresse', "", "12 rue du cygne", "Adresse du cabinet"),
            V('cabinet_cp', "", "69002", "Code postal du cabinet"),
            V('cabinet_ville', "Majuscules", "LYON", "Ville du cabinet"),
            V('cabinet_tel', "", "0472000000", "Téléphone du cabinet"),
            V('cabinet_email', "", "contact@courtigo.fr", "E-mail du cabinet"),
            V('cabinet_mentions', "", "", "Mentions légales"),
            V('cabinet_compagnies', "", "AXA, MAAF",
                "Compagnies avec lesquelles le cabinet travaille"),
            V('cabinet_reclamation', "", "",
                "Procédure de réclamation"),
            V('cabinet_mediateur', "", "", "Médiateur"),
            ]),
    Section('commercial', "Commercial", [
            V('commercial', "NOM Prénom", "DUPONT Eric",
                "Nom et prénom du commercial"),
            V('commercial_adresse', "", "12 rue du cygne",
                "Adresse du commercial"),
            V('commercial_cp', "Chiffres", "13025",
                "Code postal du commercial"),
            V('commercial_ville', "Majuscules", "LYON",
                "Ville du commercial"),
            V('commercial_societe', "", "Courtigo",
                "Nom de la société du commercial"),
            V('commercial_societe_siren', "", "438533246",
                "N° Siren de la société du commercial"),
            V('commercial_societe_orias', "", "46214161",
                "N° Orias de la société du commercial"),
            V('commercial_agence', "", "Lyon Nord",
                "Nom de l'agence du commercial"),
            V('commercial_email', "", "antoine.dupond@courtigo.fr",
                "E-mail du commercial"),
            V('commercial_portable', "", "0682451324",
                "N° téléphone portable du commercial"),
            V('commercial_tel', "", "0124351285",
                "N° téléphone fixe du commercial"),
            ]),
    Section('client', "Client", [
            V('client_nom', "Majuscules", "DUPONT", "Nom"),
            V('client_nom_naissance', "Majuscules", "", "Nom de naissance"),
            V('client_prenom', "", "Eric", "Prénom"),
            V('client_civ', "M./Mme", "M.", "Civilité"),
            V('client_adresse', "", "6 rue principale", "Adresse"),
            V('client_complement', "", "ZA nord", "Complément d'adresse"),
            V('client_cp', "", "16340", "Code postal"),
            V('client_ville', "Majuscules", "LYON", "Ville"),
            V('client_email', "", "jean.dupond@gmail.com", "E-mail"),
            V('client_portable', "", "0624345684",
                "N° téléphone portable"),
            V('client_tel', "", "0126354274", "N° téléphone fixe"),
            V('client_date_n', "Date", "05/10/1965", "Date de naissance"),
            V('client_date_add', "Date", "", "Date d'ajout"),
            ]),
    Section('company', "Client professionnel", [
            V('client_raison_sociale', "", "", "Raison sociale"),
            V('client_ref', "", "", "Référence client"),
            V('client_forme_juridique', "", "", "Forme juridique"),
            V('client_siret', "", "", "N° SIRET"),
            V('client_siren', "", "", "N° SIREN"),
            V('client_adresse_pro', "", "", "Adresse"),
            V('client_complement_pro', "", "", "Complément"),
            V('client_cp_pro', "", "", "Code postal"),
            V('client_ville_pro', "", "", "Ville"),
            V('client_date_create_entreprise', "Date", "",
                "Date de création de l'entreprise"),
            V('client_ca_annuel', "Euro", "", "Chiffre d'affaire annuel"),
            V('client_effectif', "", "", "Nombre d'employés"),
            V('client_code_ape', "", "", "Code APE"),
            V('client_xp_pro', "", "", "Années d'expérience"),
            ]),
    Section('insured', "Assuré principal", [
            V('assure_nom', "Majuscules", "DUPONT", "Nom"),
            V('assure_prenom', "", "Jean", "Prénom"),
            V('assure_date_n', "Date", "05/03/1967", "Date de naissance"),
            V('assure_secu', "", "275243813453", "N° sécurité sociale"),
            V('client_fumeur', "Oui/Non", "Oui", "Le client fume ?"),
            V('client_hauteur', "Oui/Non", "Non",
                "Travail en hauteur"),
            V('client_csp', "", "", "Catégorie socio-professionnelle"),
            V('client_metier', "", "", "Métier"),
            V('client_travail_manuel', "Oui/Non", "", "Travail manuel"),
            V('client_travail_manip', "Oui/Non", "",
                "Travail avec manipulation de charges"),
            V('client_deplacement', "Oui/Non", "",
                "Déplacements professionnels"),
            ]),
    Section('spouse', "Conjoint", [
            V('conjoint_nom', "Majuscules", "DUPONT", "Nom"),
            V('conjoint_prenom', "", "Marie", "Prénom"),
            V('conjoint_date_n', "Date", "05/03/1967", "Date de naissance"),
            V('conjoint_secu', "", "275243813453", "N° sécurité sociale"),
            ]),
    Section('children', "Enfants", [
            V('enfant_nom', "Majuscules", "DUPONT", "Nom"),
            V('enfant_prenom', "", "Marie", "Prénom"),
            V('enfant_date_n', "Date", "05/03/1967", "Date de naissance"),
            V('enfant_secu', "", "275243813453", "N° sécurité sociale"),
            ], count=10, loop='enfants',
        note="Un indice par enfant : %1, %2, %3... jusqu'à 10 enfants."),
    Section('animals', "Animal", [
            V('animal_type', "", "Chien", "Type"),
            V('animal_nom', "", "", "Nom"),
            V('animal_date_n', "Date", "", "Date de naissance"),
            V('animal_race1', "", "", "Race 1"),
            V('animal_race2', "", "", "Race 2"),
            V('animal_race_type', "CROISE/PURE", "", "Type de race"),
            V('animal_lof', "OUI/NON", "", "Livre des origines français"),
            ], count=10, loop='animaux',
        note="Un indice par animal : %1, %2, %3... jusqu'à 10 animaux."),
    Section('properties', "Habitation", [
            V('habitation_situation_occupant', "", "Propriétaire",
                "Situation de l'occupant"),
            V('habitation_type', "", "Maison", "Type"),
            V('habitation_etat', "", "En construction", "État"),
            V('habitation_situation_habitation', "", "Résidence principale",
                "Situation de l'habitation"),
            V('habitation_adresse', "", "", "Adresse"),
            V('habitation_cp', "", "", "Code postal"),
            V('habitation_ville', "Majuscules", "", "Ville"),
            V('habitation_surface', "Nombre", "120", "Surface"),
            V('habitation_nb_pieces', "", "", "Nombre de pièces principales"),
            V('habitation_dependances', "", "", "Dépendances"),
            V('habitation_valeur_bien', "Euros", "200 000,00 €",
                "Valeur du bien immobilier"),
            V('habitation_equipement_protection', "", "",
                "Équipements de protection"),
            ], count=10, loop='habitations',
        note="Un indice par habitation : %1, %2, %3... "
        "jusqu'à 10 habitations."),
    Section('vehicles', "Auto", [
            V('auto_marque', "Majuscules", "", "Marque"),
            V('auto_modele', "", "", "Modèle"),
            V('auto_immat', "", "", "Immatriculation"),
            V('auto_date_circulation', "Date", "",
                "Date de première mise en circulation"),
            V('auto_date_permis', "Date", "", "Date du permis"),
            V('auto_km', "", "", "Kilométrage annuel"),
            V('auto_stationnement', "", "", "Stationnement"),
            V('auto_puis_fisc', "", "", "Puissance fiscale"),
            ], count=10, loop='autos',
        note="Un indice par auto : %1, %2, %3... jusqu'à 10 autos."),
    Section('loans', "Prêt", [
            V('pret_type', "", "", "Type de prêt"),
            V('pret_montant', "Euro", "1 200,00 €", "Montant"),
            V('pret_taux', "Pourcentage", "2,35 %", "Taux d'intérêt"),
            V('pret_duree', "", "240 mois", "Durée"),
            ], count=3, style='_', loop='prets',
        note="Un indice par prêt : _1, _2 et _3 (jusqu'à 3 prêts)."),
    Section('decennial', "Décennale", [
            V('decennale_activite', "", "", "Activité"),
            V('decennale_activite_num', "", "", "Numéro d'activité"),
            V('decennale_activite_classe', "", "", "Classe d'activité"),
            V('decennale_pourcent', "Pourcentage", "",
                "Pourcentage d'activité"),
            V('decennale_description', "", "", "Description"),
            V('decennale_exclusion', "", "", "Exclusion"),
            V('decennale_effectif_chantier', "", "", "Personnes sur chantier",
                _PLAIN),
            V('decennale_actu_assure', "Oui/Non", "", "Actuellement assuré",
                _PLAIN),
            V('decennale_compagnie', "", "", "Compagnie", _PLAIN),
            V('decennale_nb_sinistre', "", "", "Nombre de sinistres", _PLAIN),
            V('decennale_mt_sinistre', "Euro", "", "Montant des sinistres",
                _PLAIN),
            V('decennale_has_contract', "Oui/Non", "", "Contrat en cours",
                _PLAIN),
            V('decennale_insured', "Oui/Non", "", "Déjà assuré", _PLAIN),
            V('decennale_insure_24', "Oui/Non", "",
                "Déjà assuré 24 derniers mois", _PLAIN),
            V('decennale_resi_24', "Oui/Non", "",
                "Résilié pour non paiement 24 derniers mois", _PLAIN),
            V('decennale_reprise', "Oui/Non", "", "Reprise du passé", _PLAIN),
            V('decennale_rj', "Oui/Non", "", "Redressement judiciaire",
                _PLAIN),
            V('decennale_motif_resi', "", "", "Motif de résiliation", _PLAIN),
            ], count=12, style='_', loop='decennale_activites',
        note="Un indice par activité : _1, _2, _3... jusqu'à 12 activités."),
    Section('construction', "Dommage ouvrage", [
            V('dommage_ouvrage_nature_travaux', "", "", "Nature des travaux"),
            V('dommage_ouvrage_adresse', "", "", "Adresse"),
            V('dommage_ouvrage_ville', "Majuscules", "", "Ville"),
            V('dommage_ouvrage_date_chantier', "Date", "",
                "Date de début du chantier"),
            V('dommage_ouvrage_montant_ttc', "Euro", "",
                "Montant de la construction TTC"),
            V('dommage_ouvrage_architecte', "Oui/Non", "", "Architecte"),
            V('dommage_ouvrage_architecte_mission', "", "",
                "Mission de l'architecte"),
            V('dommage_ouvrage_maitre_oeuvre', "Oui/Non", "",
                "Maître d'œuvre"),
            V('dommage_ouvrage_maitre_oeuvre_mission', "", "",
                "Mission du Maître d'œuvre"),
            V('dommage_ouvrage_bureau_etude', "Oui/Non", "", "Bureau d'étude"),
            V('dommage_ouvrage_controle_technique', "Oui/Non", "",
                "Contrôle technique"),
            V('dommage_ouvrage_etude_sol', "Oui/Non", "", "Etude de sol"),
            V('dommage_ouvrage_pente_terrain', "Pourcentage", "",
                "% de pente du terrain"),
            V('dommage_ouvrage_distance_mer', "", "", "Distance mer"),
            V('dommage_ouvrage_destination', "", "",
                "Destination de la construction"),
            V('dommage_ouvrage_nb_batiment', "", "", "Nombre de bâtiments"),
            V('dommage_ouvrage_nb_niveaux', "", "", "Nombre de niveaux"),
            V('dommage_ouvrage_type_1er_bat', "", "",
                "Type du 1er bâtiment"),
            V('dommage_ouvrage_nb_logement', "", "", "Nombre de logements"),
            V('dommage_ouvrage_surface', "", "",
                "Surface de plancher en m²"),
            V('dommage_ouvrage_g_do', "Oui/Non", "",
                "Garantie Dommages Ouvrages"),
            V('dommage_ouvrage_g_clos_couvert', "Oui/Non", "",
                "Garantie uniquement pour le clos et le couvert"),
            V('dommage_ouvrage_g_equipement', "Oui/Non", "",
                "Garantie de bon fonctionnement des éléments d'équipement"),
            V('dommage_ouvrage_g_decennale', "Oui/Non", "",
                "Garantie décennale des Constructeurs Non Réalisateurs"),
            V('dommage_ouvrage_g_existant', "Oui/Non", "",
                "Garantie Dommages sur existants"),
            V('dommage_ouvrage_g_tous_risque', "Oui/Non", "",
                "Garantie Tous Risques Chantier"),
            V('dommage_ouvrage_g_rcmo', "Oui/Non", "",
                "Garantie Responsabilité Civile du Maître d'ouvrage"),
            ], count=8, loop='dommages_ouvrage',
        note="Un indice par dommage ouvrage : %1, %2, %3... "
        "jusqu'à 8 dommages ouvrage."),
    Section('contract', "Contrat", [
            V('contrat_type', "", "Emprunteur", "Type de contrat"),
            V('contrat_dossier', "", "", "Référence de dossier"),
            V('contrat_date_effet', "Date", "12/08/2020", "Date d'effet"),
            V('contrat_date_fin', "Date", "12/08/2020", "Date de fin"),
            V('contrat_date_adhesion', "Date", "12/08/2020",
                "Date d'adhésion"),
            V('contrat_date_echeance', "Date", "12/08/2020",
                "Date d'échéance"),
            V('contrat_formule', "", "", "Formule"),
            V('contrat_produit', "", "", "Produit"),
            V('contrat_compagnie', "", "", "Compagnie"),
            V('contrat_fractionnement', "", "", "Mode de fractionnement"),
            V('contrat_fractionnement_vlp', "", "",
                "Mode d'encaissement"),
            V('contrat_frais', "Euro", "", "Montant des frais"),
            V('contrat_etat', "", "", "État"),
            V('contrat_an', "Pourcentage", "", "Commission AN"),
            V('contrat_com_an_comp', "Pourcentage", "",
                "Commission compagnie AN"),
            V('contrat_ra', "Pourcentage", "", "Commission R"),
            V('contrat_com_ra_comp', "Pourcentage", "",
                "Commission compagnie R"),
            V('contrat_prime_anuelle_ht', "Euro", "", "Prime annuelle HT"),
            V('contrat_prime_anuelle_ttc', "Euro", "", "Prime annuelle TTC"),
            V('contrat_prime_anuelle_ttc_lettres', "Texte", "",
                "Prime annuelle TTC en toutes lettres"),
            V('contrat_motif_chute', "", "", "Motif de chute"),
            V('contrat_date_chute', "Date", "", "Date de chute"),
            V('contrat_montant_pret', "Euro", "", "Montant du prêt"),
            V('contrat_duree_pret', "", "", "Durée du prêt"),
            V('contrat_garanties', "", "", "Garanties"),
            V('contrat_banque', "", "", "Banque"),
            V('contrat_taux_assurance', "Pourcentage", "",
                "Taux d'assurance"),
            V('contrat_taux_interet', "Pourcentage", "", "Taux d'intérêt"),
            V('contrat_type_produit', "", "", "Type produit"),
            V('contrat_is_controle_doc', "Oui/Non", "", "Contrôle document"),
            V('contrat_is_concurrence', "Oui/Non", "",
                "Contrat à la concurrence"),
            V('contrat_is_quittance_auto', "Oui/Non", "",
                "Quittancement automatique"),
            V('contrat_bonus', "Coefficient", "", "Bonus"),
            V('contrat_indice', "Pourcentage", "", "Indice"),
            ], loop='contrats',
        note="Les contrats du client forment aussi la liste « contrats » "
        "pour une ligne de tableau par contrat."),
    Section('project', "Projet", [
            V('projet_titre', "", "", "Titre"),
            V('projet_description', "", "", "Description"),
            V('projet_date_butoir', "Date", "", "Date butoir"),
            V('projet_type', "", "", "Type"),
            V('projet_typologie', "", "", "Typologie"),
            V('projet_date_creation', "Date", "", "Date de création"),
            V('projet_compagnie', "", "", "Compagnie"),
            V('projet_prioritaire', "Oui/Non", "", "Prioritaire"),
            V('projet_produit', "", "", "Produit"),
            V('projet_date_effet', "Date", "", "Date d'effet"),
            V('projet_date_adhesion', "Date", "", "Date d'adhésion"),
            V('projet_reference', "", "", "Référence"),
            ]),
    Section('studies', "Étude", [
            V('etude_compagnie', "", "", "Compagnie"),
            V('etude_franchise', "Euro", "", "Franchise"),
            V('etude_taux', "Pourcentage", "", "Taux d'intérêts"),
            V('etude_prime_a', "Euro", "", "Prime annuelle"),
            V('etude_prime_m', "Euro", "", "Prime mensuelle"),
            V('etude_prime_s', "Euro", "", "Prime semestrielle"),
            V('etude_prime_t', "Euro", "", "Prime trimestrielle"),
            V('etude_duree', "Texte", "", "Durée"),
            V('etude_frais', "Euro", "", "Frais"),
            V('etude_options', "", "", "Options"),
            V('etude_produit', "", "", "Produit"),
            ], count=10, loop='etudes',
        note="Études liées au projet, un indice par étude : %1, %2, %3... "
        "jusqu'à 10 études."),
    Section('claim', "Sinistre", [
            V('sinistre_numero', "", "", "Numéro du sinistre"),
            V('sinistre_ref_compagnie', "", "",
                "Référence du sinistre chez la compagnie"),
            V('sinistre_type', "", "", "Type de sinistre"),
            V('sinistre_etat', "", "", "État"),
            V('sinistre_date_survenance', "Date", "", "Date de survenance"),
            V('sinistre_date_declaration', "Date", "",
                "Date de déclaration"),
            V('sinistre_expert', "", "", "Expert"),
            ]),
    ]
del V

SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}


def guide_names():
    "Every variable as the guide writes it (enfant_nom%1, pret_type_1...)"
    return {n for s in SECTIONS for v in s.variables for n in s.guide_names(v)}


def identifiers():
    "Every name a template may use: variables and lists"
    names = {n for s in SECTIONS for v in s.variables
        for n in s.identifiers(v)}
    names |= {s.loop for s in SECTIONS if s.loop}
    return names


def empty_context():
    "A context where every variable is empty and every list has no item"
    context = {n: '' for s in SECTIONS for v in s.variables
        for n in s.identifiers(v)}
    context.update({s.loop: [] for s in SECTIONS if s.loop})
    return context


def add_items(context, key, items):
    """Fill the indexed variables and the list of section key from items,
    a list of dictionaries keyed by the variables' names"""
    section = SECTIONS_BY_KEY[key]
    names = [v.name for v in section.variables if v.indexed]
    for i, item in enumerate(items[:section.count], 1):
        for name in names:
            context['%s_%d' % (name, i)] = item.get(name, '')
    if section.loop:
        context[section.loop] = [
            {n: item.get(n, '') for n in names} for item in items]

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pyson import Eval

from .exceptions import InvalidPlate

VEHICLE_KINDS = ['vehicle', 'motorbike', 'moped']
# SIV (since 2009): AA-123-AA; the letters I, O and U are not used and the
# number 000 is not issued.
SIV_PATTERN = re.compile(
    r'^([A-HJ-NP-TV-Z]{2})[- ]?(\d{3})[- ]?([A-HJ-NP-TV-Z]{2})$')
# FNI (before 2009): 1 to 4 digits, 1 to 3 letters, the department.
FNI_PATTERN = re.compile(
    r'^(\d{1,4}) ?([A-Z]{1,3}) ?(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$')


def normalize_plate(plate):
    """Return the plate in its official form or None if it is not valid

    SIV plates are written AA-123-AA and FNI plates 1234 AB 69."""
    plate = ' '.join((plate or '').upper().split())
    match = SIV_PATTERN.match(plate)
    if match and match.group(2) != '000':
        return '-'.join(match.groups())
    match = FNI_PATTERN.match(plate)
    if match:
        return ' '.join(match.groups())
    return None


def _kind_states(*kinds):
    return {
        'invisible': ~Eval('kind').in_(list(kinds)),
        }


class Asset(DeactivableMixin, ModelSQL, ModelView):
    "Insured Asset"
    __name__ = 'insurance.asset'
    kind = fields.Selection([
            ('vehicle', "Car"),
            ('motorbike', "Motorbike"),
            ('moped', "Moped"),
            ('property', "Property"),
            ('animal', "Animal"),
            ('construction', "Construction Work"),
            ('loan', "Loan"),
            ], "Kind", required=True, sort=False,
        help="The kind of asset, which decides the details to fill.")
    kind_string = kind.translated('kind')
    owner = fields.Many2One(
        'party.party', "Owner", required=True, ondelete='CASCADE',
        help="The client the asset belongs to.")
    description = fields.Char(
        "Description",
        help="A free label; the name is computed from the details "
        "when left empty.")
    notes = fields.Text("Notes")
    policies = fields.Many2Many(
        'insurance.policy-insurance.asset', 'asset', 'policy', "Contracts",
        readonly=True, help="The contracts covering the asset.")

    # Vehicles
    make = fields.Char(
        "Make", states=_kind_states(*VEHICLE_KINDS),
        help="The manufacturer of the vehicle.")
    model = fields.Char("Model", states=_kind_states(*VEHICLE_KINDS))
    version = fields.Char("Version", states=_kind_states(*VEHICLE_KINDS))
    registration = fields.Char(
        "Registration Plate", strip=True,
        states=_kind_states(*VEHICLE_KINDS),
        help="The French plate: AA-123-AA (SIV) or 1234 AB 69 (FNI).")
    first_registration_date = fields.Date(
        "First Registration Date", states=_kind_states(*VEHICLE_KINDS),
        help="The date of first entry into service (carte grise, B).")
    purchase_date = fields.Date(
        "Purchase Date", states=_kind_states(*VEHICLE_KINDS))
    fiscal_power = fields.Integer(
        "Fiscal Power", states=_kind_states(*VEHICLE_KINDS),
        domain=['OR',
            ('fiscal_power', '=', None),
            ('fiscal_power', '>', 0),
            ],
        help="In fiscal horsepower (CV).")
    usage = fields.Selection([
            (None, ""),
            ('private', "Private"),
            ('commute', "Private and Commuting"),
            ('business', "Business Trips"),
            ('professional', "Professional"),
            ], "Usage", states=_kind_states(*VEHICLE_KINDS),
        help="How the vehicle is used.")
    mileage = fields.Integer(
        "Annual Mileage", states=_kind_states(*VEHICLE_KINDS),
        domain=['OR',
            ('mileage', '=', None),
            ('mileage', '>=', 0),
            ],
        help="The kilometres driven per year.")
    parking = fields.Selection([
            (None, ""),
            ('street', "Street"),
            ('car_park', "Private Car Park"),
            ('garage', "Closed Garage"),
            ], "Parking", states=_kind_states(*VEHICLE_KINDS),
        help="Where the vehicle is parked at night.")
    driving_license_date = fields.Date(
        "Driving Licence Date", states=_kind_states(*VEHICLE_KINDS),
        help="When the main driver obtained the licence.")

    # Properties and construction sites
    street = fields.Char(
        "Street", states=_kind_states('property', 'construction'))
    postal_code = fields.Char(
        "Postal Code", states=_kind_states('property', 'construction'))
    city = fields.Char(
        "City", states=_kind_states('property', 'construction'))
    property_type = fields.Selection([
            (None, ""),
            ('house', "House"),
            ('apartment', "Apartment"),
            ('other', "Other"),
            ], "Property Type", states=_kind_states('property'))
    property_condition = fields.Selection([
            (None, ""),
            ('built', "Built"),
            ('under_construction', "Under Construction"),
            ('renovation', "Under Renovation"),
            ], "Condition", states=_kind_states('property'))
    occupancy = fields.Selection([
            (None, ""),
            ('owner', "Owner-Occupier"),
            ('tenant', "Tenant"),
            ('landlord', "Non-Occupying Owner"),
            ('free', "Free Occupant"),
            ], "Occupancy", states=_kind_states('property'),
        help="The situation of the occupant.")
    residence = fields.Selection([
            (None, ""),
            ('main', "Main Residence"),
            ('secondary', "Secondary Residence"),
            ('rental', "Rental Investment"),
            ], "Residence", states=_kind_states('property'))
    surface = fields.Numeric(
        "Surface", digits=(16, 2), states=_kind_states('property'),
        domain=['OR', ('surface', '=', None), ('surface', '>', 0)],
        help="The living area in square metres.")
    rooms = fields.Integer(
        "Main Rooms", states=_kind_states('property'),
        domain=['OR', ('rooms', '=', None), ('rooms', '>', 0)])
    outbuildings = fields.Char(
        "Outbuildings", states=_kind_states('property'))
    property_value = fields.Numeric(
        "Property Value", digits=(16, 2), states=_kind_states('property'),
        domain=['OR',
            ('property_value', '=', None),
            ('property_value', '>=', 0),
            ],
        help="The value of the property in euros.")
    protection = fields.Char(
        "Protection Equipment", states=_kind_states('property'),
        help="Alarm, armoured door, shutters...")

    # Animals
    species = fields.Selection([
            (None, ""),
            ('dog', "Dog"),
            ('cat', "Cat"),
            ('horse', "Horse"),
            ('other', "Other"),
            ], "Species", states=_kind_states('animal'))
    breed = fields.Char("Breed", states=_kind_states('animal'))
    second_breed = fields.Char(
        "Second Breed", states=_kind_states('animal'),
        help="The other breed of a crossbred animal.")
    breed_type = fields.Selection([
            (None, ""),
            ('pure', "Purebred"),
            ('cross', "Crossbred"),
            ], "Breed Type", states=_kind_states('animal'))
    animal_name = fields.Char("Animal Name", states=_kind_states('animal'))
    birth_date = fields.Date("Birth Date", states=_kind_states('animal'))
    identification = fields.Char(
        "Identification", states=_kind_states('animal'),
        help="The microchip or tattoo number.")
    pedigree = fields.Boolean(
        "LOF", states=_kind_states('animal'),
        help="Registered in the French pedigree book "
        "(Livre des Origines Français).")

    # Construction work (dommage ouvrage)
    nature_of_works = fields.Char(
        "Nature of Works", states=_kind_states('construction'))
    opening_date = fields.Date(
        "Site Opening Date", states=_kind_states('construction'),
        help="When the construction work starts.")
    construction_cost = fields.Numeric(
        "Construction Cost", digits=(16, 2),
        states=_kind_states('construction'),
        domain=['OR',
            ('construction_cost', '=', None),
            ('construction_cost', '>=', 0),
            ],
        help="The total cost of the work including tax.")
    destination = fields.Char(
        "Destination", states=_kind_states('construction'),
        help="What the building will be used for.")
    building_count = fields.Integer(
        "Buildings", states=_kind_states('construction'))
    floor_count = fields.Integer(
        "Levels", states=_kind_states('construction'))
    dwelling_count = fields.Integer(
        "Dwellings", states=_kind_states('construction'))
    floor_area = fields.Numeric(
        "Floor Area", digits=(16, 2), states=_kind_states('construction'),
        help="The floor area in square metres.")
    architect = fields.Boolean(
        "Architect", states=_kind_states('construction'))
    architect_mission = fields.Char(
        "Architect Mission", states={
            'invisible': (Eval('kind') != 'construction')
            | ~Eval('architect'),
            })
    project_manager = fields.Boolean(
        "Project Manager", states=_kind_states('construction'),
        help="A maître d'œuvre follows the work.")
    project_manager_mission = fields.Char(
        "Project Manager Mission", states={
            'invisible': (Eval('kind') != 'construction')
            | ~Eval('project_manager'),
            })
    design_office = fields.Boolean(
        "Design Office", states=_kind_states('construction'))
    technical_control = fields.Boolean(
        "Technical Control", states=_kind_states('construction'))
    soil_study = fields.Boolean(
        "Soil Study", states=_kind_states('construction'))
    slope = fields.Numeric(
        "Ground Slope", digits=(16, 2), states=_kind_states('construction'),
        help="The slope of the ground in percent.")
    sea_distance = fields.Integer(
        "Distance to the Sea", states=_kind_states('construction'),
        help="In metres.")

    # Loans
    lender = fields.Char(
        "Lender", states=_kind_states('loan'),
        help="The bank granting the loan.")
    loan_type = fields.Selection([
            (None, ""),
            ('mortgage', "Mortgage"),
            ('consumer', "Consumer Credit"),
            ('professional', "Professional Loan"),
            ('bridging', "Bridging Loan"),
            ('zero_rate', "Zero-Rate Loan (PTZ)"),
            ], "Loan Type", states=_kind_states('loan'))
    loan_amount = fields.Numeric(
        "Loan Amount", digits=(16, 2), states=_kind_states('loan'),
        domain=['OR',
            ('loan_amount', '=', None),
            ('loan_amount', '>', 0),
            ])
    loan_rate = fields.Numeric(
        "Interest Rate", digits=(16, 4), states=_kind_states('loan'),
        domain=['OR',
            ('loan_rate', '=', None),
            ('loan_rate', '>=', 0),
            ],
        help="The yearly interest rate in percent.")
    loan_duration = fields.Integer(
        "Duration", states=_kind_states('loan'),
        domain=['OR',
            ('loan_duration', '=', None),
            ('loan_duration', '>', 0),
            ],
        help="The duration of the loan in months.")
    loan_start_date = fields.Date(
        "Loan Start Date", states=_kind_states('loan'))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('owner', 'ASC'))
        cls._order.insert(1, ('kind', 'ASC'))

    @classmethod
    def default_kind(cls):
        return 'vehicle'

    def get_rec_name(self, name):
        if self.description:
            return self.description
        if self.kind in VEHICLE_KINDS:
            parts = [(self.make or '').upper(), self.model or '']
            label = ' '.join(p for p in parts if p)
            if self.registration:
                label = '%s (%s)' % (label, self.registration)
        elif self.kind in {'property', 'construction'}:
            label = ' '.join(
                p for p in [self.street, self.postal_code, self.city] if p)
        elif self.kind == 'animal':
            label = ' '.join(p for p in [self.animal_name, self.breed] if p)
        elif self.kind == 'loan':
            label = ' '.join(
                p for p in [self.lender, str(self.loan_amount or '')] if p)
        else:
            label = ''
        kind = self.kind_string
        return '%s: %s' % (kind, label.strip()) if label.strip() else kind

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('description', operator, operand, *extra),
            ('registration', operator, operand, *extra),
            ('make', operator, operand, *extra),
            ('model', operator, operand, *extra),
            ('animal_name', operator, operand, *extra),
            ('city', operator, operand, *extra),
            ('lender', operator, operand, *extra),
            ]

    @fields.depends('registration')
    def on_change_registration(self):
        plate = normalize_plate(self.registration)
        if plate:
            self.registration = plate

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('registration'):
            plate = normalize_plate(values['registration'])
            if plate:
                values['registration'] = plate
        return values

    @classmethod
    def validate_fields(cls, assets, field_names):
        super().validate_fields(assets, field_names)
        if field_names and 'registration' not in field_names:
            return
        for asset in assets:
            if (asset.registration
                    and normalize_plate(asset.registration)
                    != asset.registration):
                raise InvalidPlate(gettext(
                        'insurance_policy.msg_invalid_plate',
                        plate=asset.registration))

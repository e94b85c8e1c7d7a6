# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import re

from stdnum.fr import siren as stdnum_siren

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Eval, Id

from .exceptions import InvalidColor, InvalidORIAS, InvalidSIREN

COLOR_PATTERN = re.compile(r'^#[0-9a-fA-F]{6}$')
ORIAS_PATTERN = re.compile(r'^[0-9]{8}$')

client_reference_sequence = fields.Many2One(
    'ir.sequence', "Client Reference Sequence", required=True,
    domain=[
        ('company', 'in',
            [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=',
            Id('insurance', 'sequence_type_client_reference')),
        ],
    help="Used to number client files.")


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Insurance Configuration"
    __name__ = 'insurance.configuration'

    legal_name = fields.Char(
        "Legal Name", help="The registered name of the brokerage firm.")
    orias_number = fields.Char(
        "ORIAS Number", size=8, strip=True,
        help="The 8-digit registration number at the ORIAS "
        "(intermediaries register).")
    siren = fields.Char(
        "SIREN", strip=True, help="The 9-digit SIREN number of the firm.")
    legal_mentions = fields.Text(
        "Legal Mentions",
        help="Printed at the bottom of quotes, letters and invoices.")
    logo = fields.Binary("Logo", help="Shown on documents and the extranet.")
    primary_color = fields.Char(
        "Primary Color", size=7, strip=True,
        help="Brand colour as hexadecimal code, e.g. #1F4E79.")
    secondary_color = fields.Char(
        "Secondary Color", size=7, strip=True,
        help="Second brand colour as hexadecimal code, e.g. #F2A900.")
    client_reference_sequence = fields.MultiValue(client_reference_sequence)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'client_reference_sequence':
            return pool.get('insurance.configuration.sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_client_reference_sequence(cls, **pattern):
        return cls.multivalue_model(
            'client_reference_sequence').default_client_reference_sequence()

    @classmethod
    def validate_fields(cls, configurations, field_names):
        super().validate_fields(configurations, field_names)
        for configuration in configurations:
            configuration.check_orias(field_names)
            configuration.check_siren(field_names)
            configuration.check_colors(field_names)

    def check_orias(self, field_names=None):
        if field_names and 'orias_number' not in field_names:
            return
        if (self.orias_number
                and not ORIAS_PATTERN.match(self.orias_number)):
            raise InvalidORIAS(gettext(
                    'insurance.msg_invalid_orias', number=self.orias_number))

    def check_siren(self, field_names=None):
        if field_names and 'siren' not in field_names:
            return
        if self.siren and not stdnum_siren.is_valid(self.siren):
            raise InvalidSIREN(gettext(
                    'insurance.msg_invalid_siren', number=self.siren))

    def check_colors(self, field_names=None):
        for name in ['primary_color', 'secondary_color']:
            if field_names and name not in field_names:
                continue
            value = getattr(self, name)
            if value and not COLOR_PATTERN.match(value):
                raise InvalidColor(gettext(
                        'insurance.msg_invalid_color', color=value,
                        field=self.__names__(name)['field']))


class ConfigurationSequence(ModelSQL, CompanyValueMixin):
    "Insurance Configuration Sequence"
    __name__ = 'insurance.configuration.sequence'
    client_reference_sequence = client_reference_sequence

    @classmethod
    def default_client_reference_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'insurance', 'sequence_client_reference')
        except KeyError:
            return None

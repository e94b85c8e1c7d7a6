# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Eval, Id

claim_sequence = fields.Many2One(
    'ir.sequence', "Claim Sequence", required=True,
    domain=[
        ('company', 'in',
            [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=', Id('insurance_claim', 'sequence_type_claim')),
        ],
    help="Used to give claims their internal number.")


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Claim Configuration"
    __name__ = 'insurance.claim.configuration'
    claim_sequence = fields.MultiValue(claim_sequence)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'claim_sequence':
            return pool.get('insurance.claim.configuration.sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_claim_sequence(cls, **pattern):
        return cls.multivalue_model(
            'claim_sequence').default_claim_sequence()


class ConfigurationSequence(ModelSQL, CompanyValueMixin):
    "Claim Configuration Sequence"
    __name__ = 'insurance.claim.configuration.sequence'
    claim_sequence = claim_sequence

    @classmethod
    def default_claim_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('insurance_claim', 'sequence_claim')
        except KeyError:
            return None

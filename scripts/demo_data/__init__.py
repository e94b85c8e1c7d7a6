"""Demo data generators, one file per Courtage module.

Each generator is a `generate(context)` function driving proteus. A module
adds its own file here and one line to GENERATORS, after the modules it
depends on.
"""
import random

from faker import Faker

from . import (
    base, insurance, insurance_claim, insurance_commission,
    insurance_document, insurance_policy, insurance_project,
    insurance_receipt, insurers)

GENERATORS = [
    ('base', base.generate),
    ('insurance', insurance.generate),
    ('insurers', insurers.generate),
    ('insurance_document', insurance_document.generate),
    ('insurance_policy', insurance_policy.generate),
    ('insurance_project', insurance_project.generate),
    ('insurance_receipt', insurance_receipt.generate),
    ('insurance_commission', insurance_commission.generate),
    ('insurance_claim', insurance_claim.generate),
    ]


class DemoContext:
    "What the generators share: seeded randomness and the records made."

    def __init__(self, seed, size):
        self.size = size
        self.random = random.Random(seed)
        self.faker = Faker('fr_FR')
        self.faker.seed_instance(seed)
        self.records = {}

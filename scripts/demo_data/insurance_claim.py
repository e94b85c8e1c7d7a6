"""Demo data of the insurance_claim module."""


def generate(context):
    "Filled in by the module's issue."

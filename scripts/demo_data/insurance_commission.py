"""Demo data of the insurance_commission module."""


def generate(context):
    "Filled in by the module's issue."

"""Demo data of the insurance_project module."""


def generate(context):
    "Filled in by the module's issue."

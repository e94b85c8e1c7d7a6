"""Demo data of the insurance_receipt module."""


def generate(context):
    "Filled in by the module's issue."

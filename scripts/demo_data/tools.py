"""Small helpers shared by the demo generators."""
from pathlib import Path

from proteus import Model
from proteus.config import get_config

# Files of insurers and banks the demo imports and a user can try
SAMPLES = Path(__file__).resolve().parent / 'samples'


def ref(model, module, xml_id):
    "The record a module's XML data declares, e.g. ref('res.group', ...)."
    ModelData = Model.get('ir.model.data')
    return Model.get(model)(
        ModelData.get_id(module, xml_id, get_config().context))


def search_read(model, domain, fields, order=None):
    """Rows (dicts) of the records matching domain, read in one request;
    a dotted field ('policy.reference') comes as row['policy.']['reference'].
    Much faster than reading proteus records one by one in a loop."""
    config = get_config()
    return config.get_proxy(model).search_read(
        domain, 0, None, order, fields, config.context)

"""Small helpers shared by the demo generators."""
from proteus import Model
from proteus.config import get_config


def ref(model, module, xml_id):
    "The record a module's XML data declares, e.g. ref('res.group', ...)."
    ModelData = Model.get('ir.model.data')
    return Model.get(model)(
        ModelData.get_id(module, xml_id, get_config().context))

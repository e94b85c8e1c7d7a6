"""Every list and form of the back office is one sao can draw.

sao builds each field of a view with the widget class its type (or its
`widget` attribute) names in a table of its own; a type missing from the
table stops the whole view with "ColumnFactory is not a constructor" and the
tab stays on "Traitement en cours". sao 8.0 lists, for instance, have no
widget for timestamps (create_date) nor date-times. The tables are read from
the sao the server serves, so a new sao release updates the check.
"""
import re
from pathlib import Path

from lxml import etree

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, activate_module, drop_db
from trytond.transaction import Transaction

ROOT = Path(__file__).resolve().parent.parent
SAO = ROOT / 'node_modules' / 'tryton-sao' / 'dist' / 'tryton-sao.js'
ADDONS = sorted(p.parent.name for p in (ROOT / 'addons').glob('*/tryton.cfg'))


def sao_widgets(table):
    "The widget names of one of sao's tables (e.g. 'Sao.View.Tree...')."
    source = SAO.read_text()
    match = re.search(
        re.escape(table) + r'\s*=\s*\{(.*?)\};', source, re.DOTALL)
    assert match, f"{table} not found in {SAO}"
    return set(re.findall(r"'([a-z0-9_]+)'\s*:", match.group(1)))


def view_faults(widgets):
    "(view, field, widget) of every field of a Courtage view sao cannot draw."
    pool = Pool()
    View = pool.get('ir.ui.view')
    ModelData = pool.get('ir.model.data')
    # Views of the Courtage modules and the standard views they extend
    data = ModelData.search([
            ('module', 'in', ADDONS),
            ('model', '=', 'ir.ui.view'),
            ])
    views = View.browse([d.db_id for d in data])
    roots = {v.inherit or v for v in views if v.type in {'tree', 'form'}
        or (v.inherit and v.inherit.type in {'tree', 'form'})}
    faults = []
    for view in sorted(roots, key=lambda v: v.id):
        Model = pool.get(view.model)
        result = Model.fields_view_get(view.id)
        arch = etree.fromstring(result['arch'])
        kind = result['type']
        if kind == 'tree' and arch.get('editable'):
            kind = 'editable'
        name = ModelData.search([
                ('model', '=', 'ir.ui.view'), ('db_id', '=', view.id)],
            limit=1)
        label = (f'{name[0].module}.{name[0].fs_id}' if name
            else f'{view.model} #{view.id}')
        for node in arch.iter('field'):
            field = result['fields'].get(node.get('name'))
            if field is None:
                continue
            widget = node.get('widget') or field['type']
            if widget not in widgets[kind]:
                faults.append((label, node.get('name'), widget))
    return faults


def test_sao_draws_every_view():
    form = sao_widgets('Sao.View.FormXMLViewParser.WIDGETS')
    tree = sao_widgets('Sao.View.TreeXMLViewParser.WIDGETS')
    editable = tree & sao_widgets('Sao.View.EditableTree.WIDGETS')
    drop_db()
    activate_module(ADDONS)
    try:
        with Transaction().start(DB_NAME, 0, readonly=True):
            faults = view_faults(
                {'form': form, 'tree': tree, 'editable': editable})
    finally:
        drop_db()
    assert not faults, "fields sao cannot draw:\n" + '\n'.join(
        f"  {view}: {field} ({widget})" for view, field, widget in faults)

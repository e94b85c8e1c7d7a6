# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pyson import PYSONEncoder


def open_records(action, records):
    """Return the window action showing records a wizard made

    One record opens in its form, several in the list of just them; the
    other views of the action (calendar, graph) are left out."""
    ids = [r.id for r in records]
    views = action.get('views') or []
    forms = [v for v in views if v[1] == 'form']
    lists = [v for v in views if v[1] == 'tree']
    action['res_id'] = ids
    if len(ids) == 1:
        action['views'] = forms + lists
    else:
        action['views'] = lists + forms
        action['pyson_domain'] = PYSONEncoder().encode([('id', 'in', ids)])
        action['domains'] = []
    return action

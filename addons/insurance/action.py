# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, fields
from trytond.pyson import PYSONEncoder
from trytond.wizard import Button, StateView, Wizard


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


class ActionMessage(ModelView):
    "Action Message"
    __name__ = 'insurance.action_message'
    message = fields.Text("Message", readonly=True)


def message_state():
    "Return a wizard state telling the user what the action did"
    return StateView('insurance.action_message',
        'insurance.action_message_view_form', [
            Button("OK", 'end', 'tryton-ok', default=True),
            ])


class ActionMessageWizard(Wizard):
    """Tell the user what an action did

    Subclasses return the message of their action in default_start."""
    start = message_state()

"""Every screen of the back office opens, for every role of the demo.

Each demo role logs in once and opens every entry of the menu the server
gives it (ir.ui.menu as that user sees it, read through sao's own RPC): the
list, then the first record's form, then the first step of each wizard of
that form's actions (wizards whose first step is a dialog; the dialog is
then cancelled, nothing is written). A screen fails on any JavaScript error
in the console, an error dialog, a warning on opening a list or a form, or a
"Traitement en cours" that does not end. All failures of a role are
reported together. The browser runs in French (--lang=fr-FR);
test_locales.py types amounts in French and English browsers.
"""
import json
import os
import subprocess
import sys
import time

import pytest
from selenium.common.exceptions import UnexpectedAlertPresentException
from selenium.webdriver.common.by import By

from .harness import Browser, Sao

ROLES = ['master', 'responsable', 'courtier', 'courtier2']
# Longest wait for a screen; sao shows "Traitement en cours" after 3 s.
SCREEN_TIMEOUT = 45

# Counts sao's requests running (jQuery's global ajax events), but the
# long polling of the bus.
INSTRUMENT = '''
if (!window.__smoke) {
    const running = new Set();
    window.__smoke = {running: running};
    jQuery(document)
        .ajaxSend((event, xhr, settings) => {
            if (!settings.url.endsWith('/bus')) {
                running.add(xhr);
            }
        })
        .ajaxComplete((event, xhr) => running.delete(xhr));
}'''

STATE = '''
const tab = Sao.Tab.tabs.get_current();
const screen = tab && tab.screen;
const view = screen && screen.current_view;
return {
    running: window.__smoke.running.size,
    processing: jQuery('#processing').is(':visible'),
    tabs: Sao.Tab.tabs.length,
    // a board has no screen
    view: view ? view.view_type : (tab && !screen ? 'board' : null),
    records: screen ? screen.group.length : 0,
    // the action offers a form (a report's list may not)
    has_form: screen ? (screen.views.some(v => v.view_type == 'form')
        || screen.view_to_load.includes('form')) : false,
    model: screen ? screen.model_name : null,
    record: screen && screen.current_record ? screen.current_record.id : null,
    wizard: jQuery('.wizard-dialog:visible').length,
    errors: jQuery('.error-dialog:visible .modal-body').map(
        (i, e) => e.innerText).get(),
    warnings: jQuery(
        '.warning-dialog:visible .modal-body, '
        + '.user-warning-dialog:visible .modal-body').map(
        (i, e) => e.innerText).get(),
};'''

# Escape on a wizard's dialog goes to its end state, as Cancel does
CANCEL_WIZARD = '''
jQuery('.wizard-dialog:visible').trigger(
    jQuery.Event('keydown', {which: Sao.common.ESC_KEYCODE}));'''

MENUS = '''
const done = arguments[arguments.length - 1];
Sao.rpc({
    method: 'model.ir.ui.menu.search_read',
    params: [[], 0, null, [['id', 'ASC']],
        ['id', 'complete_name', 'action'],
        Sao.Session.current_session.context],
}, Sao.Session.current_session).then(
    // reports and URLs do not open a screen
    menus => done(JSON.stringify(menus.filter(m => m.action && (
                m.action.startsWith('ir.action.act_window,')
                || m.action.startsWith('ir.action.wizard,'))))),
    error => done(JSON.stringify({error: String(error)})));'''

TOOLBAR = '''
const done = arguments[arguments.length - 1];
Sao.rpc({
    method: 'model.' + arguments[0] + '.view_toolbar_get',
    params: [Sao.Session.current_session.context],
}, Sao.Session.current_session).then(
    toolbar => done(JSON.stringify(toolbar.action || [])),
    error => done(JSON.stringify([])));'''

WIZARD_STARTS = '''
import json, sys
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import StateView
database = sys.argv[1]
pool = Pool(database)
pool.init()
with Transaction().start(database, 0, readonly=True):
    print(json.dumps({name: isinstance(
                Wizard.states[Wizard.start_state], StateView)
            for name, Wizard in pool.iterobject(type='wizard')}))
'''


def wizard_starts(server):
    "For every wizard of the server, whether its first step is a dialog."
    result = subprocess.run(
        [sys.executable, '-c', WIZARD_STARTS, server.database],
        env=server.env, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.splitlines()[-1])


class Smoke:
    "Open the screens of one logged-in user and note what goes wrong."

    def __init__(self, sao, dialog_starts):
        self.sao = sao
        self.driver = sao.browser.driver
        self.dialog_starts = dialog_starts
        self.failures = []
        self.alerts = []
        self.user_errors = []
        self.opened = 0

    def js(self, script, *args):
        try:
            return self.driver.execute_script(script, *args)
        except UnexpectedAlertPresentException as alert:
            # chromedriver dismissed it ("Pas d'action définie.")
            self.alerts.append(alert.alert_text)
            return self.driver.execute_script(script, *args)

    def state(self):
        return self.js(STATE)

    def settle(self, ready, timeout=SCREEN_TIMEOUT):
        """Wait until no request runs and ready(state) holds; return the
        state, or None if the screen never got there."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            state = self.state()
            if state['errors'] or state['warnings'] or self.alerts:
                return state
            if state['running'] == 0 and not state['processing'] and (
                    ready(state)):
                # sao chains requests: idle twice in a row
                if quiet_since and time.monotonic() - quiet_since > 0.3:
                    return state
                quiet_since = quiet_since or time.monotonic()
            else:
                quiet_since = None
            time.sleep(0.1)
        return None

    def check(self, where, state, warnings_fail=True):
        "Note the failures of a screen; return True if it is sound."
        problems = []
        if state is None:
            problems.append(
                f"still loading after {SCREEN_TIMEOUT} s "
                "(Traitement en cours)")
        else:
            problems += [f"error dialog: {e}" for e in state['errors']]
            if warnings_fail:
                problems += [f"warning: {w}" for w in state['warnings']]
            elif state['warnings']:
                self.user_errors.append((where, state['warnings']))
        problems += [
            f"JavaScript: {e}" for e in self.sao.browser.console_errors()]
        problems += [f"alert: {a}" for a in self.alerts]
        self.alerts.clear()
        if problems:
            self.failures.append((where, problems))
        return not problems

    def reset(self, tabs):
        "Close the dialogs and the tabs opened beyond the first tabs."
        for _ in range(5):
            dialogs = self.driver.find_elements(
                By.CSS_SELECTOR, '.modal:not(.wizard-dialog) .modal-footer '
                'button')
            shown = [b for b in dialogs if b.is_displayed()]
            if not shown:
                break
            shown[0].click()
            time.sleep(0.2)
        self.js(CANCEL_WIZARD)
        self.settle(lambda s: not s['wizard'], timeout=5)
        # a wizard that cannot be cancelled is removed
        self.js("jQuery('.wizard-dialog, .modal-backdrop').remove();"
            "jQuery('body').removeClass('modal-open');")
        while self.state()['tabs'] > tabs:
            self.js('Sao.Tab.tabs.get_current().close();')
            if self.settle(lambda s: True, timeout=10) is None:
                break
            if self.state()['tabs'] > tabs and self.js(
                    "return jQuery('.modal:visible').length"):
                # "Do you want to save?" on a modified record: do not
                self.js("jQuery('.modal:visible .modal-footer button')"
                    ".first().click()")
                self.settle(lambda s: True, timeout=10)
        self.sao.browser.console_errors()

    def open_menu(self, menu):
        where = menu['complete_name']
        tabs = self.state()['tabs']
        self.js('Sao.Action.exec_keyword("tree_open", '
            '{model: "ir.ui.menu", id: arguments[0], ids: [arguments[0]]});',
            menu['id'])
        state = self.settle(
            lambda s: s['wizard'] or (s['tabs'] > tabs and s['view']))
        self.opened += 1
        is_wizard = state is not None and state['wizard']
        if self.check(where, state, warnings_fail=not is_wizard):
            if not is_wizard and state['view'] == 'tree' and (
                    state['records'] and state['has_form']):
                self.open_first_record(where, state)
        self.reset(tabs)

    def open_first_record(self, where, state):
        where = f"{where} › {state['model']} form"
        self.js('const screen = Sao.Tab.tabs.get_current().screen;'
            'screen.current_record = screen.group[0];'
            'screen.switch_view("form");')
        form = self.settle(lambda s: s['view'] == 'form' and s['record'])
        self.opened += 1
        if not self.check(where, form):
            return
        actions = json.loads(self.driver.execute_async_script(
                TOOLBAR, form['model']))
        for action in actions:
            if action.get('type') != 'ir.action.wizard':
                continue
            key = (form['model'], action['id'])
            if key in self.seen_wizards or not self.dialog_starts.get(
                    action.get('wiz_name')):
                continue
            self.seen_wizards.add(key)
            self.open_wizard(f"{where} › {action['name']}", action, form)

    def open_wizard(self, where, action, form):
        self.js('Sao.Action.execute(arguments[0], {model: arguments[1], '
            'id: arguments[2], ids: [arguments[2]]}, {});',
            action, form['model'], form['record'])
        state = self.settle(lambda s: s['wizard'])
        self.opened += 1
        # A wizard may refuse a record that does not suit it: that is a
        # French message, listed, not a failure.
        self.check(where, state, warnings_fail=False)
        self.js(CANCEL_WIZARD)
        self.settle(lambda s: not s['wizard'], timeout=5)
        for _ in range(5):
            buttons = [b for b in self.driver.find_elements(
                    By.CSS_SELECTOR, '.warning-dialog .modal-footer button, '
                    '.user-warning-dialog .modal-footer button')
                if b.is_displayed()]
            if not buttons:
                break
            buttons[0].click()
            time.sleep(0.2)
        self.js("jQuery('.wizard-dialog, .modal-backdrop').remove();"
            "jQuery('body').removeClass('modal-open');")
        self.sao.browser.console_errors()

    def run(self):
        self.js(INSTRUMENT)
        menus = json.loads(self.driver.execute_async_script(MENUS))
        assert isinstance(menus, list), menus
        self.seen_wizards = set()
        actions = set()
        for menu in menus:
            if menu['action'] in actions:
                continue
            actions.add(menu['action'])
            self.open_menu(menu)
        return menus


@pytest.fixture
def smoke_browser():
    "A browser per role: one login each."
    browser = Browser()
    yield browser
    browser.quit()


@pytest.fixture(scope='module')
def wizards(server):
    return wizard_starts(server)


@pytest.mark.skipif(
    not os.environ.get('COURTAGE_SMOKE'),
    reason="every screen of every role: run by make test-smoke")
@pytest.mark.parametrize('login', ROLES)
def test_every_screen_opens(login, smoke_browser, server, wizards):
    sao = Sao(smoke_browser, server)
    sao.login(login)
    smoke_browser.console_errors()
    smoke = Smoke(sao, wizards)
    menus = smoke.run()
    assert menus, f"{login} sees no menu entry"
    print(f"\n{login}: {len(menus)} menu entries, {smoke.opened} screens")
    for where, messages in smoke.user_errors:
        print(f"  refused: {where}: {' / '.join(messages)}")
    assert not smoke.failures, f"{login}: broken screens:\n" + '\n'.join(
        f"  {where}:\n    " + '\n    '.join(problems)
        for where, problems in smoke.failures)

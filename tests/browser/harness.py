"""A real Courtage server and a headless Chromium to drive it.

`CourtageServer` builds a small demo database with scripts/demo.py on the
backend of the test run (SQLite or PostgreSQL) and serves it with trytond,
sao included, on a free loopback port. `Browser` drives Debian's Chromium
through Debian's chromedriver (no browser download). `Sao` knows the pages
of the back office; portal tests add their own page helpers beside it.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / 'config' / 'trytond.conf'
SAO = ROOT / 'node_modules' / 'tryton-sao'
DEMO_PASSWORD = 'courtage'


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class CourtageServer:
    "trytond serving sao and a fresh demo database."

    def __init__(self, size=20):
        self.size = size
        self.database = f'browser_{uuid.uuid4().hex[:8]}'
        self.port = _free_port()
        self.url = f'http://127.0.0.1:{self.port}/'
        self.workdir = Path(tempfile.mkdtemp(prefix='courtage-browser-'))
        self.env = dict(
            os.environ,
            TRYTOND_DATABASE__PATH=str(self.workdir),
            TRYTOND_WEB__ROOT=str(SAO),
            TRYTOND_WEB__LISTEN=f'127.0.0.1:{self.port}')
        self.process = None

    def start(self):
        subprocess.run([
                sys.executable, str(ROOT / 'scripts' / 'demo.py'),
                '--config', str(CONFIG), '--database', self.database,
                '--size', str(self.size)],
            env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.log = open(self.workdir / 'trytond.log', 'w')
        # E-mail domains are not looked up: the demo's are invented
        self.process = subprocess.Popen([
                sys.executable, str(ROOT / 'scripts' / 'offline_email.py'),
                'trytond', '-c', str(CONFIG)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"trytond stopped: {(self.workdir / 'trytond.log').read_text()}")
            try:
                urllib.request.urlopen(self.url, timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("trytond did not answer in time")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.close()
        self._drop_database()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _drop_database(self):
        if not self.env.get('TRYTOND_DATABASE__URI', '').startswith(
                'postgresql'):
            return
        subprocess.run([
                sys.executable, '-c',
                'from trytond.transaction import Transaction\n'
                'with Transaction().start(None, 0, close=True, '
                'autocommit=True) as t:\n'
                f'    t.database.drop(t.connection, {self.database!r})'],
            env=self.env, check=False)

    def query(self, sql, *params):
        "Rows of a SQL query on the demo database (read only)."
        code = (
            'import json, sys\n'
            'from trytond.transaction import Transaction\n'
            f'with Transaction().start({self.database!r}, 0, '
            'readonly=True) as t:\n'
            '    cursor = t.connection.cursor()\n'
            '    cursor.execute(sys.argv[1], sys.argv[2:])\n'
            '    print(json.dumps(cursor.fetchall(), default=str))')
        if self.env.get('TRYTOND_DATABASE__URI', '').startswith(
                'postgresql'):
            sql = sql.replace('?', '%s')
        result = subprocess.run(
            [sys.executable, '-c', code, sql, *map(str, params)],
            env=self.env, check=True, capture_output=True, text=True)
        return json.loads(result.stdout)


class Browser:
    "Headless Chromium from Debian, driven by chromedriver."

    def __init__(self, lang='fr-FR'):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which('chromium')
        # Keep the console's warnings too: sao's failures inside promises
        # are only warned ("jQuery.Deferred exception: ...").
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.profile = tempfile.mkdtemp(prefix='courtage-chromium-')
        for argument in [
                '--headless', '--no-sandbox', '--disable-gpu',
                '--disable-quic', '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update', '--disable-sync',
                '--disable-dev-shm-usage', '--window-size=1400,900',
                f'--lang={lang}', f'--user-data-dir={self.profile}']:
            options.add_argument(argument)
        service = Service(executable_path=shutil.which('chromedriver'))
        self.driver = webdriver.Chrome(service=service, options=options)

    def wait(self, condition, timeout=30):
        return WebDriverWait(self.driver, timeout).until(condition)

    def visible(self, css, timeout=30):
        return self.wait(
            EC.visibility_of_element_located((By.CSS_SELECTOR, css)),
            timeout)

    def js_errors(self):
        "The uncaught JavaScript errors logged since the last call."
        return [entry['message'] for entry in self.driver.get_log('browser')
            if entry['source'] == 'javascript']

    def console_errors(self):
        """The JavaScript errors of the console since the last call:
        uncaught errors, console.error() and the exceptions sao's promises
        swallow (jQuery warns them)."""
        return [entry['message'] for entry in self.driver.get_log('browser')
            # sao asks for optional files (custom.css, its locale of the
            # browser's language): the server refusing them is no error
            if entry['source'] != 'network' and (
                entry['source'] == 'javascript'
                or entry['level'] == 'SEVERE'
                or 'exception' in entry['message'].lower())]

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def quit(self):
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


class Sao:
    "The Tryton web client pages of the back office."

    def __init__(self, browser, server):
        self.browser = browser
        self.server = server

    def login(self, login, password=DEMO_PASSWORD):
        driver = self.browser.driver
        driver.get(f'{self.server.url}#{self.server.database}')
        self.browser.visible('#login').send_keys(login, Keys.ENTER)
        self.browser.visible('input[type=password]').send_keys(
            password, Keys.ENTER)
        self.browser.visible('#user-preferences')

    def open_model(self, model):
        "Open the list of a model, as its menu entry would."
        self.browser.driver.get(
            f'{self.server.url}#{self.server.database}/model/{model}')
        return self.browser.visible('#tabs .treeview table tbody tr')

    def list_rows(self):
        return self.browser.driver.find_elements(
            By.CSS_SELECTOR, '#tabs .treeview table tbody tr')

    # The helpers below act on the current tab, as a user would.
    TAB = '#tabs .tab-pane.active '

    def _idle(self):
        "Wait until sao shows no request running."
        time.sleep(0.5)
        self.browser.wait(lambda d: d.execute_script(
            'return !jQuery("#processing").is(":visible")'))

    def open_action(self, xml_id):
        "Open an action by its XML id, as its menu entry does."
        self.browser.driver.execute_script(
            'Sao.rpc({method: "model.ir.action.act_window.get", '
            'params: [arguments[0], {}]}, Sao.Session.current_session)'
            '.then(a => Sao.Action.execute(a, {}, {}));', xml_id)
        self.browser.visible(self.TAB + '.treeview')
        self._idle()

    def click_tool(self, name):
        "Click a toolbar button of the current tab: new_, save, switch_..."
        self.browser.visible(self.TAB + f'button#{name}').click()
        self._idle()

    def messages(self, close=True):
        "Texts of the messages the info bar of the tab shows."
        alerts = self.browser.driver.find_elements(
            By.CSS_SELECTOR, self.TAB + '.infobar .alert')
        texts = [alert.text.replace('×', '').strip() for alert in alerts]
        if close:
            for alert in alerts:
                alert.find_element(By.CSS_SELECTOR, 'button.close').click()
            self._idle()
        return texts

    def save(self):
        "Save the current record; return the messages of the info bar."
        self.click_tool('save')
        try:
            self.browser.visible(self.TAB + '.infobar .alert', timeout=15)
        except TimeoutException:
            pass
        return self.messages()

    def select_list_tab(self, index):
        "Pick a domain tab of the list (0 is the first, -1 the last)."
        tabs = self.browser.driver.find_elements(
            By.CSS_SELECTOR, self.TAB + '.nav-tabs > li > a')
        tabs[index].click()
        self._idle()

    def search(self, text):
        "Type text in the search box of the list and wait for the rows."
        entry = self.browser.visible(self.TAB + '.filter-box input')
        entry.clear()
        entry.send_keys(text, Keys.ENTER)
        self._idle()
        return self.browser.driver.find_elements(
            By.CSS_SELECTOR, self.TAB + '.treeview table tbody tr')

    def field(self, name, scope=TAB, timeout=60):
        "The visible widget of a field of the current form (or dialog)."
        def shown(driver):
            for element in driver.find_elements(
                    By.CSS_SELECTOR, scope + f'[name="{name}"]'):
                if element.is_displayed() and element.is_enabled():
                    return element
            return False
        return self.browser.wait(shown, timeout)

    def fill(self, name, value, scope=TAB):
        "Type a value in a char, text, date or number field."
        widget = self.field(name, scope)
        # A number shows as formatted text until focused, then sao swaps
        # in its number input.
        widget.click()
        widget = self.browser.driver.switch_to.active_element
        widget.send_keys(Keys.CONTROL, 'a')
        widget.send_keys(Keys.DELETE, value, Keys.TAB)
        self._idle()

    def choose(self, name, value):
        "Pick an option of a selection field by its value."
        Select(self.field(name)).select_by_value(f'"{value}"')
        self._idle()

    def open_form(self, model, record_id):
        "Open a record in its form, as a link to it does."
        self.browser.driver.get(
            f'{self.server.url}#{self.server.database}'
            f'/model/{model}/{record_id}')
        self.browser.visible(self.TAB + '.form')
        self._idle()

    def click_button(self, name):
        "Click a button of the current form by its name."
        self.browser.visible(self.TAB + f'button[name="{name}"]').click()
        self._idle()

    DIALOG = '.modal-dialog '

    def dialog_fill(self, name, value):
        "Type a value in a field of the open dialog (a wizard step)."
        self.fill(name, value, scope=self.DIALOG)

    def dialog_button(self, title):
        "Click a button of the open dialog by its label."
        self.browser.visible(
            self.DIALOG + f'.modal-footer button[title="{title}"]').click()
        self._idle()

    def dialog_text(self, timeout=30):
        "Text of the message dialog sao shows, then close it."
        body = self.browser.visible('.modal-dialog .modal-body', timeout)
        text = body.text
        self.browser.driver.find_element(
            By.CSS_SELECTOR, '.modal-dialog .modal-footer button').click()
        return text

    def page(self, title):
        "Open a page (tab) of the notebook of the current form by its title"
        for link in self.browser.driver.find_elements(
                By.CSS_SELECTOR, self.TAB + '.form .nav-tabs > li > a'):
            if link.text == title and link.is_displayed():
                link.click()
                self._idle()
                return
        raise LookupError(title)

    def one2many(self, title, scope=TAB):
        "The panel of a list field of the current form, by its title"
        def shown(driver):
            for panel in driver.find_elements(
                    By.CSS_SELECTOR, scope + '.form-one2many'):
                if not panel.is_displayed():
                    continue
                string = panel.find_element(
                    By.CSS_SELECTOR, '.form-one2many-string')
                if string.text.strip() == title:
                    return panel
            return False
        return self.browser.wait(shown)

    def one2many_button(self, title, button, scope=TAB):
        "Click a button (Nouveau, Ouvrir...) of a list field of the form"
        panel = self.one2many(title, scope)
        panel.find_element(
            By.CSS_SELECTOR,
            f'.form-one2many-toolbar button[title="{button}"]').click()
        self._idle()
        return panel

    def type_active(self, *keys):
        "Type in the widget that has the focus (an edited list cell)"
        self.browser.driver.switch_to.active_element.send_keys(*keys)
        self._idle()


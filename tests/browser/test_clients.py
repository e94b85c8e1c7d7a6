"""The client file in a real browser: creation, visibility by role and
validation, as the brokers of the demo firm see it."""
import random
import uuid
from decimal import Decimal

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

# Agencies of the demo firm (scripts/demo_data/insurance.py): master,
# responsable and courtier work in the first, responsable2, courtier2 and
# courtier3 in the second.
CLIENTS_OF_AGENCY = '''
    SELECT p.name, p.first_name FROM party_party AS p
    JOIN insurance_agency AS a ON a.id = p.agency
    WHERE p.client_status IS NOT NULL AND a.name = ?
        AND p.name NOT IN (
            SELECT name FROM party_party GROUP BY name HAVING COUNT(*) > 1)
    ORDER BY p.id'''


@pytest.fixture(scope='module')
def agency_clients(server):
    "A client with a name of its own in each agency of the demo."
    clients = {}
    for agency in ["Lyon Presqu'île", "Villeurbanne"]:
        rows = server.query(CLIENTS_OF_AGENCY, agency)
        assert rows, f"no client with a unique name in {agency}"
        clients[agency] = rows[0][0]
    return clients


def unique(prefix):
    return f'{prefix}{uuid.uuid4().hex[:6].upper()}'


def new_record(sao):
    "Click New and check that sao opened the form without error."
    sao.click_tool('new_')
    errors = sao.browser.js_errors()
    assert not errors, errors


def names_shown(sao, text):
    "Client names of the rows the search of text shows in the list."
    sao.select_list_tab(-1)  # All
    return [row.text for row in sao.search(text)
        if text in row.text]


def test_courtier_creates_person_and_company_clients(sao):
    sao.login('courtier')
    sao.open_action('insurance.act_client_form')

    person = unique('DURAND')
    new_record(sao)
    sao.choose('party_type', 'person')
    sao.choose('civility', 'mrs')
    sao.fill('name', person)
    sao.fill('first_name', 'Élodie')
    sao.fill('birth_date', '14/07/1985')
    sao.fill('ssn', '285076912345623')
    assert sao.save() == ["Entrée enregistrée."]

    company = unique('BOULANGERIE ')
    new_record(sao)
    sao.choose('party_type', 'company')
    sao.fill('name', company)
    sao.choose('legal_form', 'sarl')
    sao.fill('ape_code', '10.71C')
    sao.save()

    sao.click_tool('switch_')
    rows = names_shown(sao, person)
    assert len(rows) == 1, rows
    assert 'Élodie' in rows[0], rows
    # The file belongs to the broker who created it, in their agency.
    assert 'Morel Camille' in rows[0], rows
    assert "Lyon Presqu'île" in rows[0], rows
    rows = names_shown(sao, company)
    assert len(rows) == 1, rows


def test_invalid_nir_is_refused_in_french(sao, server):
    sao.login('courtier')
    sao.open_action('insurance.act_client_form')
    person = unique('MARTINEAU')
    new_record(sao)
    sao.choose('party_type', 'person')
    sao.fill('name', person)
    sao.fill('first_name', 'Paul')
    sao.fill('ssn', '185076912345699')
    sao.click_tool('save')

    message = sao.dialog_text()
    assert '185076912345699' in message, message
    # French, as the user's language: not the English source text.
    assert 'is not a valid' not in message, message

    # The record was not saved.
    assert not server.query(
        'SELECT id FROM party_party WHERE name = ?', person)


def test_courtier_does_not_see_the_other_agency(sao, agency_clients):
    sao.login('courtier')
    sao.open_action('insurance.act_client_form')
    assert not names_shown(sao, agency_clients["Villeurbanne"])


def test_responsable_sees_only_their_agency(sao, agency_clients):
    sao.login('responsable')
    sao.open_action('insurance.act_client_form')
    assert names_shown(sao, agency_clients["Lyon Presqu'île"])
    assert not names_shown(sao, agency_clients["Villeurbanne"])


def test_master_sees_every_agency(sao, agency_clients):
    sao.login('master')
    sao.open_action('insurance.act_client_form')
    assert names_shown(sao, agency_clients["Lyon Presqu'île"])
    assert names_shown(sao, agency_clients["Villeurbanne"])


def french_iban():
    "A valid French IBAN of its own, for the unique IBAN rule"
    bank, branch = '30006', '00001'
    account = ''.join(random.choices('0123456789', k=11))
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f'{bank}{branch}{account}{key:02d}'
    check = 98 - int(bban + '152700') % 97
    return f'FR{check:02d}{bban}'


def edited_cell(sao, title, name):
    "The widget of a field in the row being edited of an editable list"

    def shown(driver):
        try:
            for widget in sao.one2many(title).find_elements(
                    By.CSS_SELECTOR, f'tbody [name="{name}"]'):
                if widget.is_displayed():
                    return widget
        except StaleElementReferenceException:
            pass
        return False
    return sao.browser.wait(shown)


def open_page_with(sao, title, panel):
    "Open the page named title of the form that shows the list panel"
    for link in sao.browser.driver.find_elements(
            By.CSS_SELECTOR, sao.TAB + '.form .nav-tabs > li > a'):
        if link.text != title or not link.is_displayed():
            continue
        link.click()
        sao._idle()
        for string in sao.browser.driver.find_elements(
                By.CSS_SELECTOR, sao.TAB + '.form-one2many-string'):
            if string.is_displayed() and string.text.strip() == panel:
                return
    raise LookupError(f'{title}: {panel}')


def test_client_file_in_one_go_then_document_and_payment(
        sao, server, tmp_path):
    """A broker types a new client with phone, email, address and IBAN,
    saves once, then adds a document and a payment from the client file."""

    sao.login('courtier')
    sao.open_action('insurance.act_client_form')
    person = unique('LEROY')
    new_record(sao)
    sao.choose('party_type', 'person')
    sao.fill('name', person)
    sao.fill('first_name', 'Chloé')

    sao.page('Général')
    sao.fill('street', '12 rue de la République')
    sao.fill('postal_code', '69002')
    sao.fill('city', 'Lyon')
    email = f'{person.lower()}@example.com'
    iban = french_iban()
    for kind, value in [('phone', '04 78 12 34 56'), ('email', email)]:
        sao.one2many_button('Moyens de contact', 'Nouveau')
        Select(edited_cell(sao, 'Moyens de contact', 'type')
            ).select_by_value(f'"{kind}"')
        sao._idle()
        cell = edited_cell(sao, 'Moyens de contact', 'value')
        cell.click()
        cell.send_keys(value, Keys.TAB)
        sao._idle()

    sao.page('Banque')
    sao.one2many_button('Comptes bancaires', 'Nouveau')
    cell = edited_cell(sao, 'Comptes bancaires', 'iban_number')
    cell.click()
    cell.send_keys(iban, Keys.TAB)
    sao._idle()

    assert sao.save() == ["Entrée enregistrée."]
    assert not sao.browser.js_errors()
    party_id, = server.query(
        'SELECT id FROM party_party WHERE name = ?', person)[0]
    assert sorted(server.query(
            'SELECT type, value FROM party_contact_mechanism '
            'WHERE party = ?', party_id)) == [
        ['email', email],
        ['phone', '+33 4 78 12 34 56']]
    assert server.query(
        'SELECT city FROM party_address WHERE party = ?',
        party_id) == [['Lyon']]
    assert server.query(
        'SELECT n.number_compact FROM bank_account_number AS n '
        'JOIN "bank_account-party_party" AS o ON o.account = n.account '
        'WHERE o.owner = ?', party_id) == [[iban]]

    # A document from the client file: the client is its resource
    document = tmp_path / 'piece-identite.pdf'
    document.write_bytes(b'%PDF-1.4\n%%EOF\n')
    sao.page('Documents')
    sao.one2many_button('Documents', 'Nouveau')
    sao.browser.visible(sao.DIALOG + '.form')
    sao.browser.wait(lambda d: d.find_elements(
            By.CSS_SELECTOR, sao.DIALOG + 'input[type=file]'))[0].send_keys(
        str(document))
    sao.browser.wait(lambda d: d.execute_script(
            'return jQuery(".modal-dialog [name=name]").val()')
        == 'piece-identite.pdf')
    sao.dialog_button('Ajouter')
    sao.save()
    assert not sao.browser.driver.find_elements(
        By.CSS_SELECTOR, '.modal-dialog')
    assert server.query(
        'SELECT name FROM ir_attachment WHERE resource = ?',
        f'party.party,{party_id}') == [['piece-identite.pdf']]

    # A payment from the client file, the client prefilled. The amount is
    # typed with a dot: in this Chromium (fr-FR), "120,50" typed in sao's
    # number input is stored as 12050.
    open_page_with(sao, 'Comptabilité', 'Paiements')
    sao.one2many_button('Paiements', 'Nouveau')
    Select(sao.field('method', scope=sao.DIALOG)).select_by_value(
        '"transfer"')
    sao._idle()
    sao.dialog_fill('amount', '120.50')
    sao.dialog_button('Ajouter')
    sao.save()
    assert not sao.browser.driver.find_elements(
        By.CSS_SELECTOR, '.modal-dialog')
    assert not sao.browser.js_errors()
    (method, amount, state), = server.query(
        'SELECT method, amount, state FROM insurance_payment '
        'WHERE party = ?', party_id)
    assert (method, Decimal(str(amount)), state) == (
        'transfer', Decimal('120.50'), 'draft')

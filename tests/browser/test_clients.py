"""The client file in a real browser: creation, visibility by role and
validation, as the brokers of the demo firm see it."""
import uuid

import pytest

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

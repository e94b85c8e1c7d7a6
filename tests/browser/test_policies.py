"""Contracts in a real browser: a broker endorses a contract of theirs
with the two-step wizard and finds it in the history."""
from decimal import Decimal

import pytest

ACTIVE_CONTRACT_OF = '''
    SELECT p.id, p.reference, p.annual_premium_excl_tax
    FROM insurance_policy AS p
    JOIN "insurance_policy-company_employee" AS m ON m.policy = p.id
    JOIN res_user AS u ON u.employee = m.employee
    WHERE u.login = ? AND p.state = 'active' AND NOT p.competitor
        AND p.reference IS NOT NULL
    ORDER BY p.id'''


@pytest.fixture(scope='module')
def contract(server):
    rows = server.query(ACTIVE_CONTRACT_OF, 'courtier')
    assert rows, "the demo courtier manages no active contract"
    return rows[0]


def test_courtier_endorses_a_contract(sao, server, contract):
    policy_id, reference, premium_excl_tax = contract
    new_excl_tax = (Decimal(str(premium_excl_tax)) + 100).quantize(
        Decimal('0.01'))
    new_premium = new_excl_tax * Decimal('1.25')

    sao.login('courtier')
    sao.open_form('insurance.policy', policy_id)
    assert reference in sao.field('reference').get_attribute('value')
    sao.click_button('endorse')
    sao.dialog_fill('reason', "Changement de véhicule")
    sao.dialog_button("Suivant")
    sao.dialog_fill('annual_premium_excl_tax', str(new_excl_tax))
    sao.dialog_fill('annual_premium', str(new_premium))
    sao.dialog_button("Enregistrer")
    errors = sao.browser.js_errors()
    assert not errors, errors

    rows = server.query(
        'SELECT reason, kind FROM insurance_policy_endorsement '
        'WHERE policy = ?', policy_id)
    assert ("Changement de véhicule", 'endorsement') in [
        tuple(r) for r in rows], rows
    saved, = server.query(
        'SELECT annual_premium_excl_tax FROM insurance_policy WHERE id = ?',
        policy_id)
    assert Decimal(str(saved[0])) == new_excl_tax

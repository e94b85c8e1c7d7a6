"""An amount typed with a decimal comma, in a browser set to French and in
one set to English: what the broker sees and what sao keeps, as
doc/browser-locales.md tells the users."""
from decimal import Decimal

import pytest

from .harness import Browser, Sao

CONTRACT_OF = '''
    SELECT p.id FROM insurance_policy AS p
    JOIN "insurance_policy-company_employee" AS m ON m.policy = p.id
    JOIN res_user AS u ON u.employee = m.employee
    WHERE u.login = ? AND p.state = 'active' AND NOT p.competitor
    ORDER BY p.id'''

# The field's value in sao's record, and the text its widget shows
READ_BACK = '''
const record = Sao.Tab.tabs.get_current().screen.current_record;
const value = record.field_get('annual_premium_excl_tax');
return value === null || value === undefined ? null : String(value);'''


@pytest.fixture(params=['fr-FR', 'en-US'])
def localised(request, server):
    browser = Browser(lang=request.param)
    yield request.param, Sao(browser, server)
    browser.quit()


def type_premium(sao, server, text):
    "Type text in a contract's premium; return (value kept, text shown)."
    policy_id = server.query(CONTRACT_OF, 'courtier')[0][0]
    sao.login('courtier')
    sao.open_form('insurance.policy', policy_id)
    sao.fill('annual_premium_excl_tax', text)
    value = sao.browser.driver.execute_script(READ_BACK)
    shown = sao.field('annual_premium_excl_tax').get_attribute('value')
    return (Decimal(value) if value is not None else None), shown


# What doc/browser-locales.md describes: sao shows amounts the French way
# whatever the browser's language, but the number input that takes the
# typing is the browser's own, and the tests' Chromium, in French as in
# English, drops a decimal comma there.
COMMA_DROPPED = pytest.mark.xfail(strict=True, reason=(
        "Chromium's number input drops the decimal comma: 1234,56 is "
        "kept as 123456 (doc/browser-locales.md)"))


@pytest.mark.parametrize('typed', [
        pytest.param('1234,56', marks=COMMA_DROPPED), '1234.56'])
def test_amount_typed(localised, server, typed):
    lang, sao = localised
    value, shown = type_premium(sao, server, typed)
    print(f"\n{lang}: typed {typed}, sao keeps {value}, shows {shown!r}")
    assert not sao.browser.console_errors()
    assert (value, shown.replace('\u202f', ' ')) == (
        Decimal('1234.56'), '1 234,56'), (lang, typed, value, shown)

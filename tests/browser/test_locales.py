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


# What doc/browser-locales.md describes: the demo user works in French, so
# sao shows amounts the French way whatever the browser's language, but the
# number input that takes the typing is the browser's own and reads a
# decimal comma only in a French browser.
EXPECTED = {
    'fr-FR': (Decimal('1234.56'), '1234,56'),
    'en-US': (None, ''),
    }


def test_amount_with_decimal_comma(localised, server):
    lang, sao = localised
    value, shown = type_premium(sao, server, '1234,56')
    print(f"\n{lang}: typed 1234,56, sao keeps {value}, shows {shown!r}")
    assert not sao.browser.console_errors()
    assert (value, shown.replace('\u202f', ' ').replace('\xa0', ' ')) == (
        EXPECTED[lang]), (lang, value, shown)

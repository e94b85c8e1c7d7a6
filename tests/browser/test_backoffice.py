"""Smoke test of the back office in a real browser."""


def test_demo_user_logs_in_and_opens_a_list(sao):
    sao.login('master')
    sao.open_model('insurance.line_of_business')
    first_cells = [row.text.splitlines()[0] for row in sao.list_rows()]
    # The list speaks French, like the demo user.
    assert 'Automobile' in first_cells, first_cells
    assert 'Habitation' in first_cells, first_cells


def test_wrong_password_is_refused(sao, browser):
    driver = browser.driver
    driver.get(f'{sao.server.url}#{sao.server.database}')
    browser.visible('#login').send_keys('master', '\n')
    browser.visible('input[type=password]').send_keys('wrong', '\n')
    # sao asks for the password again instead of opening the session
    browser.visible('input[type=password]')
    assert not driver.find_element('css selector', '#user-preferences').text

"""Projects in a real browser: a broker opens a project of theirs, sees
its progress gauge and gets the quotes of the rate-grid comparators."""
import pytest

QUOTABLE_PROJECT_OF = '''
    SELECT p.id, p.number FROM insurance_project AS p
    JOIN res_user AS u ON u.employee = p.owner
    JOIN insurance_line_of_business AS l ON l.id = p.line_of_business
    WHERE u.login = ? AND p.state = 'in_progress'
        AND l.id IN (SELECT line_of_business
            FROM insurance_comparator_connector WHERE active)
    ORDER BY p.id'''
COMPARATOR_STUDIES = '''
    SELECT id FROM insurance_project_study
    WHERE project = ? AND connector IS NOT NULL AND NOT chosen'''


@pytest.fixture(scope='module')
def project(server):
    rows = server.query(QUOTABLE_PROJECT_OF, 'courtier')
    assert rows, "the demo courtier has no project to quote"
    return rows[0]


def test_courtier_gets_quotes(sao, server, project):
    project_id, number = project
    before = {r[0] for r in server.query(COMPARATOR_STUDIES, project_id)}

    sao.login('courtier')
    sao.open_form('insurance.project', project_id)
    assert number in sao.field('number').get_attribute('value')
    sao.browser.visible(sao.TAB + '.progress-bar')
    sao.click_button('get_quotes')
    errors = sao.browser.js_errors()
    assert not errors, errors
    # The broker is told what the button did, in French
    message = sao.field('message', scope=sao.DIALOG).get_attribute('value')
    assert 'offres obtenues des comparateurs' in message, message
    sao.dialog_button('OK')

    after = {r[0] for r in server.query(COMPARATOR_STUDIES, project_id)}
    # The offers of the comparators were asked again: new studies
    assert after, "no offer from the comparators"
    assert not (after & before), (before, after)

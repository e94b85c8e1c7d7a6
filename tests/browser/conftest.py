import pytest

from .harness import Browser, CourtageServer, Sao


@pytest.fixture(scope='session')
def server():
    server = CourtageServer().start()
    yield server
    server.stop()


@pytest.fixture
def browser():
    browser = Browser()
    yield browser
    browser.quit()


@pytest.fixture
def sao(browser, server):
    return Sao(browser, server)

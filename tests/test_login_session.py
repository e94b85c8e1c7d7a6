"""Log-in and session rules of the production configuration
(config/production.conf.example, addons/insurance/doc/security.rst):

- an unknown login costs the same password check as a known one;
- wrong passwords lock a login for the network they come from only;
- a session unused for longer than the idle limit, or older than the
  absolute limit, is refused.
"""
import configparser
import datetime as dt
import secrets
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ROOT / 'config' / 'production.conf.example'
PASSWORD = secrets.token_hex(12)


def production_session():
    "Return the [session] options of the production configuration"
    parser = configparser.ConfigParser()
    parser.read(PRODUCTION)
    return dict(parser['session'])


@contextmanager
def production_config():
    "Set trytond's [session] options to the production ones meanwhile"
    from trytond import config
    options = production_session()
    saved = {k: config.get('session', k) for k in options}
    for key, value in options.items():
        config.set('session', key, value)
    try:
        yield options
    finally:
        for key, value in saved.items():
            config.set('session', key, value)


@pytest.fixture(scope='module')
def database():
    from trytond.pool import Pool
    from trytond.tests.test_tryton import DB_NAME, USER, activate_module
    from trytond.transaction import Transaction

    activate_module('insurance')
    with Transaction().start(DB_NAME, USER) as transaction:
        User = Pool().get('res.user')
        User.write([User(USER)], {'password': PASSWORD})
        transaction.commit()
    return DB_NAME


@contextmanager
def transaction_from(address, user=0):
    "A transaction of user for a request from address"
    from trytond.tests.test_tryton import DB_NAME
    from trytond.transaction import Transaction
    with Transaction().start(DB_NAME, user, context={
                '_request': {'remote_addr': address}}) as transaction:
        yield transaction
        transaction.commit()


def get_login(login, password, address):
    "Return what a log-in from address gives: a user id, None or 'limited'"
    from trytond.exceptions import RateLimitException
    from trytond.pool import Pool
    with transaction_from(address):
        User = Pool().get('res.user')
        try:
            return User.get_login(login, {'password': password})
        except RateLimitException:
            return 'limited'


def test_production_limits():
    "The production configuration sets idle and absolute limits"
    options = production_session()
    idle, absolute = int(options['timeout']), int(options['max_age'])
    assert 0 < idle <= 60 * 60
    assert idle < absolute <= 24 * 60 * 60
    assert int(options['max_attempt']) > 0


def test_unknown_login_checks_a_password(database):
    "A known and an unknown login both verify one password hash"
    from trytond.pool import Pool
    from trytond.res.user import User as BaseUser
    with transaction_from('192.0.2.10'):
        User = Pool().get('res.user')
        calls = []
        original = BaseUser.check_password.__func__

        def check_password(cls, password, hash_):
            calls.append(password)
            return original(cls, password, hash_)
        with mock.patch.object(
                BaseUser, 'check_password', classmethod(check_password)):
            for login in ['admin', 'nobody-' + secrets.token_hex(4)]:
                calls.clear()
                assert User._login_password(
                    login, {'password': 'wrong'}) is None
                assert calls == ['wrong'], login


def test_lock_out_per_network(database):
    """Wrong passwords lock the login from their network only; the right
    password still works from another network"""
    from trytond import config
    with production_config(), mock.patch('trytond.res.user.time.sleep'):
        attempts = config.getint('session', 'max_attempt') + 1
        attacker, user = '198.51.100.7', '203.0.113.20'
        for _ in range(attempts):
            assert get_login('admin', 'wrong', attacker) is None
        assert get_login('admin', PASSWORD, attacker) == 'limited'
        assert get_login('admin', PASSWORD, user) == 1
        # the user's success does not reset the attacker's counter
        assert get_login('admin', PASSWORD, attacker) == 'limited'
        # an unknown login is limited the same way
        for _ in range(attempts):
            assert get_login('nobody', 'wrong', attacker) is None
        assert get_login('nobody', 'wrong', attacker) == 'limited'


def _session(age, idle):
    """Create a session of admin whose log-in was age ago and last request
    idle ago; return its key"""
    from sql import Table

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Session = Pool().get('ir.session')
    key = Session.new()
    now = dt.datetime.now()
    table = Table('ir_session')
    Transaction().connection.cursor().execute(*table.update(
            [table.create_date, table.write_date],
            [now - age, now - idle],
            where=table.key == key))
    return key


MINUTE = dt.timedelta(minutes=1)


@pytest.mark.parametrize('age, idle, valid', [
        (lambda t, m: 0 * t, lambda t, m: 0 * t, True),
        (lambda t, m: t / 2, lambda t, m: t / 2, True),
        (lambda t, m: m / 2, lambda t, m: t / 2, True),
        (lambda t, m: t * 2, lambda t, m: t * 2, False),
        (lambda t, m: m / 2, lambda t, m: t + MINUTE, False),
        (lambda t, m: m + MINUTE, lambda t, m: 0 * t, False),
        ], ids=['new', 'idle-half', 'old-active', 'idle-double',
        'old-idle', 'too-old'])
def test_session_limits(database, age, idle, valid):
    """A session unused for longer than the idle limit, or logged in longer
    ago than the absolute limit, is refused and deleted"""
    from trytond.pool import Pool
    from trytond.tests.test_tryton import USER
    with production_config() as options:
        timeout = dt.timedelta(seconds=int(options['timeout']))
        max_age = dt.timedelta(seconds=int(options['max_age']))
        with transaction_from(None, USER):
            Session = Pool().get('ir.session')
            key = _session(age(timeout, max_age), idle(timeout, max_age))
            assert bool(Session.check(USER, key)) is valid
            assert bool(Session.search([('key', '=', key)])) is valid

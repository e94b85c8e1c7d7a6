# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Log-in and session rules of the back office (doc/security.rst)"""
import datetime as dt
import secrets

from sql import Literal
from sql.aggregate import Count

from trytond import config
from trytond.pool import PoolMeta
from trytond.transaction import Transaction


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    _dummy_hash = None

    @classmethod
    def _login_password(cls, login, parameters):
        """An unknown login, or one without password, costs the time of a
        password check as a known one does"""
        user_id, password_hash, _ = cls._get_login(login)
        if not (user_id and password_hash) and parameters.get('password'):
            if User._dummy_hash is None:
                User._dummy_hash = cls.hash_password(secrets.token_hex(16))
            cls.check_password(parameters['password'], User._dummy_hash)
        return super()._login_password(login, parameters)


class LoginAttempt(metaclass=PoolMeta):
    """The failed attempts count per login and network: wrong passwords
    from one network lock the login for that network only"""
    __name__ = 'res.user.login.attempt'

    @classmethod
    def _login_network_where(cls, table, login, device_cookie):
        _, ip_network = Transaction().remote_address()
        where = ((table.login == login[:cls.login.size])
            & (table.device_cookie == device_cookie))
        if ip_network:
            where &= table.ip_network == str(ip_network)
        else:
            where &= table.ip_network == Literal(None)
        return where

    @classmethod
    def remove(cls, login, device_cookie=None):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.delete(
                where=cls._login_network_where(table, login, device_cookie)))

    @classmethod
    def count(cls, login, device_cookie=None):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.select(Count(),
                where=cls._login_network_where(table, login, device_cookie)
                & (table.create_date >= cls.delay())))
        return cursor.fetchone()[0]


class Session(metaclass=PoolMeta):
    """A session unused for [session] timeout seconds is refused, as one
    older than [session] max_age is"""
    __name__ = 'ir.session'

    @classmethod
    def check(cls, user, key, domain=None):
        valid = super().check(user, key, domain=domain)
        if not valid:
            return valid
        timeout = dt.timedelta(seconds=config.getint('session', 'timeout'))
        now = dt.datetime.now()
        sessions = cls.search([
                ('create_uid', '=', user),
                ('key', '=', key),
                domain or [],
                ])
        idle = [s for s in sessions
            if abs(s.last_modified_at - now) >= timeout]
        if idle and len(idle) == len(sessions):
            cls.delete(idle)
            return False
        return valid

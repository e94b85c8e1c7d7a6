# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Courtage's adjustments of trytond's PostgreSQL backend: waiting locks and
quick recovery from an outage.

Locks. Tryton takes the locks a transaction needs (Model.lock, the strict
sequences that number moves and receipts) when it starts the transaction
again, before its snapshot, with NOWAIT and five retries spread over 0.3 s;
a request that still finds the lock taken answers HTTP 503. Twenty
payments of one receipt or fifty receipt postings at once were enough. Here
the locks wait, in the queue PostgreSQL keeps, up to [database]
lock_timeout seconds (60 by default). A record lock first takes the table
in SHARE UPDATE EXCLUSIVE mode, which only the other record lockers of the
table and the table locks wait for (reads and writes do not), then locks
the rows NOWAIT: a row lock that waited inside the REPEATABLE READ
transaction would fail on the update its holder made, while the table lock
is taken before the snapshot, which then sees the holder's work.
Deadlocks are broken by PostgreSQL and retried by Tryton.

Outage. psycopg_pool waits 30 s for a connection before failing and, when
the server is away, tries to reconnect after 1, 2, 4... 128 s: requests hung
for 30 s during an outage and trytond recovered minutes after the server.
Here a request waits [database] pool_timeout seconds (5 by default) then
answers 503, and the pool tries to reconnect every
[database] reconnect_delay seconds (1 by default). A login while the
server is away answered 404 (unknown database): it answers 503.
"""
import logging
from functools import wraps
from http import HTTPStatus

from werkzeug.exceptions import HTTPException, abort

from trytond import config

logger = logging.getLogger(__name__)


def _lock_timeout_ms():
    return int(config.getfloat('database', 'lock_timeout', default=60) * 1000)


def _wait_lock(cursor, table, mode):
    "Lock table in mode, waiting up to the lock timeout"
    from psycopg.sql import SQL, Identifier
    cursor.execute(SQL('SET LOCAL lock_timeout = {}').format(
            _lock_timeout_ms()))
    cursor.execute(SQL('LOCK {} IN {} MODE').format(
            Identifier(table), SQL(mode)))
    cursor.execute(SQL('RESET lock_timeout'))


def lock(self, connection, table):
    _wait_lock(connection.cursor(), table, 'EXCLUSIVE')


def lock_records(cls, connection, table, ids, _lock_records=None):
    _wait_lock(connection.cursor(), table, 'SHARE UPDATE EXCLUSIVE')
    _lock_records(connection, table, ids)


class _CappedAttempt:
    "Mixin of psycopg_pool's back-off: never wait more than reconnect_delay"

    def update_delay(self, now):
        super().update_delay(now)
        delay = config.getfloat('database', 'reconnect_delay', default=1)
        self.delay = min(self.delay, delay)


def _database_unavailable(exception):
    """Tell if the exception that made the login abort is the database
    server being away (not the database missing)"""
    import psycopg
    from psycopg.errors import InvalidCatalogName
    return (isinstance(exception, psycopg.OperationalError)
        and not isinstance(exception, InvalidCatalogName))


def _login(login):
    @wraps(login)
    def wrapper(*args, **kwargs):
        try:
            return login(*args, **kwargs)
        except HTTPException as exception:
            if (exception.code == HTTPStatus.NOT_FOUND
                    and _database_unavailable(exception.__context__)):
                abort(HTTPStatus.SERVICE_UNAVAILABLE)
            raise
    wrapper.courtage_patched = True
    return wrapper


def _new(new):
    @wraps(new)
    def wrapper(cls, *args, **kwargs):
        inst = new(cls, *args, **kwargs)
        pool = inst._connpool
        if pool is not None and not getattr(pool, 'courtage_tuned', False):
            pool.timeout = config.getfloat(
                'database', 'pool_timeout', default=5)
            pool.courtage_tuned = True
        return inst
    return wrapper


def patch():
    "Adjust trytond's PostgreSQL backend; once per process"
    from trytond import backend
    if backend.name != 'postgresql':
        return
    import psycopg_pool.pool

    from trytond.backend.postgresql import database
    from trytond.protocols import dispatcher
    Database = database.Database
    if getattr(Database, 'courtage_patched', False):
        return
    Database.courtage_patched = True

    Database.lock = lock
    original_lock_records = Database.lock_records.__func__

    @classmethod
    def lock_records_(cls, connection, table, ids):
        return lock_records(cls, connection, table, ids,
            _lock_records=lambda *a: original_lock_records(cls, *a))
    Database.lock_records = lock_records_
    Database.__new__ = staticmethod(_new(Database.__new__))

    Attempt = psycopg_pool.pool.AttemptWithBackoff
    psycopg_pool.pool.AttemptWithBackoff = type(
        'AttemptWithBackoff', (_CappedAttempt, Attempt), {})

    if not getattr(dispatcher.login, 'courtage_patched', False):
        dispatcher.login = _login(dispatcher.login)

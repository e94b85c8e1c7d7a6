#!/usr/bin/env python3
"""PostgreSQL outage test: trytond recovers within seconds, answers 503
quickly while the database is away, never 404, and loses no acknowledged
write.

It starts a PostgreSQL server of its own (initdb in a temporary folder, a
free port of 127.0.0.1, as the postgres user when run as root), creates a
database there, serves it with trytond, and runs a loop of reads and writes
(an administrator creating groups and counting them) through JSON-RPC while
PostgreSQL is
  1. stopped for a few seconds then started again,
  2. restarted in under a second.
It checks that every request answers within a few seconds, with a result or
HTTP 503 (a login too), that writes succeed again within seconds of
PostgreSQL being back, and that every write acknowledged is in the database
afterwards. Exit status 0 when everything holds; run by `make test-outage`
(and CI).
"""
import argparse
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tests'))

from tryton_http import (  # noqa: E402
    Client, HTTPStatusError, RPCError, Server, free_port)

DATABASE = 'outage'
# A request answers within this while PostgreSQL is away: [database]
# pool_timeout (5 s) and some margin
QUICK_503 = 10
# Writes succeed again within this after PostgreSQL accepts connections
RECOVERY = 10
DOWNTIME = 4


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f'/usr/lib/postgresql/*/bin/{name}'))
    if not candidates:
        sys.exit(f"{name} not found: install PostgreSQL's server")
    return candidates[-1]


class PostgreSQL:
    "A throw-away PostgreSQL server on a free port of 127.0.0.1"

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / 'data'
        self.port = free_port()
        self.uri = f'postgresql://courtage@127.0.0.1:{self.port}/'
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam('postgres')
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *command):
        kwargs = {}
        if self.user:
            kwargs = {'user': self.user.pw_uid, 'group': self.user.pw_gid}
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
            cwd=self.folder, **kwargs)

    def init(self):
        self._run(pg_bin('initdb'), '-D', str(self.data), '-A', 'trust',
            '-U', 'courtage', '-E', 'UTF8')

    def start(self):
        self._run(pg_bin('pg_ctl'), '-D', str(self.data),
            '-l', str(self.folder / 'server.log'), '-w', 'start', '-o',
            f'-p {self.port} -k {self.folder} '
            '-c listen_addresses=127.0.0.1')

    def stop(self):
        self._run(pg_bin('pg_ctl'), '-D', str(self.data), '-m', 'fast',
            '-w', 'stop')

    def restart(self):
        self._run(pg_bin('pg_ctl'), '-D', str(self.data), '-m', 'fast',
            '-l', str(self.folder / 'server.log'), '-w', 'restart', '-o',
            f'-p {self.port} -k {self.folder} '
            '-c listen_addresses=127.0.0.1')


def create_database(postgresql, password, folder):
    "Create the database with trytond-admin, the admin's password set"
    subprocess.run([pg_bin('createdb'), '-h', '127.0.0.1', '-p',
            str(postgresql.port), '-U', 'courtage', DATABASE], check=True)
    uri = postgresql.uri
    passfile = Path(folder) / 'password'
    passfile.write_text(password)
    env = dict(os.environ, TRYTOND_DATABASE__URI=uri,
        TRYTONPASSFILE=str(passfile))
    # The admin's address is checked without DNS (offline_email.py)
    subprocess.run([
            sys.executable, str(ROOT / 'scripts' / 'offline_email.py'),
            'trytond-admin',
            '-d', DATABASE, '--all', '--email', 'admin@example.com'],
        env=env, check=True, stdout=subprocess.DEVNULL)


class Loop(threading.Thread):
    """Create a group then count them, again and again; record each answer
    as (start, duration, outcome) and the names of the groups created"""

    def __init__(self, url, password):
        super().__init__(daemon=True)
        self.client = Client(url, DATABASE, timeout=60)
        self.client.login('admin', password)
        self.url = url
        self.password = password
        self.answers = []
        self.acknowledged = []
        self.stopping = threading.Event()

    def _call(self, func):
        start = time.monotonic()
        try:
            func()
            outcome = 'ok'
        except HTTPStatusError as e:
            outcome = e.status
        except RPCError as e:
            outcome = f'error {e.error}'
        except OSError as e:
            outcome = f'network {e}'
        self.answers.append((start, time.monotonic() - start, outcome))
        return outcome

    def run(self):
        n = 0
        while not self.stopping.is_set():
            n += 1
            name = f'outage {n} {secrets.token_hex(4)}'

            def write():
                self.client.model('res.group', 'create', [{'name': name}])
                self.acknowledged.append(name)

            def read():
                self.client.model('res.group', 'search_count', [])

            def login():
                Client(self.url, DATABASE, timeout=60).login(
                    'admin', self.password)

            self._call(write)
            self._call(read)
            if n % 5 == 0:
                self._call(login)
            time.sleep(0.05)


def check_outage(loop, down, up, label, failures):
    """Check the answers of the loop around an outage of PostgreSQL from
    down to up (monotonic times)"""
    during = [a for a in loop.answers if down <= a[0] < up]
    after = [a for a in loop.answers if a[0] >= up]
    slow = [a for a in during + after if a[1] > QUICK_503]
    wrong = [a for a in during + after if a[2] not in {'ok', 503}]
    recovered = next((a for a in after if a[2] == 'ok'), None)
    failing = [a for a in during if a[2] == 503]
    recovery = (recovered[0] + recovered[1] - up) if recovered else None
    print(f"{label}: {len(during)} requests while away "
        f"({len(failing)} answered 503, slowest "
        f"{max((a[1] for a in during), default=0):.1f} s), "
        f"recovered {recovery if recovery is None else round(recovery, 1)} s"
        " after PostgreSQL was back")
    if slow:
        failures.append(f"{label}: {len(slow)} answers slower than "
            f"{QUICK_503} s, e.g. {slow[0][1]:.1f} s")
    if wrong:
        failures.append(f"{label}: answers other than a result or 503: "
            f"{sorted({str(a[2]) for a in wrong})}")
    if recovery is None or recovery > RECOVERY:
        failures.append(f"{label}: not recovered within {RECOVERY} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--keep', action='store_true',
        help="keep the temporary folder (logs) afterwards")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix='courtage-outage-')
    postgresql = PostgreSQL(folder)
    password = secrets.token_hex(12)
    failures = []
    started = time.monotonic()
    try:
        postgresql.init()
        postgresql.start()
        create_database(postgresql, password, folder)
        with Server(postgresql.uri, Path(folder) / 'trytond.log',
                env={'TRYTOND_LOGGING_LEVEL': '30'}) as server:
            loop = Loop(server.url, password)
            loop.start()
            time.sleep(3)

            down = time.monotonic()
            postgresql.stop()
            time.sleep(DOWNTIME)
            postgresql.start()
            up = time.monotonic()
            time.sleep(RECOVERY + 2)
            check_outage(loop, down, up, "stopped for "
                f"{DOWNTIME} s", failures)

            down = time.monotonic()
            postgresql.restart()
            up = time.monotonic()
            print(f"restart took {up - down:.1f} s")
            time.sleep(RECOVERY + 2)
            check_outage(loop, down, up, "restarted", failures)

            loop.stopping.set()
            loop.join(timeout=60)
            client = Client(server.url, DATABASE)
            client.login('admin', password)
            names = {g['name'] for g in client.model('res.group',
                    'search_read', [('name', 'like', 'outage %')], 0, None,
                    None, ['name'])}
            lost = [n for n in loop.acknowledged if n not in names]
            print(f"{len(loop.acknowledged)} writes acknowledged, "
                f"{len(lost)} lost")
            if lost:
                failures.append(f"acknowledged writes lost: {lost[:5]}")
    finally:
        try:
            postgresql.stop()
        except subprocess.CalledProcessError:
            pass
        if args.keep or failures:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"outage test ran in {time.monotonic() - started:.0f} s")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

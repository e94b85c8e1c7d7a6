#!/usr/bin/env python3
"""Build the French demo database of Courtage.

    python scripts/demo.py --database courtage [--size 300] [--replace]

Creates the database (all Courtage modules activated, French loaded and used
by every user), imports countries and currencies, sets up the brokerage firm
with a French chart of accounts and a fiscal year, then runs the generator of
each module in `scripts/demo_data/` (in module dependency order). The data is
deterministic: the same seed gives the same database.

The database is built under a temporary name (`<name>_building`) and renamed
when it is complete: an interrupted build leaves no database that a server
would serve, and the next build starts again from scratch. With --replace,
an existing database of that name is replaced only once the new one is
ready.

The demo's e-mail addresses are invented: their domains are not looked up
in the DNS while it is built (offline_email.py; Tryton still checks their
syntax).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tryton's assert statements (ModelStorage checks every id list once per
# record) took a third of the build: run optimised, as in production.
if not sys.flags.optimize:
    os.execv(sys.executable, [sys.executable, '-O', *sys.argv])
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Tryton reads its environment once, on first import.
os.environ.setdefault('TRYTOND_DATABASE__PATH', str(ROOT / 'var' / 'db'))
# E-mails and SMS of the demo stay on the machine (config/trytond.conf)
os.environ.setdefault(
    'TRYTOND_INSURANCE_COMMUNICATION__EMAIL_PATH',
    str(ROOT / 'var' / 'outbox' / 'mail'))
os.environ.setdefault(
    'TRYTOND_INSURANCE_COMMUNICATION__SMS_PATH',
    str(ROOT / 'var' / 'outbox' / 'sms'))

from demo_data import GENERATORS, DemoContext  # noqa: E402
from offline_email import no_dns_lookup  # noqa: E402

ADMIN_PASSWORD = 'admin'
EXTRA_MODULES = ['account_fr']


def courtage_modules():
    return sorted(
        p.parent.name for p in (ROOT / 'addons').glob('*/tryton.cfg'))


class Progress:
    "Print what the build does, with the time it has taken so far."

    def __init__(self, start=None):
        self.start = start or time.time()

    def __call__(self, message):
        elapsed = int(time.time() - self.start)
        print(f"[{elapsed // 60:2d} min {elapsed % 60:02d} s] {message}",
            flush=True)


def server_transaction():
    "A transaction on the database server, outside any database."
    from trytond.transaction import Transaction
    return Transaction().start(None, 0, close=True, autocommit=True)


def database_exists(name):
    "Whether the database exists, initialised or not."
    from trytond import backend
    with server_transaction() as transaction:
        if backend.name == 'postgresql':
            cursor = transaction.connection.cursor()
            cursor.execute(
                'SELECT 1 FROM pg_database WHERE datname = %s', (name,))
            return bool(cursor.fetchone())
        backend.Database.clear_cache()
        return name in transaction.database.list()


def create_database(name):
    "Create the empty database that trytond-admin initialises."
    with server_transaction() as transaction:
        transaction.database.create(transaction.connection, name)


def drop_database(name):
    with server_transaction() as transaction:
        transaction.database.drop(transaction.connection, name)


def rename_database(old, new):
    """Rename the complete database old to new, replacing new if it exists.
    No process may use old: it was built by a process that has ended."""
    from trytond import backend, config
    path = Path(config.get('database', 'path'))
    if backend.name == 'sqlite':
        # The database and its write-ahead log go together; the log of a
        # replaced database must not be applied to the new one.
        for suffix in ['-wal', '-shm', '']:
            target = path / f'{new}.sqlite{suffix}'
            source = path / f'{old}.sqlite{suffix}'
            if source.exists():
                os.replace(source, target)
            elif target.exists():
                target.unlink()
    else:
        if database_exists(new):
            drop_database(new)
        with server_transaction() as transaction:
            cursor = transaction.connection.cursor()
            cursor.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
    # The attachments of a database are stored in a folder of its name
    if (path / new).is_dir():
        shutil.rmtree(path / new)
    if (path / old).is_dir():
        os.replace(path / old, path / new)
    backend.Database.clear_cache()


def admin(config_file, name, *args):
    with tempfile.NamedTemporaryFile('w', suffix='.pass') as passfile:
        passfile.write(ADMIN_PASSWORD)
        passfile.flush()
        env = dict(os.environ, TRYTONPASSFILE=passfile.name)
        # the admin's e-mail domain is not looked up either
        subprocess.run([
                sys.executable, '-O',
                str(ROOT / 'scripts' / 'offline_email.py'),
                'trytond-admin', '-c', config_file, '-d', name,
                *args], env=env, check=True)


def generate(args):
    "Run the generators on the database being built (a process of its own)."
    from proteus import config as pconfig
    pconfig.set_trytond(database=args.database, config_file=args.config)
    no_dns_lookup()
    progress = Progress(args.started)
    context = DemoContext(seed=args.seed, size=args.size, progress=progress)
    for name, generate in GENERATORS:
        progress(f"Demo data: {name}")
        generate(context)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='courtage')
    parser.add_argument(
        '--config', default=os.environ.get(
            'TRYTOND_CONFIG', str(ROOT / 'config' / 'trytond.conf')))
    parser.add_argument(
        '--size', type=int, default=300, help="number of clients")
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument(
        '--replace', action='store_true',
        help="replace the database of that name once the new one is built")
    # The generators run in a process of their own, which closes every
    # connection to the database before it is renamed
    parser.add_argument('--generate', action='store_true',
        help=argparse.SUPPRESS)
    parser.add_argument('--started', type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.makedirs(os.environ['TRYTOND_DATABASE__PATH'], exist_ok=True)
    from trytond import config
    config.update_etc(args.config)
    if args.generate:
        generate(args)
        return

    progress = Progress()
    if database_exists(args.database) and not args.replace:
        sys.exit(f"Database {args.database} already exists "
            "(--replace builds a new one in its place)")
    building = f'{args.database}_building'
    if database_exists(building):
        progress(f"Dropping {building}, left by an interrupted build")
        drop_database(building)
    if (Path(config.get('database', 'path')) / building).is_dir():
        shutil.rmtree(Path(config.get('database', 'path')) / building)
    create_database(building)
    modules = courtage_modules() + EXTRA_MODULES
    progress(f"Creating database {building} (about a minute): "
        f"{', '.join(modules)}")
    admin(args.config, building, '--all', '--email',
        'admin@courtage.example', '-l', 'fr', '--activate-dependencies',
        '-u', *modules)
    subprocess.run([
            sys.executable, '-O', __file__, '--generate',
            '--database', building, '--config', args.config,
            '--size', str(args.size), '--seed', str(args.seed),
            '--started', str(progress.start)], check=True)
    rename_database(building, args.database)
    progress(f"Demo database {args.database} ready")


if __name__ == '__main__':
    main()

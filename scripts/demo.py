#!/usr/bin/env python3
"""Build the French demo database of Courtage.

    python scripts/demo.py --database courtage [--size 300]

Creates the database (all Courtage modules activated, French loaded and used
by every user), imports countries and currencies, sets up the brokerage firm
with a French chart of accounts and a fiscal year, then runs the generator of
each module in `scripts/demo_data/` (in module dependency order). The data is
deterministic: the same seed gives the same database.
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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

ADMIN_PASSWORD = 'admin'
EXTRA_MODULES = ['account_fr']


def courtage_modules():
    return sorted(
        p.parent.name for p in (ROOT / 'addons').glob('*/tryton.cfg'))


def create_database(config_file, name):
    "Create the empty database that trytond-admin initialises."
    from trytond import config
    config.update_etc(config_file)
    from trytond.transaction import Transaction
    with Transaction().start(
            None, 0, close=True, autocommit=True) as transaction:
        database = transaction.database
        if name in database.list():
            sys.exit(f"Database {name} already exists")
        database.create(transaction.connection, name)


def bin_path(script):
    "A console script installed beside this Python."
    return str(Path(sys.executable).parent / script)


def admin(config_file, name, *args):
    with tempfile.NamedTemporaryFile('w', suffix='.pass') as passfile:
        passfile.write(ADMIN_PASSWORD)
        passfile.flush()
        env = dict(os.environ, TRYTONPASSFILE=passfile.name)
        subprocess.run([
                bin_path('trytond-admin'), '-c', config_file, '-d', name,
                *args], env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='courtage')
    parser.add_argument(
        '--config', default=os.environ.get(
            'TRYTOND_CONFIG', str(ROOT / 'config' / 'trytond.conf')))
    parser.add_argument(
        '--size', type=int, default=300, help="number of clients")
    parser.add_argument('--seed', type=int, default=2026)
    args = parser.parse_args()

    os.makedirs(os.environ['TRYTOND_DATABASE__PATH'], exist_ok=True)
    create_database(args.config, args.database)
    modules = courtage_modules() + EXTRA_MODULES
    print(f"Creating database {args.database}: {', '.join(modules)}")
    admin(args.config, args.database, '--all', '--email',
        'admin@courtage.example', '-l', 'fr', '--activate-dependencies',
        '-u', *modules)

    from proteus import config as pconfig
    pconfig.set_trytond(database=args.database, config_file=args.config)
    context = DemoContext(seed=args.seed, size=args.size)
    for name, generate in GENERATORS:
        print(f"Demo data: {name}")
        generate(context)
    print(f"Demo database {args.database} ready")


if __name__ == '__main__':
    main()

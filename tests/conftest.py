"""Test settings shared by every suite of `make test`.

The database backend comes from TRYTOND_DATABASE__URI (the Makefile sets it
to SQLite, then to COURTAGE_POSTGRESQL_URI). Tryton reads DB_NAME and
DB_CACHE when its test package is first imported, so they are set here,
before any test module imports it. The database cache is keyed by module
names only, so each run gets a fresh one.
"""
import os
import shutil
import tempfile
import uuid

_cache_dir = None


def _configure_tryton_tests():
    global _cache_dir
    uri = os.environ.setdefault('TRYTOND_DATABASE__URI', 'sqlite://')
    if uri.startswith('sqlite'):
        os.environ.setdefault('DB_NAME', ':memory:')
    else:
        os.environ.setdefault('DB_NAME', f'test_{uuid.uuid4().hex[:12]}')
    if 'DB_CACHE' not in os.environ:
        _cache_dir = tempfile.mkdtemp(prefix='courtage-test-cache-')
        os.environ['DB_CACHE'] = _cache_dir
    # Emails, SMS and web services never leave the test machine.
    os.environ.setdefault('TEST_NETWORK', '0')
    os.environ.setdefault(
        'TRYTOND_INSURANCE_COMMUNICATION__EMAIL_BACKEND', 'memory')
    os.environ.setdefault(
        'TRYTOND_INSURANCE_COMMUNICATION__SMS_BACKEND', 'memory')


_configure_tryton_tests()


def pytest_report_header(config):
    backend = os.environ['TRYTOND_DATABASE__URI'].split(':', 1)[0]
    return f"Courtage tests on {backend} (DB_NAME={os.environ['DB_NAME']})"


def pytest_sessionfinish(session, exitstatus):
    if _cache_dir:
        shutil.rmtree(_cache_dir, ignore_errors=True)

"""Concurrent postings through the real HTTP server on PostgreSQL.

trytond runs as a subprocess on 127.0.0.1 and serves the test database;
client threads speak JSON-RPC to it as sao does, each with its own
session. The figures are those of issue 14: 20 client payments that each
fully pay the same receipt, and 50 receipt postings at once. Every request
must succeed (no HTTP 503), and the move and receipt numbers given stay
continuous. Locks do nothing on SQLite: the tests are skipped there.
"""
import os
import re
import threading
import uuid
from decimal import Decimal

import pytest
from tryton_http import Client, Server

URI = os.environ.get('TRYTOND_DATABASE__URI', '')
pytestmark = pytest.mark.skipif(
    not URI.startswith('postgresql'),
    reason="row locks are only enforced on PostgreSQL")

PASSWORD = 'concurrency-' + uuid.uuid4().hex
PAYMENTS = 20
POSTINGS = 50


def _create_data():
    """Create a company with its accounting, a client with a posted 25 €
    cash receipt and POSTINGS draft cash receipts of other contracts; give
    the administrator a password, every group and the company"""
    from trytond.modules.company.tests.test_module import (
        create_company, set_company)
    from trytond.modules.insurance_receipt.tests.tools import (
        create_cash_receipts, setup_receipt_accounting)
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    pool = Pool()
    Receipt = pool.get('insurance.receipt')
    User = pool.get('res.user')
    Group = pool.get('res.group')
    company = create_company()
    with set_company(company):
        setup_receipt_accounting(company)
        paid, *drafts = create_cash_receipts(POSTINGS + 1)
        Receipt.post([paid])
        admin = User(Transaction().user)
        User.write([admin], {
                'password': PASSWORD,
                'groups': [('add', [g.id for g in Group.search([])])],
                })
        return {
            'company': company.id,
            'client': paid.client.id,
            'receipt': paid.id,
            'drafts': [r.id for r in drafts],
            }


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    from trytond.modules.insurance_receipt.tests.tools import (
        run_in_transaction)
    from trytond.tests.test_tryton import DB_NAME, USER, activate_module

    activate_module('insurance_receipt')
    data = run_in_transaction(DB_NAME, USER, _create_data)
    log = tmp_path_factory.mktemp('trytond') / 'trytond.log'
    with Server(URI, log) as server:
        server.data = data
        server.database = DB_NAME
        yield server


def _client(server):
    client = Client(server.url, server.database)
    client.login('admin', PASSWORD)
    return client


def _run_threads(server, calls):
    """Run each call(client) in its own thread with its own session; return
    the exceptions raised"""
    clients = [_client(server) for _ in calls]
    errors = []
    barrier = threading.Barrier(len(calls))

    def run(call, client):
        barrier.wait()
        try:
            call(client)
        except Exception as exception:  # reported by the test
            errors.append(exception)

    threads = [threading.Thread(target=run, args=(call, client))
        for call, client in zip(calls, clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _numbers(values):
    "Return the sorted integers that end the numbers"
    return sorted(int(re.search(r'(\d+)$', v).group(1)) for v in values)


def _continuous(numbers):
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _move_numbers(client, company):
    """The numbers of the company's posted moves (one sequence: the fiscal
    year's); other tests of the run may have made other companies"""
    moves = client.model('account.move', 'search_read',
        [('state', '=', 'posted'), ('company', '=', company)],
        0, None, None, ['number'])
    return _numbers(m['number'] for m in moves)


def test_concurrent_payments_of_one_receipt(server):
    "20 payments that each pay the whole receipt: all posted, one allocated"
    data = server.data
    admin = _client(server)
    total = Decimal(admin.model('insurance.receipt', 'read',
            [data['receipt']], ['total'])[0]['total']['decimal'])

    def pay(client):
        payment_id, = client.model('insurance.payment', 'create', [{
                    'party': data['client'],
                    'amount': {'__class__': 'Decimal',
                        'decimal': str(total)},
                    'method': 'transfer',
                    'kind': 'collection',
                    }])
        client.model('insurance.payment', 'post', [payment_id])

    errors = _run_threads(server, [pay] * PAYMENTS)
    assert errors == []

    payments = admin.model('insurance.payment', 'search_read',
        [('party', '=', data['client'])], 0, None, None, ['state'])
    assert len(payments) == PAYMENTS
    assert {p['state'] for p in payments} == {'posted'}
    receipt, = admin.model('insurance.receipt', 'read', [data['receipt']],
        ['state', 'amount_paid', 'allocations'])
    assert receipt['state'] == 'paid'
    assert Decimal(receipt['amount_paid']['decimal']) == total
    allocations = admin.model('insurance.payment.allocation', 'read',
        receipt['allocations'], ['amount'])
    assert sum(Decimal(a['amount']['decimal']) for a in allocations) == total
    assert _continuous(_move_numbers(admin, data['company']))


def test_concurrent_receipt_postings(server):
    "50 receipts posted at once: all posted, numbers continuous"
    data = server.data
    admin = _client(server)

    def post(receipt_id):
        def call(client):
            client.model('insurance.receipt', 'post', [receipt_id])
        return call

    errors = _run_threads(server, [post(r) for r in data['drafts']])
    assert errors == []

    receipts = admin.model('insurance.receipt', 'search_read',
        [('company', '=', data['company'])], 0, None, None,
        ['state', 'number'])
    posted = [r for r in receipts if r['id'] in data['drafts']]
    assert {r['state'] for r in posted} == {'posted'}
    numbers = _numbers(r['number'] for r in receipts if r['number'])
    assert len(numbers) == POSTINGS + 1
    assert _continuous(numbers), numbers
    assert _continuous(_move_numbers(admin, data['company']))

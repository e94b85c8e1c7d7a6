"""Twenty client payments posted at the same time on one receipt.

Tryton runs PostgreSQL at REPEATABLE READ: the allocation of a payment locks
the receipt rows it pays (Model.lock) and updates their stored received
amount, so a concurrent transaction is restarted (as Tryton's dispatcher
does) and sees the receipt already paid. The test runs 20 threads, each in
its own transaction, and checks that the receipt never receives more than
its total and that no payment fails. Locks do nothing on SQLite: the test is
skipped there.
"""
import os
import random
import threading
import time
from decimal import Decimal

import pytest

URI = os.environ.get('TRYTOND_DATABASE__URI', '')
pytestmark = pytest.mark.skipif(
    not URI.startswith('postgresql'),
    reason="row locks are only enforced on PostgreSQL")

THREADS = 20
AMOUNT = Decimal('5.00')


def _setup():
    """Create a client with a posted 25 € cash receipt; return the ids of
    the company, client and receipt, and the context of the company"""
    from trytond.modules.insurance_receipt.tests.tools import (
        run_in_transaction)
    from trytond.tests.test_tryton import CONTEXT, DB_NAME, USER

    return run_in_transaction(DB_NAME, USER, _create_receipt, CONTEXT)


def _create_receipt():
    from trytond.modules.company.tests.test_module import (
        create_company, set_company)
    from trytond.modules.insurance_receipt.tests.tools import (
        create_cash_receipts, setup_receipt_accounting)
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    Receipt = Pool().get('insurance.receipt')
    company = create_company()
    with set_company(company):
        setup_receipt_accounting(company)
        receipt, = create_cash_receipts(1)
        Receipt.post([receipt])
        ids = (company.id, receipt.client.id, receipt.id)
        return ids, dict(Transaction().context)


def _pay(party_id, context, errors):
    "Post one payment, restarting the transaction as the dispatcher does"
    from trytond import backend
    from trytond.pool import Pool
    from trytond.tests.test_tryton import DB_NAME, USER
    from trytond.transaction import Transaction, TransactionError

    extras = {}
    for _ in range(200):
        try:
            with Transaction().start(
                    DB_NAME, USER, context=context, **extras) as transaction:
                try:
                    pool = Pool()
                    Payment = pool.get('insurance.payment')
                    Party = pool.get('party.party')
                    Payment.record(Party(party_id), AMOUNT, 'transfer')
                except TransactionError as e:
                    transaction.rollback()
                    e.fix(extras)
                    continue
                transaction.commit()
                return
        except backend.DatabaseOperationalError:
            time.sleep(random.uniform(0.01, 0.1))
        except Exception as exception:  # reported by the test
            errors.append(exception)
            return
    errors.append(RuntimeError("payment not posted after 200 attempts"))


def test_concurrent_payments_never_overallocate():
    from trytond.pool import Pool
    from trytond.tests.test_tryton import DB_NAME, USER, activate_module
    from trytond.transaction import Transaction

    activate_module('insurance_receipt')
    (company_id, party_id, receipt_id), context = _setup()

    errors = []
    threads = [threading.Thread(target=_pay, args=(party_id, context, errors))
        for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    with Transaction().start(DB_NAME, USER, context=context):
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Payment = pool.get('insurance.payment')
        Party = pool.get('party.party')
        receipt = Receipt(receipt_id)
        payments = Payment.search([('party', '=', party_id)])
        assert len(payments) == THREADS
        assert all(p.state == 'posted' for p in payments)
        allocated = sum(a.amount for a in receipt.allocations)
        assert allocated == receipt.total == Decimal('25.00')
        assert receipt.amount_paid == receipt.total
        assert receipt.state == 'paid'
        # settled once: the client line is reconciled with one settlement
        assert receipt.settlement_move.state == 'posted'
        assert receipt.line.reconciliation
        Move = pool.get('account.move')
        assert Move.search([('origin', '=', str(receipt))], count=True) == 2
        party = Party(party_id)
        assert party.receipt_credit == THREADS * AMOUNT - receipt.total
        assert party.receivable == -party.receipt_credit

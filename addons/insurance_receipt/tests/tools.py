# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Builders for tests and benchmarks that run inside a Tryton transaction
(the scenarios use proteus and the account test tools instead)"""
import datetime as dt
import uuid
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.modules.account.tests.test_module import (
    create_chart, get_fiscalyear)
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError

__all__ = [
    'create_cash_receipts', 'run_in_transaction', 'setup_receipt_accounting']


def run_in_transaction(database, user, func, context=None):
    """Run func() in a transaction and commit it, restarting it with the
    requested locks like Tryton's dispatcher; return its result"""
    extras = {}
    while True:
        with Transaction().start(
                database, user, context=context, **extras) as transaction:
            try:
                result = func()
            except TransactionError as e:
                transaction.rollback()
                e.fix(extras)
                continue
            transaction.commit()
            return result


def setup_receipt_accounting(company):
    """Create the fiscal year of today, the minimal chart of accounts and
    the receipt configuration of the company"""
    pool = Pool()
    FiscalYear = pool.get('account.fiscalyear')
    Account = pool.get('account.account')
    Configuration = pool.get('insurance.receipt.configuration')
    fiscalyear = set_invoice_sequences(get_fiscalyear(company))
    fiscalyear.save()
    FiscalYear.create_period([fiscalyear])
    create_chart(company)
    cash, = Account.search([
            ('company', '=', company.id), ('code', '=', '1.1.1')])
    revenue, = Account.search([
            ('company', '=', company.id), ('code', '=', '4.1.1')])
    config = Configuration(1)
    config.client_funds_account = cash
    for name in ['commission_revenue_account', 'fee_revenue_account',
            'honorarium_revenue_account', 'return_fee_account']:
        setattr(config, name, revenue)
    config.save()
    return fiscalyear


def create_cash_receipts(count):
    """Create an insurer and `count` active clients, each with a monthly
    contract under delegated collection and its draft cash receipt of the
    current month; return the receipts (the company must be set)"""
    pool = Pool()
    Party = pool.get('party.party')
    Policy = pool.get('insurance.policy')
    Receipt = pool.get('insurance.receipt')
    LineOfBusiness = pool.get('insurance.line_of_business')
    # unique code: the database may be reused from an earlier run
    insurer = Party(name="Insurer", is_insurer=True,
        insurer_code=uuid.uuid4().hex[:8])
    clients = [Party(name=f"Client {i}", client_status='active')
        for i in range(count)]
    Party.save([insurer] + clients)
    line, = LineOfBusiness.search([], limit=1)
    start = dt.date.today().replace(day=1)
    policies = [Policy(client=client, insurer=insurer,
            line_of_business=line, start_date=start,
            end_date=start + relativedelta(years=1),
            payment_frequency='monthly', delegated_collection=True,
            annual_premium_excl_tax=Decimal('250'),
            annual_premium=Decimal('300'))
        for client in clients]
    Policy.save(policies)
    receipts = [Receipt(**Receipt.values_from_policy(p, 'cash', start))
        for p in policies]
    Receipt.save(receipts)
    return receipts

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Builders for tests and benchmarks that run inside a Tryton transaction
(the scenarios use proteus and the account test tools instead)"""
from trytond.modules.account.tests.test_module import (
    create_chart, get_fiscalyear)
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError

__all__ = ['setup_receipt_accounting', 'run_in_transaction']


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

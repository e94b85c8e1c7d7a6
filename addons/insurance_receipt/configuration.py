# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Eval, Id


def _account(string, help, kind=None):
    domain = [
        ('closed', '!=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ]
    if kind:
        domain.append(kind)
    return fields.Many2One(
        'account.account', string, domain=domain, help=help)


_ACCOUNTS = {
    'client_funds_account': (
        "Client Funds Bank Account",
        "The bank account (512) holding the premiums collected on behalf "
        "of insurers; client payments land here.",
        ('type.statement', '=', 'balance')),
    'operating_account': (
        "Operating Bank Account",
        "The bank account (512) of the firm's own money: commissions, "
        "fees and honoraires once settled.",
        ('type.statement', '=', 'balance')),
    'commission_revenue_account': (
        "Commission Revenue Account",
        "The revenue account (706) credited with the commission kept "
        "at source.", ('type.statement', '=', 'income')),
    'fee_revenue_account': (
        "Fee Revenue Account",
        "The revenue account credited with the fees of the receipts.",
        ('type.statement', '=', 'income')),
    'honorarium_revenue_account': (
        "Broker's Fee Revenue Account",
        "The revenue account credited with the honoraires.",
        ('type.statement', '=', 'income')),
    'return_fee_account': (
        "Return Fee Account",
        "The revenue account credited with the fees charged for rejected "
        "direct debits.", ('type.statement', '=', 'income')),
    }
_JOURNALS = {
    'receipt_journal': (
        "Receipt Journal", "The journal of the receipt entries."),
    'payment_journal': (
        "Payment Journal", "The journal of the client payments."),
    }


def _journal(name):
    string, help = _JOURNALS[name]
    return fields.Many2One('account.journal', string, help=help)


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Receipt Configuration"
    __name__ = 'insurance.receipt.configuration'
    client_funds_account = fields.MultiValue(
        _account(*_ACCOUNTS['client_funds_account']))
    operating_account = fields.MultiValue(
        _account(*_ACCOUNTS['operating_account']))
    commission_revenue_account = fields.MultiValue(
        _account(*_ACCOUNTS['commission_revenue_account']))
    fee_revenue_account = fields.MultiValue(
        _account(*_ACCOUNTS['fee_revenue_account']))
    honorarium_revenue_account = fields.MultiValue(
        _account(*_ACCOUNTS['honorarium_revenue_account']))
    return_fee_account = fields.MultiValue(
        _account(*_ACCOUNTS['return_fee_account']))
    receipt_journal = fields.MultiValue(_journal('receipt_journal'))
    payment_journal = fields.MultiValue(_journal('payment_journal'))
    receipt_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence.strict', "Receipt Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('insurance_receipt', 'sequence_type_receipt')),
                ],
            help="Numbers the posted receipts."))
    reminder_days = fields.Integer(
        "First Reminder Delay", required=True,
        domain=[('reminder_days', '>=', 0)],
        help="The number of days after the due date of a receipt when the "
        "first reminder is due.")
    term_batch_size = fields.Integer(
        "Renewal Batch Size", required=True,
        domain=[('term_batch_size', '>', 0)],
        help="The number of contracts handled per task when the terms are "
        "renewed; bigger runs go through the task queue.")

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in _ACCOUNTS or field in _JOURNALS or (
                field == 'receipt_sequence'):
            return pool.get('insurance.receipt.configuration.account')
        return super().multivalue_model(field)

    @classmethod
    def default_reminder_days(cls):
        return 10

    @classmethod
    def default_term_batch_size(cls):
        return 1000

    @classmethod
    def default_receipt_journal(cls, **pattern):
        return cls.multivalue_model(
            'receipt_journal').default_receipt_journal()

    @classmethod
    def default_payment_journal(cls, **pattern):
        return cls.multivalue_model(
            'payment_journal').default_payment_journal()

    @classmethod
    def default_receipt_sequence(cls, **pattern):
        return cls.multivalue_model(
            'receipt_sequence').default_receipt_sequence()


class ConfigurationAccount(ModelSQL, CompanyValueMixin):
    "Receipt Configuration Accounts"
    __name__ = 'insurance.receipt.configuration.account'
    client_funds_account = fields.Many2One(
        'account.account', "Client Funds Bank Account")
    operating_account = fields.Many2One(
        'account.account', "Operating Bank Account")
    commission_revenue_account = fields.Many2One(
        'account.account', "Commission Revenue Account")
    fee_revenue_account = fields.Many2One(
        'account.account', "Fee Revenue Account")
    honorarium_revenue_account = fields.Many2One(
        'account.account', "Broker's Fee Revenue Account")
    return_fee_account = fields.Many2One(
        'account.account', "Return Fee Account")
    receipt_journal = fields.Many2One(
        'account.journal', "Receipt Journal")
    payment_journal = fields.Many2One(
        'account.journal', "Payment Journal")
    receipt_sequence = fields.Many2One(
        'ir.sequence.strict', "Receipt Sequence",
        domain=[
            ('company', 'in', [Eval('company', -1), None]),
            ('sequence_type', '=',
                Id('insurance_receipt', 'sequence_type_receipt')),
            ])

    @classmethod
    def _get_id(cls, module, xml_id):
        try:
            return Pool().get('ir.model.data').get_id(module, xml_id)
        except KeyError:
            return None

    @classmethod
    def default_receipt_journal(cls):
        return cls._get_id('account', 'journal_revenue')

    @classmethod
    def default_payment_journal(cls):
        return cls._get_id('account', 'journal_cash')

    @classmethod
    def default_receipt_sequence(cls):
        return cls._get_id('insurance_receipt', 'sequence_receipt')

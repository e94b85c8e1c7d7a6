# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance import spreadsheet
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import DirectDebitError
from .target2 import next_business_day


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.receipt.configuration'
    direct_debit_journal = fields.Many2One(
        'account.payment.journal', "Direct Debit Journal",
        domain=[('process_method', '=', 'sepa')],
        help="The SEPA payment journal the direct debit files are made "
        "with (creditor bank account and pain.008 flavour).")
    return_fee_amount = Monetary(
        "Return Fee", currency='return_fee_currency', digits=(16, 2),
        domain=['OR',
            ('return_fee_amount', '=', None),
            ('return_fee_amount', '>=', 0),
            ],
        help="Charged to the client when the bank returns a direct debit, "
        "on the return fee account.")
    return_fee_currency = fields.Function(fields.Many2One(
            'currency.currency', "Return Fee Currency"),
        'get_return_fee_currency')

    def get_return_fee_currency(self, name):
        Company = Pool().get('company.company')
        company = Transaction().context.get('company')
        return Company(company).currency.id if company else None


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['account.payment']


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'
    client_payment = fields.Many2One(
        'insurance.payment', "Client Payment", readonly=True,
        ondelete='RESTRICT',
        states={
            'invisible': ~Eval('client_payment'),
            },
        help="The payment recorded on the client file when the debit "
        "succeeded.")
    return_fee_move = fields.Many2One(
        'account.move', "Return Fee Move", readonly=True,
        states={
            'invisible': ~Eval('return_fee_move'),
            },
        help="The move charging the return fee to the client.")

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['insurance.receipt']

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default else {}
        default.setdefault('client_payment', None)
        default.setdefault('return_fee_move', None)
        return super().copy(payments, default=default)

    @property
    def receipt(self):
        Receipt = Pool().get('insurance.receipt')
        return self.origin if isinstance(self.origin, Receipt) else None

    @classmethod
    @ModelView.button
    @Workflow.transition('succeeded')
    def succeed(cls, payments):
        super().succeed(payments)
        cls.record_client_payments(payments)

    @classmethod
    @ModelView.button
    @Workflow.transition('failed')
    def fail(cls, payments):
        super().fail(payments)
        cls.reject_client_payments(payments)
        cls.charge_return_fees(payments)

    @classmethod
    def record_client_payments(cls, payments):
        "Record the succeeded debits of receipts on the client files"
        ClientPayment = Pool().get('insurance.payment')
        payments = [p for p in payments
            if p.receipt and (not p.client_payment
                or p.client_payment.state == 'rejected')]
        client_payments = [ClientPayment(
                company=p.company, party=p.party, kind='collection',
                method='direct_debit', amount=p.amount, date=p.date,
                reference=p.rec_name, receipt=p.receipt)
            for p in payments]
        ClientPayment.save(client_payments)
        ClientPayment.post(client_payments)
        for payment, client_payment in zip(payments, client_payments):
            payment.client_payment = client_payment
        cls.save(payments)

    @classmethod
    def reject_client_payments(cls, payments):
        "Reopen the receipts of returned debits"
        ClientPayment = Pool().get('insurance.payment')
        to_reject = [p.client_payment for p in payments
            if p.client_payment and p.client_payment.state == 'posted']
        if to_reject:
            ClientPayment.reject(to_reject)

    @classmethod
    def charge_return_fees(cls, payments):
        "Post a move charging the configured return fee to each client"
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        Move = pool.get('account.move')
        config = Configuration(1)
        payments = [p for p in payments
            if p.receipt and not p.return_fee_move]
        if not payments or not config.return_fee_amount:
            return
        if not config.return_fee_account:
            raise DirectDebitError(gettext(
                    'insurance_receipt.msg_direct_debit_no_return_fee_account'))
        moves = [p.get_return_fee_move(config) for p in payments]
        Move.save(moves)
        Move.post(moves)
        for payment, move in zip(payments, moves):
            payment.return_fee_move = move
        cls.save(payments)

    def get_return_fee_move(self, config):
        "Return the unsaved move charging the return fee of the payment"
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Period = pool.get('account.period')
        Date = pool.get('ir.date')
        date = Date.today()
        amount = config.return_fee_amount
        description = gettext(
            'insurance_receipt.msg_return_fee_description',
            payment=self.rec_name)
        return Move(
            journal=config.receipt_journal, company=self.company,
            date=date, period=Period.find(self.company, date=date),
            origin=self, description=description,
            lines=[
                Line(account=self.party.account_receivable_used,
                    party=self.party, debit=amount, credit=0,
                    maturity_date=date),
                Line(account=config.return_fee_account,
                    debit=0, credit=amount),
                ])


class DirectDebitStart(ModelView):
    "Direct Debit"
    __name__ = 'insurance.receipt.direct_debit.start'
    journal = fields.Many2One(
        'account.payment.journal', "Journal", required=True,
        domain=[('process_method', '=', 'sepa')],
        help="The SEPA journal of the creditor bank account.")
    due_date = fields.Date("Due Until", required=True,
        help="Debit the posted receipts due up to this date.")
    collection_date = fields.Date("Earliest Collection", required=True,
        help="No debit is collected before this date; each is moved to the "
        "client's notice delay and to a TARGET2 business day.")

    @classmethod
    def default_journal(cls):
        config = Pool().get('insurance.receipt.configuration')(1)
        journal = config.direct_debit_journal
        return journal.id if journal else None

    @classmethod
    def default_due_date(cls):
        return Pool().get('ir.date').today() + dt.timedelta(days=30)

    @classmethod
    def default_collection_date(cls):
        return Pool().get('ir.date').today()


class DirectDebit(Wizard):
    "Direct Debit"
    __name__ = 'insurance.receipt.direct_debit'
    start = StateView('insurance.receipt.direct_debit.start',
        'insurance_receipt.direct_debit_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create File", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateAction('account_payment.act_payment_group_form')

    def do_create_(self, action):
        group = self.debit(
            self.start.journal, self.start.due_date,
            self.start.collection_date)
        return open_records(action, [group]), {}

    @classmethod
    def due_receipts(cls, due_date):
        "Posted receipts due by due_date not already being debited"
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Payment = pool.get('account.payment')
        receipts = Receipt.search([
                ('state', '=', 'posted'),
                ('due_date', '<=', due_date),
                ('policy.collection_method', '=', 'direct_debit'),
                ('client.sepa_mandates.state', '=', 'validated'),
                ], order=[('due_date', 'ASC'), ('id', 'ASC')])
        pending = Payment.search([
                ('origin', 'in', [str(r) for r in receipts]),
                ('state', '!=', 'failed'),
                ])
        busy = {p.origin for p in pending}
        return [r for r in receipts if r not in busy]

    @classmethod
    def debit(cls, journal, due_date, collection_date):
        "Create, process and return the payment group of the due receipts"
        pool = Pool()
        Payment = pool.get('account.payment')
        Group = pool.get('account.payment.group')
        receipts = cls.due_receipts(due_date)
        if not receipts:
            raise DirectDebitError(gettext(
                    'insurance_receipt.msg_direct_debit_nothing'))
        payments = [cls.get_payment(journal, r, collection_date)
            for r in receipts]
        Payment.save(payments)
        Payment.submit(payments)

        def group():
            group = Group(journal=journal, kind='receivable',
                company=journal.company)
            group.save()
            return group
        return Payment.process(payments, group)

    @classmethod
    def get_payment(cls, journal, receipt, collection_date):
        "Return the unsaved debit of the receipt"
        Payment = Pool().get('account.payment')
        mandate = cls.get_mandate(receipt)
        notice = Pool().get('ir.date').today() + dt.timedelta(
            days=mandate.notice_days)
        date = next_business_day(
            max(receipt.due_date, collection_date, notice))
        return Payment(
            company=journal.company, journal=journal, kind='receivable',
            party=receipt.client, amount=receipt.amount_to_pay, date=date,
            line=receipt.line, origin=receipt, sepa_mandate=mandate,
            reference=receipt.number)

    @classmethod
    def get_mandate(cls, receipt):
        "Return the validated mandate of the client, refusing a lapsed one"
        Date = Pool().get('ir.date')
        today = Date.today()
        mandates = [m for m in receipt.client.sepa_mandates
            if m.state == 'validated' and m.company == receipt.company]
        usable = [m for m in mandates if not m.lapsed(today)]
        if not usable:
            raise DirectDebitError(gettext(
                    'insurance_receipt.msg_direct_debit_mandate_lapsed',
                    mandate=mandates[0].rec_name,
                    receipt=receipt.rec_name))
        return usable[0]


class ReturnImportStart(ModelView):
    "Import Direct Debit Returns"
    __name__ = 'insurance.receipt.direct_debit_return.start'
    file_ = fields.Binary("File", required=True,
        help="A CSV file of the bank returns: end-to-end id, reason code "
        "and optional information, separated by semicolons.")


class ReturnImport(Wizard):
    "Import Direct Debit Returns"
    __name__ = 'insurance.receipt.direct_debit_return'
    start = StateView('insurance.receipt.direct_debit_return.start',
        'insurance_receipt.direct_debit_return_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('account_payment.act_payment_form')

    def do_import_(self, action):
        payments = self.import_returns(self.start.file_)
        return open_records(action, payments), {}

    @classmethod
    def parse(cls, data):
        "Return {end-to-end id: (reason code, information)} of the file"
        if isinstance(data, str):
            data = data.encode('utf-8')
        returns = {}
        for _, row in spreadsheet.read_rows(data, 'returns.csv'):
            row = [str(c or '').strip() for c in row]
            if not row[0] or row[0].lower() == 'end_to_end_id':
                continue
            code = row[1] if len(row) > 1 else ''
            information = row[2] if len(row) > 2 else ''
            returns[row[0]] = (code, information or '/RTYP/RJCT')
        if not returns:
            raise DirectDebitError(gettext('insurance.msg_file_empty'))
        return returns

    @classmethod
    def import_returns(cls, data):
        "Fail the returned payments and return them"
        Payment = Pool().get('account.payment')
        returns = cls.parse(data)
        payments = Payment.search([
                ('sepa_end_to_end_id', 'in', list(returns)),
                ('kind', '=', 'receivable'),
                ('state', 'in', ['processing', 'succeeded']),
                ])
        found = {p.sepa_end_to_end_id for p in payments}
        missing = sorted(set(returns) - found)
        if missing:
            raise DirectDebitError(gettext(
                    'insurance_receipt.msg_direct_debit_return_unknown',
                    ids=', '.join(missing)))
        by_values = defaultdict(list)
        for payment in payments:
            by_values[returns[payment.sepa_end_to_end_id]].append(payment)
        to_write = []
        for (code, information), grouped in by_values.items():
            to_write.extend((grouped, {
                        'sepa_return_reason_code': code,
                        'sepa_return_reason_information': information,
                        }))
        Payment.write(*to_write)
        Payment.fail(payments)
        return payments

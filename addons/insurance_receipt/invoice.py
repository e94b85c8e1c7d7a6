# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from sql import Literal
from sql.conditionals import Coalesce
from sql.operators import Exists

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import FeeInvoiceError

BROKER_STATES = [
    ('pending', "Pending"),
    ('paid', "Paid"),
    ('cancelled', "Cancelled"),
    ('late', "Late"),
    ]

NUMBER_PREFIXES = [
    ('year_month_day', "Year / Month / Day / Number"),
    ('year_month', "Year / Month / Number"),
    ('year', "Year / Number"),
    ('none', "No prefix"),
    ]
_PREFIX_FORMATS = {
    'year_month_day': '%Y/%m/%d/',
    'year_month': '%Y/%m/',
    'year': '%Y/',
    'none': '',
    }


def number_prefix(option, date):
    "Return the prefix of a fee invoice number for the option and date"
    return date.strftime(_PREFIX_FORMATS[option or 'none'])


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.receipt.configuration'
    fee_invoice_prefix = fields.Selection(
        NUMBER_PREFIXES, "Fee Invoice Prefix", required=True,
        help="What precedes the number of the fee invoices.")
    fee_invoice_footer = fields.Text("Fee Invoice Footer",
        help="Printed at the bottom of the fee invoices, e.g. how to pay.")

    @classmethod
    def default_fee_invoice_prefix(cls):
        return 'year'


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'
    policy = fields.Many2One(
        'insurance.policy', "Contract", ondelete='RESTRICT',
        domain=[
            ('client', '=', Eval('party', -1)),
            ],
        states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('type') != 'out',
            },
        help="The contract the fees are invoiced for.")
    broker_state = fields.Function(fields.Selection(
            BROKER_STATES, "Follow-up",
            help="Pending: not paid yet; late: posted, unpaid and past its "
            "due date; paid; cancelled."),
        'get_broker_state', searcher='search_broker_state')

    @classmethod
    def _late_query(cls, ids=None):
        """SQL query of the ids of posted invoices with an overdue open line
        (among ids if given)"""
        pool = Pool()
        Date = pool.get('ir.date')
        MoveLine = pool.get('account.move.line')
        invoice = cls.__table__()
        line = MoveLine.__table__()
        today = Date.today()
        overdue = line.select(Literal(1),
            where=(line.move == invoice.move)
            & (line.account == invoice.account)
            & (line.reconciliation == None)  # noqa: E711
            & (Coalesce(line.maturity_date, today) < today))
        where = (invoice.state == 'posted') & Exists(overdue)
        if ids is not None:
            where &= fields.SQL_OPERATORS['in'](invoice.id, ids)
        return invoice.select(invoice.id, where=where)

    @classmethod
    def get_broker_state(cls, invoices, name):
        cursor = Transaction().connection.cursor()
        late = set()
        for sub_ids in grouped_slice(
                [i.id for i in invoices], backend.MAX_QUERY_PARAMS):
            cursor.execute(*cls._late_query(list(sub_ids)))
            late.update(r for r, in cursor)
        result = {}
        for invoice in invoices:
            if invoice.id in late:
                result[invoice.id] = 'late'
            elif invoice.state in {'paid', 'cancelled'}:
                result[invoice.id] = invoice.state
            else:
                result[invoice.id] = 'pending'
        return result

    @classmethod
    def search_broker_state(cls, name, clause):
        _, operator, value = clause
        values = [value] if isinstance(value, str) else list(value or [])
        if operator in {'=', 'in'}:
            positive = True
        elif operator in {'!=', 'not in'}:
            positive = False
        else:
            return []
        late = ('id', 'in', cls._late_query())
        not_late = ('id', 'not in', cls._late_query())
        domain = ['OR']
        for state in values:
            if state == 'late':
                domain.append(late)
            elif state == 'pending':
                domain.append([
                        ('state', 'in', ['draft', 'validated', 'posted']),
                        not_late])
            elif state in {'paid', 'cancelled'}:
                domain.append(('state', '=', state))
        if len(domain) == 1:
            domain.append(('id', '=', -1))
        return domain if positive else ['NOT', domain]

    @classmethod
    def default_comment(cls):
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        if Transaction().context.get('type') == 'out':
            return Configuration(1).fee_invoice_footer

    @classmethod
    def set_number(cls, invoices):
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        to_prefix = [i for i in invoices
            if i.type == 'out' and not i.number
            and i.state not in {'posted', 'paid', 'cancelled'}]
        super().set_number(invoices)
        option = Configuration(1).fee_invoice_prefix
        if option and option != 'none' and to_prefix:
            for invoice in to_prefix:
                invoice.number = (
                    number_prefix(option, invoice.invoice_date)
                    + invoice.number)
            cls.save(to_prefix)


class CreateFeeInvoiceStart(ModelView):
    "Create Fee Invoice"
    __name__ = 'insurance.receipt.fee_invoice.start'
    party = fields.Many2One(
        'party.party', "Client", required=True, readonly=True)
    policy = fields.Many2One(
        'insurance.policy', "Contract",
        domain=[('client', '=', Eval('party', -1))],
        help="The contract the fees are invoiced for, if any.")
    description = fields.Char("Description", required=True,
        help="What the fees pay for, printed on the invoice.")
    amount = fields.Numeric("Amount", digits=(16, 2), required=True,
        domain=[('amount', '>', 0)],
        help="The fees, exempt from VAT (insurance intermediation).")
    invoice_date = fields.Date("Invoice Date", required=True)

    @classmethod
    def default_invoice_date(cls):
        return Pool().get('ir.date').today()


class CreateFeeInvoice(Wizard):
    "Create Fee Invoice"
    __name__ = 'insurance.receipt.fee_invoice'
    start = StateView('insurance.receipt.fee_invoice.start',
        'insurance_receipt.fee_invoice_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateAction('account_invoice.act_invoice_out_form')

    def default_start(self, fields):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        values = {}
        if self.model and self.model.__name__ == 'party.party':
            values['party'] = self.record.id
        elif isinstance(self.record, Policy):
            values['party'] = self.record.client.id
            values['policy'] = self.record.id
        return values

    def do_create_(self, action):
        invoice = self.build_invoice()
        invoice.save()
        return open_records(action, [invoice]), {}

    def build_invoice(self):
        "Return the unsaved fee invoice of the wizard"
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.invoice.line')
        config = Configuration(1)
        account = config.honorarium_revenue_account
        if not account:
            raise FeeInvoiceError(gettext(
                    'insurance_receipt.msg_fee_invoice_no_account'))
        Company = pool.get('company.company')
        start = self.start
        company = Company(Transaction().context['company'])
        invoice = Invoice(type='out', party=start.party,
            policy=start.policy, invoice_date=start.invoice_date,
            company=company, currency=company.currency)
        invoice.on_change_type()
        invoice.on_change_party()
        invoice.comment = config.fee_invoice_footer
        invoice.lines = [Line(
                type='line', invoice_type='out', party=start.party,
                description=start.description, quantity=1,
                unit_price=start.amount, account=account,
                currency=invoice.currency, company=invoice.company,
                taxes=[])]
        return invoice

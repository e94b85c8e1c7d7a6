# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.company.company import CompanyReport
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance import spreadsheet
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import RemittanceError

ZERO = Decimal(0)


class Remittance(Workflow, ModelSQL, ModelView):
    "Remittance Statement"
    __name__ = 'insurance.remittance'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states)
    period_start = fields.Date("From", required=True, states=_states)
    period_end = fields.Date(
        "To", required=True, states=_states,
        domain=[('period_end', '>=', Eval('period_start', None))],
        help="The paid receipts due in the period are remitted.")
    date = fields.Date("Accounting Date", required=True, states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    lines = fields.One2Many(
        'insurance.remittance.line', 'remittance', "Receipts",
        readonly=True)
    contracts = fields.One2Many(
        'insurance.remittance.contract', 'remittance',
        "Suspended and Terminated Contracts", readonly=True,
        help="The contracts of the insurer suspended or terminated for "
        "non-payment during the period, reported to the insurer.")
    premium = fields.Function(Monetary(
            "Premiums", currency='currency', digits='currency'),
        'get_totals')
    commission = fields.Function(Monetary(
            "Commissions Kept", currency='currency', digits='currency'),
        'get_totals')
    amount = fields.Function(Monetary(
            "Amount to Remit", currency='currency', digits='currency',
            help="Collected premiums less the commissions kept at source."),
        'get_totals')
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')
    csv_file = fields.Function(fields.Binary(
            "CSV", filename='csv_filename'), 'get_file')
    csv_filename = fields.Function(fields.Char("CSV Name"), 'get_filename')
    xlsx_file = fields.Function(fields.Binary(
            "Spreadsheet", filename='xlsx_filename'), 'get_file')
    xlsx_filename = fields.Function(
        fields.Char("Spreadsheet Name"), 'get_filename')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period_end', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'posted')}
        cls._buttons.update({
                'compute': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def get_totals(cls, remittances, names):
        result = {n: {} for n in names}
        for remittance in remittances:
            values = {
                'premium': sum((l.premium for l in remittance.lines), ZERO),
                'commission': sum(
                    (l.commission for l in remittance.lines), ZERO),
                'amount': sum((l.amount for l in remittance.lines), ZERO),
                }
            for name in names:
                result[name][remittance.id] = values[name]
        return result

    @classmethod
    @ModelView.button
    def compute(cls, remittances):
        """Fill the statements with the paid receipts not remitted yet and
        the contracts suspended or terminated for non-payment"""
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Line = pool.get('insurance.remittance.line')
        Contract = pool.get('insurance.remittance.contract')
        remittances = [r for r in remittances if r.state == 'draft']
        Line.delete([l for r in remittances for l in r.lines])
        Contract.delete([c for r in remittances for c in r.contracts])
        lines, contracts = [], []
        for remittance in remittances:
            # a statement is per insurer, across agencies and their rules
            with without_check_access():
                receipts = Receipt.search([
                        ('company', '=', remittance.company.id),
                        ('insurer', '=', remittance.insurer.id),
                        ('state', '=', 'paid'),
                        ('due_date', '>=', remittance.period_start),
                        ('due_date', '<=', remittance.period_end),
                        ('remittance_lines', '=', None),
                        ], order=[('due_date', 'ASC'), ('id', 'ASC')])
            lines.extend(Line.from_receipt(remittance, r) for r in receipts)
            contracts.extend(Contract(remittance=remittance, event=a,
                    policy=a.policy, receipt=a.receipt, action=a.action,
                    date=a.date) for a in remittance.contract_actions())
        Line.save(lines)
        Contract.save(contracts)

    def contract_actions(self):
        """Return the suspensions and terminations for non-payment of the
        contracts of the insurer in the period, not reported yet"""
        pool = Pool()
        Action = pool.get('insurance.receipt.contract_action')
        with without_check_access():
            return Action.search([
                    ('company', '=', self.company.id),
                    ('insurer', '=', self.insurer.id),
                    ('date', '>=', self.period_start),
                    ('date', '<=', self.period_end),
                    ('statement_lines', '=', None),
                    ], order=[('date', 'ASC'), ('id', 'ASC')])

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, remittances):
        "Post the settlement: insurer's account to the client funds bank"
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        Configuration = pool.get('insurance.receipt.configuration')
        config = Configuration(1)
        moves = []
        for remittance in remittances:
            if not remittance.lines or remittance.amount <= 0:
                raise RemittanceError(gettext(
                        'insurance_receipt.msg_remittance_empty',
                        remittance=remittance.rec_name))
            remittance.move = remittance.get_move(
                Period.find(remittance.company, date=remittance.date),
                config.get_multivalue('client_funds_account',
                    company=remittance.company.id),
                config.get_multivalue('payment_journal',
                    company=remittance.company.id))
            moves.append(remittance.move)
        Move.save(moves)
        Move.post(moves)
        cls.save(remittances)

    def get_move(self, period, bank, journal):
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        return Move(company=self.company, period=period, journal=journal,
            date=self.date, origin=self, description=self.rec_name,
            lines=[
                Line(account=self.insurer.account_payable_used,
                    party=self.insurer, debit=self.amount, credit=ZERO),
                Line(account=bank, debit=ZERO, credit=self.amount),
                ])

    def get_rec_name(self, name):
        return '%s %s - %s' % (
            self.insurer.rec_name, self.period_start, self.period_end)

    def get_file(self, name):
        if not self.lines and not self.contracts:
            return None
        return self.to_csv() if name == 'csv_file' else self.to_xlsx()

    def get_filename(self, name):
        extension = 'csv' if name == 'csv_filename' else 'xlsx'
        return 'bordereau-%s-%s.%s' % (
            self.insurer.rec_name, self.period_end, extension)

    def to_rows(self):
        "Return the header and the rows of the statement for CSV and XLSX"
        header = ["Receipt", "Contract", "Client", "Due Date", "Premium",
            "Commission", "Amount"]
        rows = [[l.receipt.number, l.receipt.policy.rec_name,
                l.receipt.client.rec_name, l.receipt.due_date,
                l.premium, l.commission, l.amount] for l in self.lines]
        rows.append(["Total", None, None, None,
                self.premium, self.commission, self.amount])
        return header, rows

    def to_contract_rows(self):
        """Return the title, the header and the rows of the contracts
        suspended or terminated for non-payment"""
        title = "Contracts suspended or terminated for non-payment"
        header = ["Contract", "Client", "Receipt", "Event", "Date"]
        rows = [[c.policy.rec_name, c.policy.client.rec_name,
                c.receipt.number if c.receipt else None, c.event_string,
                c.date] for c in self.contracts]
        return title, header, rows

    def to_csv(self):
        header, rows = self.to_rows()
        title, contract_header, contract_rows = self.to_contract_rows()
        return spreadsheet.to_csv(
            [header, *rows, [], [title], contract_header, *contract_rows],
            decimal_separator='.', date_format='%Y-%m-%d', encoding='utf-8')

    def to_xlsx(self):
        header, rows = self.to_rows()
        title, contract_header, contract_rows = self.to_contract_rows()
        return spreadsheet.to_xlsx([
                spreadsheet.Sheet("Receipts", [header, *rows]),
                spreadsheet.Sheet("Suspensions and Terminations",
                    [[title], contract_header, *contract_rows], 2),
                ])


class RemittanceLine(ModelSQL, ModelView):
    "Remittance Statement Line"
    __name__ = 'insurance.remittance.line'
    remittance = fields.Many2One(
        'insurance.remittance', "Statement", required=True,
        ondelete='CASCADE')
    receipt = fields.Many2One(
        'insurance.receipt', "Receipt", required=True, ondelete='RESTRICT')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    premium = Monetary(
        "Premium", currency='currency', digits='currency', required=True)
    commission = Monetary(
        "Commission Kept", currency='currency', digits='currency',
        required=True)
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('remittance')

    @fields.depends('remittance', '_parent_remittance.company')
    def on_change_with_currency(self, name=None):
        if self.remittance and self.remittance.company:
            return self.remittance.company.currency

    @classmethod
    def from_receipt(cls, remittance, receipt):
        commission = (receipt.commission_amount
            if receipt.remittance_mode == 'net' else ZERO)
        return cls(remittance=remittance, receipt=receipt,
            premium=receipt.premium, commission=commission,
            amount=receipt.premium - commission)


class RemittanceContract(ModelSQL, ModelView):
    "Remittance Statement Suspended or Terminated Contract"
    __name__ = 'insurance.remittance.contract'
    remittance = fields.Many2One(
        'insurance.remittance', "Statement", required=True,
        ondelete='CASCADE')
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='RESTRICT')
    receipt = fields.Many2One(
        'insurance.receipt', "Unpaid Receipt", ondelete='RESTRICT')
    event = fields.Many2One(
        'insurance.receipt.contract_action', "Contract Action",
        required=True, ondelete='RESTRICT')
    action = fields.Selection([
            ('suspend', "Cover suspended"),
            ('terminate', "Contract terminated"),
            ], "Event", required=True)
    event_string = action.translated('action')
    date = fields.Date("Date", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('remittance')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]
        table = cls.__table__()
        cls._sql_constraints += [
            ('event_unique', Unique(table, table.event),
                'insurance_receipt.msg_remittance_event_unique'),
            ]


class RemittanceStatement(CompanyReport):
    "Remittance Statement"
    __name__ = 'insurance.remittance.statement'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        context = super().get_context(records, header, data)
        context['firm'] = Configuration(1)
        return context

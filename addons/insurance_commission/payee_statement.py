# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .exceptions import (
    PayeeStatementDeleteError, PayeeStatementEmptyError,
    PayeeStatementPostError)
from .payee_statement_file import to_csv, to_xlsx

_ZERO = Decimal(0)
_PERIOD_MONTHS = {
    'last_month': 1,
    'last_3_months': 3,
    'last_4_months': 4,
    'last_6_months': 6,
    'last_12_months': 12,
    }
_KINDS = {
    'commission': ['new_business', 'renewal'],
    'fee': ['fee'],
    'all': ['new_business', 'renewal', 'fee'],
    }


def period_dates(period, today):
    "Return the first and last day of the period before today's month"
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1) - relativedelta(
        months=_PERIOD_MONTHS[period] - 1)
    return start, end


class PayeeStatement(Workflow, ModelSQL, ModelView):
    "Commission Payee Statement"
    __name__ = 'insurance.commission.payee_statement'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char("Number", readonly=True)
    payee_type = fields.Selection([
            ('introducer', "Introducer"),
            ('salesperson', "Salesperson"),
            ], "Payee Type", required=True, states=_states,
        help="Pay an introducer or a collaborator of the firm.")
    introducer = fields.Many2One(
        'party.party', "Introducer", ondelete='RESTRICT',
        domain=[('is_introducer', '=', True)],
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('payee_type') != 'introducer',
            'required': Eval('payee_type') == 'introducer',
            })
    employee = fields.Many2One(
        'company.employee', "Salesperson", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('payee_type') != 'salesperson',
            'required': Eval('payee_type') == 'salesperson',
            })
    party = fields.Function(fields.Many2One(
            'party.party', "Payee",
            help="The party the statement is paid to."),
        'on_change_with_party', searcher='search_party')
    agency = fields.Many2One(
        'insurance.agency', "Agency", ondelete='RESTRICT', states=_states,
        help="Only the contracts of the clients of this agency; empty for "
        "every agency.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business",
        ondelete='RESTRICT', states=_states,
        help="Only the contracts of this line of business; empty for all.")
    period = fields.Selection([
            ('last_month', "Last Month"),
            ('last_3_months', "Last 3 Months"),
            ('last_4_months', "Last 4 Months"),
            ('last_6_months', "Last 6 Months"),
            ('last_12_months', "Last 12 Months"),
            ('custom', "Custom"),
            ], "Period", required=True, states=_states,
        help="The whole months before the current one, or custom dates.")
    start_date = fields.Date(
        "Start Date", required=True,
        domain=[('start_date', '<=', Eval('end_date', None))],
        states={
            'readonly': (_states['readonly']
                | (Eval('period') != 'custom')),
            })
    end_date = fields.Date(
        "End Date", required=True,
        states={
            'readonly': (_states['readonly']
                | (Eval('period') != 'custom')),
            })
    kind = fields.Selection([
            ('all', "Commissions and Fees"),
            ('commission', "Commissions"),
            ('fee', "Fees"),
            ], "Type", required=True, states=_states,
        help="The kinds of the firm's commissions the payee shares.")
    commission_states = fields.MultiSelection([
            ('expected', "Expected"),
            ('late', "Late"),
            ('received', "Received"),
            ('unpaid', "Unpaid"),
            ], "Commission States", required=True, states=_states,
        help="Only the commissions in these states.")
    date = fields.Date(
        "Date", required=True, states=_states,
        help="The date of the statement and of its payment.")
    lines = fields.One2Many(
        'insurance.commission.payee_statement.line', 'statement', "Lines",
        readonly=True,
        help="The commissions shared with the payee.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    total = fields.Function(Monetary(
            "Total", currency='currency', digits='currency',
            help="The amount owed to the payee."),
        'get_total')
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT',
        help="The entry booking the amount owed to the payee.")
    csv_file = fields.Function(fields.Binary(
            "CSV File", filename='csv_filename'), 'get_file')
    csv_filename = fields.Function(
        fields.Char("CSV File Name"), 'get_filename')
    xlsx_file = fields.Function(fields.Binary(
            "Excel File", filename='xlsx_filename'), 'get_file')
    xlsx_filename = fields.Function(
        fields.Char("Excel File Name"), 'get_filename')
    state = fields.Selection([
            ('draft', "Draft"),
            ('validated', "Validated"),
            ('paid', "Paid"),
            ('cancelled', "Cancelled"),
            ], "State", required=True, readonly=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality(cardinality='low')),
                where=t.state.in_(['draft', 'validated'])))
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'validated'),
            ('validated', 'paid'),
            ('validated', 'draft'),
            ('draft', 'cancelled'),
            ('validated', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'compute_lines': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'validate_statement': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'pay': {
                    'invisible': Eval('state') != 'validated',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'validated']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(
                        ['validated', 'cancelled']),
                    'icon': If(Eval('state') == 'cancelled',
                        'tryton-undo', 'tryton-back'),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_payee_type(cls):
        return 'introducer'

    @classmethod
    def default_period(cls):
        return 'last_month'

    @classmethod
    def default_start_date(cls):
        return period_dates('last_month', cls.default_date())[0]

    @classmethod
    def default_end_date(cls):
        return period_dates('last_month', cls.default_date())[1]

    @classmethod
    def default_kind(cls):
        return 'all'

    @classmethod
    def default_commission_states(cls):
        return ['received']

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('period', 'date')
    def on_change_period(self):
        if self.period in _PERIOD_MONTHS:
            self.start_date, self.end_date = period_dates(
                self.period, self.date or self.default_date())

    @fields.depends('date', methods=['on_change_period'])
    def on_change_date(self):
        self.on_change_period()

    @fields.depends('payee_type', 'introducer', 'employee')
    def on_change_with_party(self, name=None):
        if self.payee_type == 'introducer':
            return self.introducer
        if self.payee_type == 'salesperson' and self.employee:
            return self.employee.party

    @classmethod
    def search_party(cls, name, clause):
        return ['OR',
            ('introducer' + clause[0][len(name):],) + tuple(clause[1:]),
            ('employee.party' + clause[0][len(name):],)
            + tuple(clause[1:]),
            ]

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def get_total(cls, statements, name):
        return {s.id: s.currency.round(sum(
                    (l.amount for l in s.lines), _ZERO))
            for s in statements}

    def get_rec_name(self, name):
        return '%s - %s' % (
            self.number or '(%s)' % self.id,
            self.party.rec_name if self.party else '')

    @property
    def payee_key(self):
        "The key that keeps a commission in one statement per payee"
        payee = self.introducer if self.payee_type == 'introducer' else (
            self.employee)
        return '%s,%s' % (self.payee_type, payee.id)

    def get_filename(self, name):
        extension = name[:-len('_filename')].split('_')[0]
        return 'bordereau-%s-%s.%s' % (
            self.number or self.id, self.end_date, extension)

    @classmethod
    def get_file(cls, statements, name):
        writer = to_csv if name == 'csv_file' else to_xlsx
        return {s.id: writer(s) for s in statements}

    @classmethod
    def check_modification(
            cls, mode, statements, values=None, external=False):
        super().check_modification(
            mode, statements, values=values, external=external)
        if mode == 'delete':
            for statement in statements:
                if statement.state not in {'draft', 'cancelled'}:
                    raise PayeeStatementDeleteError(gettext(
                            'insurance_commission.msg_payee_statement_delete',
                            statement=statement.rec_name))

    @classmethod
    def copy(cls, statements, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number')
        default.setdefault('lines')
        default.setdefault('move')
        return super().copy(statements, default=default)

    def commission_domain(self):
        "Return the domain of the commissions the statement shares"
        domain = [
            ('company', '=', self.company.id),
            ('date', '>=', self.start_date),
            ('date', '<=', self.end_date),
            ('state', 'in', list(self.commission_states)),
            ('kind', 'in', _KINDS[self.kind]),
            ]
        if self.line_of_business:
            domain.append(
                ('policy.line_of_business', '=', self.line_of_business.id))
        if self.agency:
            domain.append(('policy.client.agency', '=', self.agency.id))
        if self.payee_type == 'introducer':
            domain.append(('policy.introducer', '=', self.introducer.id))
        else:
            domain.append(['OR',
                    ('policy.managers', 'in', [self.employee.id]),
                    ('policy.client.owner', '=', self.employee.id),
                    ])
        return domain

    def payee_rate(self, commission, salesperson_rates):
        "Return the payee's rate in percent of the commission"
        policy = commission.policy
        if self.payee_type == 'introducer':
            return policy.get_introducer_rate(commission.kind)
        return policy.get_salesperson_rate(
            self.employee, commission.kind, salesperson_rates)

    @classmethod
    def _taken_commissions(cls, keys):
        """Return the (payee key, commission id) of the commissions already
        in a statement of the payees of keys"""
        pool = Pool()
        Line = pool.get('insurance.commission.payee_statement.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.select(
                line.payee_key, line.commission,
                where=line.payee_key.in_(list(keys))))
        return set(cursor)

    @classmethod
    @ModelView.button
    def compute_lines(cls, statements):
        "Fill the statements with the commissions matching their filters"
        pool = Pool()
        Commission = pool.get('insurance.commission')
        Line = pool.get('insurance.commission.payee_statement.line')
        SalespersonRate = pool.get('insurance.salesperson.rate')
        statements = [s for s in statements if s.state == 'draft']
        if not statements:
            return
        Line.delete([l for s in statements for l in s.lines])
        salesperson_rates = SalespersonRate.search([
                ('company', 'in', list({s.company.id for s in statements})),
                ])
        taken = cls._taken_commissions({s.payee_key for s in statements})
        to_create = []
        for statement in statements:
            for commission in Commission.search(
                    statement.commission_domain(),
                    order=[('date', 'ASC'), ('id', 'ASC')]):
                key = (statement.payee_key, commission.id)
                if key in taken:
                    continue
                taken.add(key)
                rate = statement.payee_rate(commission, salesperson_rates)
                if rate:
                    to_create.append(
                        statement.line_values(commission, rate))
        Line.create(to_create)

    def line_values(self, commission, rate):
        pool = Pool()
        Commission = pool.get('insurance.commission')
        base = commission.amount
        if commission.state == 'received' and (
                commission.received_amount is not None):
            base = commission.received_amount
        return {
            'statement': self.id,
            'commission': commission.id,
            'base_amount': base,
            'rate': rate,
            'amount': Commission.compute_amount(base, rate, self.currency),
            'payee_key': self.payee_key,
            }

    @classmethod
    def set_number(cls, statements):
        pool = Pool()
        Configuration = pool.get('insurance.commission.configuration')
        sequence = Configuration(1).payee_statement_sequence
        for statement in statements:
            if not statement.number:
                statement.number = sequence.get()
        cls.save(statements)

    @classmethod
    @ModelView.button
    @Workflow.transition('validated')
    def validate_statement(cls, statements):
        for statement in statements:
            if not statement.lines:
                raise PayeeStatementEmptyError(gettext(
                        'insurance_commission.msg_payee_statement_empty',
                        statement=statement.rec_name))
        cls.set_number(statements)

    @classmethod
    @ModelView.button
    @Workflow.transition('paid')
    def pay(cls, statements):
        pool = Pool()
        Move = pool.get('account.move')
        moves = {}
        for statement in statements:
            if statement.total:
                moves[statement] = statement.get_move()
        Move.save(list(moves.values()))
        Move.post(list(moves.values()))
        for statement, move in moves.items():
            statement.move = move
        cls.save(list(moves))

    def get_move(self):
        "Return the move: commission expense to the payee's payable"
        pool = Pool()
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        Period = pool.get('account.period')
        Configuration = pool.get('insurance.commission.configuration')
        configuration = Configuration(1)
        journal = configuration.get_multivalue(
            'payee_journal', company=self.company.id)
        expense = configuration.get_multivalue(
            'payee_expense_account', company=self.company.id)
        payable = self.party.account_payable_used
        if not journal or not expense or not payable:
            raise PayeeStatementPostError(gettext(
                    'insurance_commission.msg_payee_statement_accounts',
                    statement=self.rec_name))
        amount = self.total
        debit, credit = (amount, _ZERO) if amount >= 0 else (_ZERO, -amount)
        return Move(
            company=self.company, journal=journal, date=self.date,
            period=Period.find(self.company, date=self.date),
            origin=self, description=self.rec_name,
            lines=[
                MoveLine(account=expense, debit=debit, credit=credit),
                MoveLine(account=payable, party=self.party,
                    debit=credit, credit=debit),
                ])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, statements):
        "Release the commissions for another statement"
        pool = Pool()
        Line = pool.get('insurance.commission.payee_statement.line')
        lines = [l for s in statements for l in s.lines]
        if lines:
            Line.write(lines, {'payee_key': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, statements):
        "Back to draft; a cancelled statement must be computed again"
        pool = Pool()
        Line = pool.get('insurance.commission.payee_statement.line')
        Line.delete([l for s in statements if s.state == 'cancelled'
                for l in s.lines])


class PayeeStatementLine(ModelSQL, ModelView):
    "Commission Payee Statement Line"
    __name__ = 'insurance.commission.payee_statement.line'
    statement = fields.Many2One(
        'insurance.commission.payee_statement', "Statement", required=True,
        ondelete='CASCADE', readonly=True)
    commission = fields.Many2One(
        'insurance.commission', "Commission", required=True,
        ondelete='RESTRICT', readonly=True)
    policy = fields.Function(fields.Many2One(
            'insurance.policy', "Contract"), 'get_commission_field')
    client = fields.Function(fields.Many2One(
            'party.party', "Client"), 'get_commission_field')
    insurer = fields.Function(fields.Many2One(
            'party.party', "Insurer"), 'get_commission_field')
    line_of_business = fields.Function(fields.Many2One(
            'insurance.line_of_business', "Line of Business"),
        'get_commission_field')
    date = fields.Function(fields.Date("Date"), 'get_commission_field')
    kind = fields.Function(fields.Selection(
            'get_kinds', "Kind"), 'get_commission_field')
    kind_string = kind.translated('kind')
    commission_state = fields.Function(fields.Selection(
            'get_commission_states', "Commission State"),
        'get_commission_field')
    commission_state_string = commission_state.translated(
        'commission_state')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    base_amount = Monetary(
        "Commission", currency='currency', digits='currency', readonly=True,
        help="The firm's commission (received amount when received).")
    rate = fields.Numeric(
        "Rate (%)", digits=(16, 2), readonly=True,
        help="The payee's share of the commission, in percent.")
    amount = Monetary(
        "Amount", currency='currency', digits='currency', readonly=True,
        help="The amount owed to the payee.")
    payee_key = fields.Char(
        "Payee Key", readonly=True,
        help="Empty once the statement is cancelled.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('statement')
        t = cls.__table__()
        cls._sql_constraints += [
            ('commission_payee_unique',
                Unique(t, t.commission, t.payee_key),
                'insurance_commission.msg_payee_statement_line_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.payee_key, Index.Equality())))
        cls._order = [('statement', 'DESC'), ('id', 'ASC')]

    @classmethod
    def get_kinds(cls):
        Commission = Pool().get('insurance.commission')
        return Commission.fields_get(['kind'])['kind']['selection']

    @classmethod
    def get_commission_states(cls):
        Commission = Pool().get('insurance.commission')
        return Commission.fields_get(['state'])['state']['selection']

    @classmethod
    def get_commission_field(cls, lines, name):
        field = {'commission_state': 'state'}.get(name, name)
        result = {}
        for line in lines:
            value = getattr(line.commission, field)
            result[line.id] = value.id if isinstance(value, ModelSQL) else (
                value)
        return result

    def get_currency(self, name):
        return self.statement.currency.id

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from collections import defaultdict
from decimal import Decimal

import datetime as dt

from sql import Null
from sql.functions import CurrentTimestamp
from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.exceptions import InvalidFile
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from . import statement_file
from .exceptions import (
    StatementFileError, StatementMatchError, StatementPostError)
from .file_import import FileImportMixin

_ZERO = Decimal(0)
_COPY_ESCAPES = str.maketrans({
        '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'})


def _copy_text(value):
    "Return the value in the text format of COPY"
    if value is None:
        return '\\N'
    return str(value).translate(_COPY_ESCAPES)
_IN_MAX = 1000


class FileFormatMixin:
    """The column mapping and format of the files of an insurer: each model
    names its columns in `_column_fields`"""
    __slots__ = ()
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='CASCADE',
        domain=[('is_insurer', '=', True)])
    delimiter = fields.Char(
        "CSV Delimiter", size=1, required=True)
    decimal_separator = fields.Selection([
            (',', "Comma"),
            ('.', "Point"),
            ], "Decimal Separator", required=True)
    date_format = fields.Char(
        "Date Format", required=True,
        help="The format of the dates in CSV files, e.g. %d/%m/%Y.")

    @classmethod
    def default_delimiter(cls):
        return ';'

    @classmethod
    def default_decimal_separator(cls):
        return ','

    @classmethod
    def default_date_format(cls):
        return '%d/%m/%Y'

    @classmethod
    def default_reference_column(cls):
        return 'police'

    def get_rec_name(self, name):
        return self.insurer.rec_name

    _column_fields = {}

    def columns(self):
        "Return the row keys and the (lower) headers of their columns"
        headers = {}
        for key, name in self._column_fields.items():
            value = getattr(self, name)
            headers[key] = value.strip().lower() if value else None
        return headers


class Mapping(FileFormatMixin, ModelSQL, ModelView):
    "Insurer Statement Column Mapping"
    __name__ = 'insurance.commission.statement.mapping'
    reference_column = fields.Char(
        "Contract Reference Column", required=True,
        help="The header of the column holding the contract number.")
    date_column = fields.Char(
        "Date Column", required=True,
        help="The header of the column holding the period date.")
    amount_column = fields.Char(
        "Commission Column", required=True,
        help="The header of the column holding the commission paid.")
    base_column = fields.Char(
        "Premium Column",
        help="The header of the column holding the premium excluding tax.")
    kind_column = fields.Char(
        "Kind Column",
        help="The header of the column telling new business (AN), renewal "
        "(R) or fees (frais).")
    client_column = fields.Char(
        "Client Column",
        help="The header of the column holding the client name, shown on "
        "unknown lines.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('insurer_unique', Unique(t, t.insurer),
                'insurance_commission.msg_mapping_insurer_unique'),
            ]

    # the statement line field of each column
    _column_fields = {
        'reference': 'reference_column',
        'date': 'date_column',
        'amount': 'amount_column',
        'base_amount': 'base_column',
        'kind': 'kind_column',
        'client_name': 'client_column',
        }

    @classmethod
    def default_date_column(cls):
        return 'date'

    @classmethod
    def default_amount_column(cls):
        return 'commission'


class Statement(FileImportMixin, Workflow, ModelSQL, ModelView):
    "Insurer Commission Statement"
    __name__ = 'insurance.commission.statement'
    _rec_name = 'file_name'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states,
        help="The insurer that sent the statement (bordereau).")
    period = fields.Date(
        "Period", states=_states,
        help="The month the statement pays, e.g. 01/11 for November.")
    file = fields.Binary(
        "File", filename='file_name', required=True, states=_states,
        help="The statement as CSV or XLSX, read with the column mapping "
        "of the insurer.")
    file_name = fields.Char("File Name", states=_states)
    file_hash = fields.Char("File Hash", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('imported', "Imported"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True, sort=False)
    messages = fields.Text(
        "Messages", readonly=True,
        help="The result of the import or the error that stopped it.")
    lines = fields.One2Many(
        'insurance.commission.statement.line', 'statement', "Lines",
        readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    total_amount = fields.Function(Monetary(
            "Total", currency='currency', digits='currency'), 'get_totals')
    unknown_count = fields.Function(fields.Integer(
            "Unknown Lines",
            help="The lines whose contract was not found."), 'get_totals')
    to_post_amount = fields.Function(Monetary(
            "To Post", currency='currency', digits='currency',
            help="The matched commissions not yet booked in accounting."),
        'get_totals')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('create_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'imported'),
            ('draft', 'failed'),
            ('failed', 'draft'),
            }
        cls._buttons.update({
                'run_import': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'failed',
                    'depends': ['state'],
                    },
                'post': {
                    'invisible': ((Eval('state') != 'imported')
                        | ~Eval('to_post_amount', 0)),
                    'depends': ['state', 'to_post_amount'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def get_totals(cls, statements, names):
        "Compute the totals of the statements in one query per slice"
        pool = Pool()
        Line = pool.get('insurance.commission.statement.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        result = {n: {s.id: None for s in statements} for n in names}
        totals = {}
        to_post = ((line.commission != Null) & (line.move == Null)
            & (Coalesce(line.kept_at_source, False) == False))  # noqa: E712
        for sub_ids in grouped_slice(list(map(int, statements)), _IN_MAX):
            cursor.execute(*line.select(
                    line.statement,
                    Sum(Coalesce(line.amount, 0)),
                    Sum(Case((line.commission == Null, 1), else_=0)),
                    Sum(Case((to_post, Coalesce(line.amount, 0)), else_=0)),
                    where=fields.SQL_OPERATORS['in'](line.statement, sub_ids),
                    group_by=line.statement))
            for statement_id, total, unknown, to_post in cursor:
                totals[statement_id] = {
                    'total_amount': Decimal(str(total)),
                    'unknown_count': int(unknown),
                    'to_post_amount': Decimal(str(to_post)),
                    }
        for statement in statements:
            values = totals.get(statement.id, {
                    'total_amount': _ZERO, 'unknown_count': 0,
                    'to_post_amount': _ZERO})
            for name in names:
                value = values[name]
                if isinstance(value, Decimal):
                    value = statement.currency.round(value)
                result[name][statement.id] = value
        return result

    @classmethod
    def copy(cls, statements, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('lines', None)
        default.setdefault('messages', None)
        default.setdefault('file_hash', None)
        return super().copy(statements, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, statements):
        cls.write(statements, {'messages': None})

    @classmethod
    @ModelView.button
    def run_import(cls, statements):
        # A statement is the firm's: the role that processes it matches and
        # books every line, whatever the agency of the contract
        with without_check_access():
            super().run_import(statements)

    @classmethod
    def import_queued(cls, statements):
        with without_check_access():
            super().import_queued(statements)

    def import_file(self):
        """Import the file in one go: a file that cannot be read marks the
        statement failed with the row at fault and writes no line."""
        pool = Pool()
        Line = pool.get('insurance.commission.statement.line')
        Mapping = pool.get('insurance.commission.statement.mapping')
        mappings = Mapping.search([('insurer', '=', self.insurer.id)])
        data = bytes(self.file)
        try:
            if not mappings:
                raise StatementFileError(gettext(
                        'insurance_commission.msg_statement_no_mapping',
                        insurer=self.insurer.rec_name))
            rows = self.read_rows(data, mappings[0])
        except StatementFileError as exception:
            self.__class__.fail([self], exception.message)
            return
        rows, skipped = Line.skip_imported(self.insurer, rows)
        Line.match(self, rows)
        Line.insert_rows(self, rows)
        unknown = len([r for r in rows if not r.get('commission')])
        self.__class__.done([self], file_hash=statement_file.file_hash(data),
            messages=gettext(
                'insurance_commission.msg_statement_imported',
                lines=len(rows), unknown=unknown, skipped=skipped))

    def read_rows(self, data, mapping):
        "Return the rows of the file or raise StatementFileError"
        Configuration = Pool().get('insurance.commission.configuration')
        limits = Configuration(1).import_limits()
        try:
            table = statement_file.read_table(
                data, self.file_name, mapping.delimiter, limits)
            rows = statement_file.parse_rows(
                self.read_with_progress(table), mapping)
        except InvalidFile as error:
            raise StatementFileError(error.message)
        except statement_file.RowError as error:
            raise StatementFileError(gettext(
                    'insurance_commission.msg_statement_bad_row',
                    row=error.row, column=error.column or '',
                    value=error.value if error.value is not None else ''))
        except Exception as exception:
            raise StatementFileError(gettext(
                    'insurance_commission.msg_statement_unreadable',
                    error=str(exception)))
        if not rows:
            raise StatementFileError(gettext(
                    'insurance.msg_file_empty'))
        return rows

    @classmethod
    @Workflow.transition('failed')
    def fail(cls, statements, message):
        cls.write(statements, {'messages': message})

    @classmethod
    @Workflow.transition('imported')
    def done(cls, statements, file_hash, messages):
        cls.write(statements, {
                'file_hash': file_hash,
                'messages': messages,
                })

    @classmethod
    @ModelView.button
    def post(cls, statements):
        "Book the matched commissions not yet posted"
        with without_check_access():
            cls._post(statements)

    @classmethod
    def _post(cls, statements):
        pool = Pool()
        Line = pool.get('insurance.commission.statement.line')
        Move = pool.get('account.move')
        moves, to_write = [], []
        for statement in statements:
            lines = [l for l in statement.lines
                if l.commission and not l.move and not l.kept_at_source]
            if not lines:
                continue
            move = statement.get_move(lines)
            moves.append(move)
            to_write.append((lines, move))
        Move.save(moves)
        Move.post(moves)
        args = []
        for lines, move in to_write:
            args.extend((lines, {'move': move.id}))
        if args:
            Line.write(*args)

    def get_move(self, lines):
        "Return the move: insurer receivable to commission revenue"
        Commission = Pool().get('insurance.commission')
        move = Commission.get_received_move(
            self.company, self.insurer, sum(l.amount for l in lines),
            self, self.rec_name)
        if not move:
            raise StatementPostError(gettext(
                    'insurance_commission.msg_statement_post_accounts',
                    statement=self.rec_name))
        return move


class StatementLine(ModelSQL, ModelView):
    "Insurer Commission Statement Line"
    __name__ = 'insurance.commission.statement.line'
    statement = fields.Many2One(
        'insurance.commission.statement', "Statement", required=True,
        ondelete='CASCADE')
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, readonly=True,
        ondelete='RESTRICT')
    row = fields.Integer("Row", readonly=True,
        help="The row of the line in the file.")
    key = fields.Char("Key", readonly=True)
    reference = fields.Char("Contract Reference", readonly=True)
    normalised_reference = fields.Char(
        "Normalised Reference", readonly=True)
    client_name = fields.Char("Client Name", readonly=True)
    date = fields.Date("Date", readonly=True)
    kind = fields.Selection([
            (None, ""),
            ('new_business', "New Business"),
            ('renewal', "Renewal"),
            ('fee', "Fees"),
            ], "Kind", readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    # Fixed digits: the file amounts are read with 2 digits and validating
    # them against the currency would read it for every imported line
    base_amount = Monetary(
        "Premium", currency='currency', digits=(16, 2), readonly=True)
    amount = Monetary(
        "Commission", currency='currency', digits=(16, 2), readonly=True)
    policy = fields.Many2One(
        'insurance.policy', "Contract", ondelete='RESTRICT',
        domain=[('insurer', '=', Eval('insurer', -1))],
        states={
            'readonly': Bool(Eval('commission')),
            },
        help="Choose the contract of an unknown line, then match it.")
    commission = fields.Many2One(
        'insurance.commission', "Commission", readonly=True,
        ondelete='RESTRICT')
    expected_amount = fields.Function(Monetary(
            "Expected", currency='currency', digits='currency'),
        'get_expected')
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')
    kept_at_source = fields.Boolean(
        "Kept at Source", readonly=True,
        help="The firm kept the commission when it collected the premium: "
        "it was booked with the premium receipt and is not booked again.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('statement')
        t = cls.__table__()
        cls._sql_constraints += [
            ('key_unique', Unique(t, t.insurer, t.key),
                'insurance_commission.msg_statement_line_key_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.commission, Index.Range())),
                Index(t, (t.statement, Index.Range())),
                Index(t, (t.insurer, Index.Range()), (t.date, Index.Range())),
                })
        cls._order = [
            ('statement', 'DESC'),
            ('row', 'ASC'),
            ('id', 'ASC'),
            ]
        cls._buttons.update({
                'match_manually': {
                    'invisible': Bool(Eval('commission')),
                    'depends': ['commission'],
                    },
                })

    @classmethod
    def get_currency(cls, lines, name):
        return {l.id: l.statement.company.currency.id for l in lines}

    @classmethod
    def get_expected(cls, lines, name):
        return {l.id: l.commission.amount if l.commission else None
            for l in lines}

    @classmethod
    def insert_rows(cls, statement, rows):
        """Insert the lines of the rows set-based

        The rows were validated by the parser and their keys checked, so
        the lines are written like a staging table (COPY on PostgreSQL),
        without the per-record checks of create."""
        line = cls.__table__()
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        names = [
            'statement', 'insurer', 'create_uid', 'create_date', 'row', 'key',
            'reference', 'normalised_reference', 'client_name', 'date',
            'kind', 'base_amount', 'amount', 'policy', 'commission',
            'kept_at_source']
        fixed = {
            'statement': statement.id, 'insurer': statement.insurer.id,
            'create_uid': transaction.user,
            'create_date': dt.datetime.now(),
            }
        values = ([fixed.get(n, r.get(n)) for n in names] for r in rows)
        if backend.name == 'postgresql':
            with cursor.copy('COPY "%s" (%s) FROM STDIN' % (
                        cls._table, ', '.join('"%s"' % n for n in names))
                    ) as copy:
                for sub_values in grouped_slice(values, _IN_MAX):
                    copy.write(''.join(
                            '\t'.join(map(_copy_text, v)) + '\n'
                            for v in sub_values))
        else:
            columns = [getattr(line, n) for n in names]
            for sub_values in grouped_slice(values, _IN_MAX):
                cursor.execute(*line.insert(columns, values=list(sub_values)))

    @classmethod
    def skip_imported(cls, insurer, rows):
        """Return the rows not imported before and the number skipped

        A line is known by its reference, date, kind, amount and rank among
        identical lines, so importing a file twice adds nothing."""
        line = cls.__table__()
        cursor = Transaction().connection.cursor()
        occurrences = defaultdict(int)
        for row in rows:
            ident = (row['normalised_reference'], row['date'],
                row.get('kind'), row['amount'])
            occurrences[ident] += 1
            row['key'] = statement_file.line_key(*ident, occurrences[ident])
        # The lines of the same dates hold every possible duplicate: one
        # query reads their keys instead of testing each key
        known = set()
        dates = sorted({r['date'] for r in rows})
        for sub_dates in grouped_slice(dates, _IN_MAX):
            cursor.execute(*line.select(line.key,
                    where=(line.insurer == insurer.id)
                    & line.date.in_(list(sub_dates))))
            known.update(k for k, in cursor)
        new_rows = [r for r in rows if r['key'] not in known]
        return new_rows, len(rows) - len(new_rows)

    @classmethod
    def match(cls, statement, rows):
        """Set the policy and commission of the rows

        Matched rows mark the nearest open commission of the contract
        received; rows of a contract without open commission create a
        received commission; rows of an unknown contract are left."""
        pool = Pool()
        Commission = pool.get('insurance.commission')
        policies = cls._policies_by_reference(statement.insurer)
        for row in rows:
            if not row.get('policy'):
                row['policy'] = policies.get(row['normalised_reference'])
        matched = [r for r in rows if r.get('policy')]
        open_ = cls._open_commissions({r['policy'] for r in matched})
        received, to_create = [], []
        for row in matched:
            picked = cls._pick_commission(open_.get(row['policy'], []), row)
            if picked:
                date, kind, row['commission'] = picked
                row['commission_key'] = (row['policy'], date, kind)
                received.append(row['commission'])
            else:
                to_create.append(row)
        cls._receive_commissions(received)
        values = [cls._commission_values(statement, r) for r in to_create]
        new = Commission.create(values)
        for row, commission, value in zip(to_create, new, values):
            row['commission'] = commission.id
            row['commission_key'] = (
                value['policy'], value['date'], value['kind'])
        kept = Commission.kept_at_source(r['commission_key'] for r in matched)
        for row in rows:
            row['kept_at_source'] = row.get('commission_key') in kept

    @classmethod
    def _receive_commissions(cls, commission_ids):
        """Mark received the open commissions, set-based

        Only the state changes and the open state was read just before, so
        the update skips the receive transition, which logs and validates
        every record: the statement line is the trace of the payment."""
        Commission = Pool().get('insurance.commission')
        commission = Commission.__table__()
        cursor = Transaction().connection.cursor()
        for sub_ids in grouped_slice(commission_ids, _IN_MAX):
            cursor.execute(*commission.update(
                    [commission.state, commission.write_uid,
                        commission.write_date],
                    ['received', Transaction().user, CurrentTimestamp()],
                    where=fields.SQL_OPERATORS['in'](
                        commission.id, list(sub_ids))
                    & commission.state.in_(['expected', 'late'])))

    @classmethod
    def _policies_by_reference(cls, insurer):
        "Return the policy ids of the insurer by normalised reference"
        Policy = Pool().get('insurance.policy')
        policy = Policy.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*policy.select(policy.id, policy.reference,
                where=(policy.insurer == insurer.id)
                & (policy.reference != None)))  # noqa: E711
        return {statement_file.normalise_reference(r): i
            for i, r in cursor}

    @classmethod
    def _open_commissions(cls, policy_ids):
        "Return the open commissions [(date, kind, id)] by policy id"
        Commission = Pool().get('insurance.commission')
        commission = Commission.__table__()
        cursor = Transaction().connection.cursor()
        result = defaultdict(list)
        for sub_ids in grouped_slice(list(policy_ids), _IN_MAX):
            cursor.execute(*commission.select(
                    commission.policy, commission.date, commission.kind,
                    commission.id,
                    where=fields.SQL_OPERATORS['in'](
                        commission.policy, list(sub_ids))
                    & commission.state.in_(['expected', 'late']),
                    order_by=[commission.date, commission.id]))
            for policy_id, date, kind, commission_id in cursor:
                if isinstance(date, str):
                    date = dt.date.fromisoformat(date)
                result[policy_id].append([date, kind, commission_id])
        return result

    @staticmethod
    def _pick_commission(candidates, row):
        """Take out of candidates the open commission the row pays and
        return its [date, kind, id]"""
        kinds = ({row['kind']} if row.get('kind')
            else {'new_business', 'renewal'})
        best = None
        for candidate in candidates:
            date, kind, _ = candidate
            if kind not in kinds:
                continue
            if best is None or (abs((date - row['date']).days)
                    < abs((best[0] - row['date']).days)):
                best = candidate
        if best is None:
            return None
        candidates.remove(best)
        return best

    @classmethod
    def _commission_values(cls, statement, row):
        return {
            'company': statement.company.id,
            'policy': row['policy'],
            'insurer': statement.insurer.id,
            'date': row['date'],
            'kind': row.get('kind') or 'new_business',
            'base_amount': row.get('base_amount'),
            'amount': row['amount'],
            'origin': 'statement',
            'state': 'received',
            }

    @classmethod
    @ModelView.button
    def match_manually(cls, lines):
        "Match the unknown lines to the contract chosen by the user"
        with without_check_access():
            cls._match_manually(lines)

    @classmethod
    def _match_manually(cls, lines):
        by_statement = defaultdict(list)
        for line in lines:
            if line.commission:
                continue
            if not line.policy:
                raise StatementMatchError(gettext(
                        'insurance_commission.msg_statement_line_no_policy',
                        row=line.row, reference=line.reference))
            by_statement[line.statement].append(line)
        to_write = []
        for statement, sub_lines in by_statement.items():
            rows = [{
                    'policy': l.policy.id, 'date': l.date, 'kind': l.kind,
                    'base_amount': l.base_amount, 'amount': l.amount,
                    } for l in sub_lines]
            cls.match(statement, rows)
            for line, row in zip(sub_lines, rows):
                to_write.extend(([line], {
                            'commission': row['commission'],
                            'kept_at_source': row['kept_at_source'],
                            }))
        if to_write:
            cls.write(*to_write)

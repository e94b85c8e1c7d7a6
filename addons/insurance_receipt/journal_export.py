# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.insurance import spreadsheet
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import JournalExportError

HEADER = [
    'date', 'journal', 'move', 'reference', 'account', 'account_name',
    'party', 'description', 'debit', 'credit', 'reconciliation',
    ]


class JournalExportStart(ModelView):
    "Export Journal"
    __name__ = 'insurance.receipt.journal_export.start'
    company = fields.Many2One('company.company', "Company", required=True)
    period = fields.Many2One('account.period', "Period", required=True,
        domain=[('fiscalyear.company', '=', Eval('company', -1))],
        help="The period whose posted moves are exported.")
    journal = fields.Many2One('account.journal', "Journal",
        help="Leave empty to export every journal.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class JournalExportResult(ModelView):
    "Export Journal"
    __name__ = 'insurance.receipt.journal_export.result'
    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class JournalExport(Wizard):
    "Export Journal"
    __name__ = 'insurance.receipt.journal_export'
    start = StateView('insurance.receipt.journal_export.start',
        'insurance_receipt.journal_export_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('insurance.receipt.journal_export.result',
        'insurance_receipt.journal_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        lines = self.get_lines(self.start.period, self.start.journal)
        if not lines:
            raise JournalExportError(gettext(
                    'insurance_receipt.msg_journal_export_empty',
                    period=self.start.period.rec_name))
        self.result.file = self.to_csv(lines)
        self.result.filename = '%s%s.csv' % (
            self.start.period.rec_name,
            '-' + self.start.journal.code if self.start.journal
            and self.start.journal.code else '')
        return 'result'

    def default_result(self, fields):
        return {
            'file': self.result.file,
            'filename': self.result.filename,
            }

    @classmethod
    def get_lines(cls, period, journal=None):
        "Posted move lines of the period (and journal), in move order"
        Line = Pool().get('account.move.line')
        domain = [
            ('move.period', '=', period.id),
            ('move.state', '=', 'posted'),
            ]
        if journal:
            domain.append(('move.journal', '=', journal.id))
        return Line.search(domain, order=[
                ('move.date', 'ASC'), ('move.number', 'ASC'), ('id', 'ASC')])

    @classmethod
    def to_csv(cls, lines):
        "Return the CSV bytes of the lines (semicolons, decimal points)"
        return spreadsheet.to_csv(
            [HEADER, *map(cls.row, lines)], decimal_separator='.',
            date_format='%Y-%m-%d', encoding='utf-8', lineterminator='\n')

    @classmethod
    def row(cls, line):
        move = line.move
        return [
            move.date,
            move.journal.code or move.journal.name,
            move.number or '',
            getattr(move.origin, 'rec_name', '') if move.origin else '',
            line.account.code or '',
            line.account.name,
            line.party.rec_name if line.party else '',
            line.description or move.description or '',
            line.debit,
            line.credit,
            line.reconciliation.rec_name if line.reconciliation else '',
            ]

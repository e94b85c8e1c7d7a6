# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, fields
from trytond.modules.insurance import spreadsheet
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard

COLUMNS = [
    'client', 'number', 'insurer_reference', 'policy', 'insurer', 'kind',
    'severity', 'expert', 'expert_phone', 'expert_firm', 'state',
    'declared_date', 'occurred_date', 'liability_rate', 'cost',
    'deductible', 'compensation', 'closing_date',
    ]


class ExportStart(ModelView):
    "Export Claims"
    __name__ = 'insurance.claim.export.start'
    format = fields.Selection([
            ('xlsx', "Excel (XLSX)"),
            ('csv', "CSV"),
            ], "Format", required=True)

    @classmethod
    def default_format(cls):
        return 'xlsx'


class ExportResult(ModelView):
    "Export Claims"
    __name__ = 'insurance.claim.export.result'
    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class Export(Wizard):
    "Export Claims"
    __name__ = 'insurance.claim.export'
    start = StateView(
        'insurance.claim.export.start',
        'insurance_claim.export_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView(
        'insurance.claim.export.result',
        'insurance_claim.export_result_view_form', [
            Button("Close", 'end', 'tryton-close'),
            ])

    def transition_export(self):
        Claim = Pool().get('insurance.claim')
        rows = self.get_rows()
        if self.start.format == 'csv':
            data = self.to_csv(rows)
        else:
            data = self.to_xlsx(rows, Claim.__names__()['model'])
        self.result.file = self.result.__class__.file.cast(data)
        self.result.filename = 'claims.%s' % self.start.format
        return 'result'

    def default_result(self, fields):
        file_ = self.result.file
        self.result.file = None  # No need to store it in the session
        return {
            'file': file_,
            'filename': self.result.filename,
            }

    def get_rows(self):
        "Return the header and a row of values per claim"
        Claim = Pool().get('insurance.claim')
        definitions = Claim.fields_get(COLUMNS)
        rows = [[definitions[c]['string'] for c in COLUMNS]]
        for claim in sorted(self.records, key=lambda c: c.number or ''):
            rows.append([
                    self.get_value(claim, c, definitions[c])
                    for c in COLUMNS])
        return rows

    @staticmethod
    def get_value(claim, name, definition):
        value = getattr(claim, name)
        if definition['type'] == 'selection':
            return dict(definition['selection']).get(value) or ''
        if definition['type'] == 'many2one':
            return value.rec_name if value else ''
        if value is None:
            return ''
        return value

    @staticmethod
    def to_csv(rows):
        "Return the rows as CSV in the conventions of the user's language"
        lang = Pool().get('ir.lang').get()
        return spreadsheet.to_csv(rows,
            decimal_separator=lang.decimal_point, date_format=lang.date)

    @staticmethod
    def to_xlsx(rows, title):
        return spreadsheet.to_xlsx([spreadsheet.Sheet(title, rows)])

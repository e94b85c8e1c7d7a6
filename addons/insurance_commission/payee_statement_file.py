# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Write the payee statements as CSV and Excel files"
from decimal import Decimal

from trytond.i18n import gettext
from trytond.modules.insurance import spreadsheet

_COLUMNS = [
    'policy', 'client', 'insurer', 'line_of_business', 'date', 'kind',
    'commission_state', 'base_amount', 'rate', 'amount']


def _header(Line):
    names = Line.fields_get(_COLUMNS)
    return [names[c]['string'] for c in _COLUMNS]


def _rows(statement):
    "Yield the values of each line, the way a user reads them"
    for line in statement.lines:
        yield [
            line.policy.rec_name,
            line.client.rec_name if line.client else '',
            line.insurer.rec_name,
            line.line_of_business.rec_name if line.line_of_business else '',
            line.date,
            line.kind_string,
            line.commission_state_string,
            _cents(line.base_amount),
            spreadsheet.Cell(_cents(line.rate), '0.00'),
            _cents(line.amount),
            ]


def _cents(value):
    return value.quantize(Decimal('0.01')) if value is not None else None


def _total_row(statement):
    return ([gettext('insurance_commission.msg_payee_statement_total')]
        + [''] * (len(_COLUMNS) - 2) + [_cents(statement.total)])


def to_csv(statement):
    "Return the statement as CSV bytes (semicolons, as French Excel reads)"
    Line = statement.__class__.lines.get_target()
    return spreadsheet.to_csv(
        [_header(Line), *_rows(statement), _total_row(statement)],
        date_format='%Y-%m-%d')


def to_xlsx(statement):
    "Return the statement as an Excel workbook"
    Line = statement.__class__.lines.get_target()
    return spreadsheet.to_xlsx([spreadsheet.Sheet(
                statement.number or str(statement.id),
                [_header(Line), *_rows(statement), _total_row(statement)])])

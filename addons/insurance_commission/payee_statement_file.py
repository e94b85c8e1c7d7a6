# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Write the payee statements as CSV and Excel files"
import csv
import io

import openpyxl

from trytond.i18n import gettext

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
            line.base_amount,
            line.rate,
            line.amount,
            ]


def _total_row(statement):
    return ([gettext('insurance_commission.msg_payee_statement_total')]
        + [''] * (len(_COLUMNS) - 2) + [statement.total])


def _csv_value(value):
    "Dates in ISO, numbers with a decimal comma"
    if isinstance(value, str):
        return value
    if hasattr(value, 'isoformat'):
        return value.isoformat()
    return ('%.2f' % value).replace('.', ',')


def to_csv(statement):
    "Return the statement as CSV bytes (semicolons, as French Excel reads)"
    Line = statement.__class__.lines.get_target()
    output = io.StringIO()
    writer = csv.writer(output, delimiter=';')
    writer.writerow(_header(Line))
    for row in _rows(statement):
        writer.writerow(map(_csv_value, row))
    writer.writerow(map(_csv_value, _total_row(statement)))
    return output.getvalue().encode('utf-8-sig')


def to_xlsx(statement):
    "Return the statement as an Excel workbook"
    Line = statement.__class__.lines.get_target()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = (statement.number or str(statement.id))[:31]
    sheet.append(_header(Line))
    for row in _rows(statement):
        sheet.append(row)
    sheet.append(_total_row(statement))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

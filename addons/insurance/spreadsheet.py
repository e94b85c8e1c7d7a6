# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Write rows of typed values as CSV or XLSX bytes, safe to open; read
imported CSV or XLSX files as a bounded stream (see read_rows).

Every CSV or Excel file Courtage produces goes through here, so that a text
typed by anyone (a client named ``=HYPERLINK(...)``) never becomes a live
formula in the spreadsheet of whoever opens the file (CSV injection, see
OWASP "CSV Injection"):

- in CSV, a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is prefixed with an apostrophe, which spreadsheets show
  as text; numbers, dates and booleans are written by this module, never
  prefixed, so a negative amount stays a number;
- in XLSX, every text is stored as a text cell (never a formula), dates as
  dates, ``Decimal`` amounts as numbers with a euro format.

Values: ``str``, ``int``, ``float``, ``Decimal`` (an amount), ``date``,
``datetime``, ``bool``, ``None`` (an empty cell), or ``Cell(value,
number_format)`` to give a number another format (a rate, a quantity)."""
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import NamedTuple

__all__ = ['Cell', 'Sheet', 'neutralise', 'to_csv', 'to_xlsx', 'read_rows',
    'AMOUNT_FORMAT', 'DATE_FORMAT', 'DATETIME_FORMAT']

FORMULA_PREFIXES = ('=', '+', '-', '@', '\t', '\r')
AMOUNT_FORMAT = '#,##0.00\\ "€";\\-#,##0.00\\ "€"'
DATE_FORMAT = 'DD/MM/YYYY'
DATETIME_FORMAT = 'DD/MM/YYYY HH:MM'
_SHEET_TITLE = re.compile(r'[\[\]:*?/\\]')
# Characters XML 1.0 cannot hold (openpyxl refuses them)
_ILLEGAL_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f]')


class Cell(NamedTuple):
    "A value with its own Excel number format"
    value: object
    number_format: str


class Sheet(NamedTuple):
    """A sheet of an XLSX file: its title and rows; the first
    ``header_rows`` rows are bold"""
    title: str
    rows: list
    header_rows: int = 1


def neutralise(text):
    "Return the text so that no spreadsheet reads it as a formula"
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def to_csv(rows, *, delimiter=';', decimal_separator=',',
        date_format='%d/%m/%Y', datetime_format='%d/%m/%Y %H:%M',
        encoding='utf-8-sig', lineterminator='\r\n'):
    """Return the rows as CSV bytes.

    The defaults are what French Excel reads: semicolons, decimal commas,
    dates as 31/12/2026 and a byte order mark so that accents show."""
    def convert(value):
        if isinstance(value, Cell):
            value = value.value
        if value is None:
            return ''
        if isinstance(value, str):
            return neutralise(value)
        if isinstance(value, bool):
            return '1' if value else '0'
        if isinstance(value, (int, float, Decimal)):
            return str(value).replace('.', decimal_separator)
        if isinstance(value, dt.datetime):
            return value.strftime(datetime_format)
        if isinstance(value, dt.date):
            return value.strftime(date_format)
        return neutralise(str(value))

    output = io.StringIO()
    writer = csv.writer(
        output, delimiter=delimiter, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([convert(v) for v in row])
    return output.getvalue().encode(encoding)


def to_xlsx(sheets):
    "Return the sheets (Sheet or (title, rows)) as XLSX bytes"
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        sheet = Sheet(*sheet)
        worksheet = workbook.create_sheet(_sheet_title(sheet.title))
        for index, row in enumerate(sheet.rows):
            cells = [_xlsx_cell(worksheet, v) for v in row]
            if index < sheet.header_rows:
                for cell in cells:
                    cell.font = bold
            worksheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(title):
    # Excel limits a sheet name to 31 characters without []:*?/\
    return _SHEET_TITLE.sub(' ', str(title or 'Sheet'))[:31] or 'Sheet'


def _xlsx_cell(worksheet, value):
    from openpyxl.cell import WriteOnlyCell

    number_format = None
    if isinstance(value, Cell):
        value, number_format = value
    if isinstance(value, Decimal) and not number_format:
        number_format = AMOUNT_FORMAT
    elif isinstance(value, dt.datetime):
        number_format = number_format or DATETIME_FORMAT
        value = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        number_format = number_format or DATE_FORMAT
    elif (value is not None
            and not isinstance(value, (str, bool, int, float, Decimal))):
        value = str(value)
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub('', value)
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        # A text is a text, even when it starts with "=": never a formula
        cell.data_type = 's'
    if number_format:
        cell.number_format = number_format
    return cell


# Reading: imports stream the file and stop at the first row over the limit
MAX_SIZE = 20 * 1024 * 1024  # bytes
MAX_ROWS = 100_000
MAX_EMPTY_ROWS = 1000  # consecutive empty rows that end a sheet


def read_rows(data, file_name='', *, delimiter=';', max_size=MAX_SIZE,
        max_rows=MAX_ROWS):
    """Yield (row number, values) of the non-empty rows of the first sheet
    of an XLSX file or of a CSV file, reading it as a stream.

    Raise InvalidFile (a user error) for a file over max_size bytes, at the
    first data row numbered over max_rows, or for a file that cannot be
    read.  Reading
    stops after MAX_EMPTY_ROWS empty rows in a row: spreadsheets often
    declare thousands of empty formatted rows after the data."""
    from trytond.i18n import gettext

    from .exceptions import InvalidFile

    data = bytes(data)
    if max_size and len(data) > max_size:
        raise InvalidFile(gettext('insurance.msg_file_too_large',
                size=_megabytes(len(data)), limit=_megabytes(max_size)))
    if (file_name or '').lower().endswith('.xlsx') or data[:2] == b'PK':
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data, delimiter)
    empty = 0
    try:
        for number, values in enumerate(rows, 1):
            if not any(v not in (None, '') for v in values):
                empty += 1
                if empty >= MAX_EMPTY_ROWS:
                    break
                continue
            # A data row past the limit, so at most max_rows + MAX_EMPTY_ROWS
            # rows are ever read
            if max_rows and number > max_rows:
                raise InvalidFile(gettext('insurance.msg_file_too_many_rows',
                        row=number, limit=max_rows))
            empty = 0
            yield number, list(values)
    except InvalidFile:
        raise
    except Exception as exception:
        raise InvalidFile(gettext(
                'insurance.msg_file_unreadable', error=str(exception)))


def _megabytes(size):
    return '%.1f' % (size / 1024 / 1024)


def _csv_rows(data, delimiter):
    try:
        text = data.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = data.decode('cp1252', errors='replace')
    return csv.reader(io.StringIO(text), delimiter=delimiter or ';')


def _xlsx_rows(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()

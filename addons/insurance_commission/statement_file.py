# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Reading of the insurer statement files (CSV and XLSX)"
import datetime as dt
import hashlib
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from trytond.modules.insurance import spreadsheet

_NOT_ALNUM = re.compile(r'[^0-9A-Z]')
KINDS = {
    'new_business': 'new_business', 'an': 'new_business',
    'affaire nouvelle': 'new_business', 'nouvelle affaire': 'new_business',
    'renewal': 'renewal', 'renouvellement': 'renewal', 'r': 'renewal',
    'fee': 'fee', 'fees': 'fee', 'frais': 'fee',
    }


class RowError(ValueError):
    "A value of a row cannot be read"

    def __init__(self, row, column, value):
        super().__init__(row, column, value)
        self.row, self.column, self.value = row, column, value


def normalise_reference(reference):
    """Return the reference in upper case without accents, spaces or
    punctuation, so that "ax-001 234" matches "AX001234"."""
    if not reference:
        return ''
    text = unicodedata.normalize('NFKD', str(reference))
    text = text.encode('ascii', 'ignore').decode('ascii').upper()
    return _NOT_ALNUM.sub('', text)


def file_hash(data):
    return hashlib.sha256(data).hexdigest()


def line_key(reference, date, kind, amount, occurrence):
    "Return the key that identifies a statement line across imports"
    text = '|'.join(map(str, [
                reference, date.isoformat(), kind or '', amount, occurrence]))
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


def read_table(data, file_name, delimiter=';', limits=None):
    """Yield (row number, {header: value}) of the first sheet or the CSV
    file; the header is the first row and row numbers start at 2 for the
    first data row, as a spreadsheet shows them.

    limits is a dict of the max_size and max_rows of the file: the reading
    raises a user error at the first row over them (see read_rows)."""
    header = None
    for number, values in spreadsheet.read_rows(
            data, file_name, delimiter=delimiter, **(limits or {})):
        if header is None:
            header = [_header(v) for v in values]
            continue
        yield number, dict(zip(header, values))


def _header(value):
    return str(value or '').strip().lower()


def parse_decimal(value, decimal_separator=','):
    "Return the value as a Decimal with 2 digits"
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).quantize(Decimal('0.01'))
    text = str(value or '').strip().replace('\xa0', '').replace(' ', '')
    if decimal_separator == ',':
        text = text.replace('.', '').replace(',', '.')
    else:
        text = text.replace(',', '')
    return Decimal(text).quantize(Decimal('0.01'))


def parse_date(value, date_format='%d/%m/%Y'):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.strptime(str(value).strip(), date_format).date()


def parse_kind(value):
    text = str(value or '').strip().lower()
    if not text:
        return None
    return KINDS[text]


def parse_rows(table, mapping):
    """Return the statement lines read from the table with the mapping

    Raise RowError on the first value that cannot be read."""
    columns = list(mapping.columns().items())
    parsers = _parsers(mapping.date_format, mapping.decimal_separator)
    lines = []
    for number, row in table:
        values = {'row': number}
        for name, column in columns:
            raw = row.get(column) if column else None
            try:
                values[name] = parsers[name](raw)
            except (ValueError, InvalidOperation, KeyError, TypeError):
                raise RowError(number, column, raw)
        values['normalised_reference'] = normalise_reference(
            values['reference'])
        lines.append(values)
    return lines


def _parsers(date_format, decimal_separator):
    "Return the parser of each field; dates are cached as few differ"
    dates = {}

    def reference(raw):
        if raw in (None, '') or not normalise_reference(raw):
            raise ValueError(raw)
        return str(raw).strip()

    def date(raw):
        key = raw if isinstance(raw, str) else None
        if key is None or key not in dates:
            value = parse_date(raw, date_format)
            if key is None:
                return value
            dates[key] = value
        return dates[key]

    def amount(raw):
        return parse_decimal(raw, decimal_separator)

    def optional_amount(raw):
        return None if raw in (None, '') else amount(raw)

    def text(raw):
        return str(raw).strip() if raw not in (None, '') else None

    return {
        'reference': reference,
        'date': date,
        'kind': parse_kind,
        'base_amount': optional_amount,
        'amount': amount,
        'client_name': text,
        }


FREQUENCIES = {
    'monthly': 'monthly', 'mensuel': 'monthly', 'mensuelle': 'monthly',
    'm': 'monthly', '12': 'monthly',
    'quarterly': 'quarterly', 'trimestriel': 'quarterly',
    'trimestrielle': 'quarterly', 't': 'quarterly', '4': 'quarterly',
    'half_yearly': 'half_yearly', 'semestriel': 'half_yearly',
    'semestrielle': 'half_yearly', 's': 'half_yearly', '2': 'half_yearly',
    'yearly': 'yearly', 'annuel': 'yearly', 'annuelle': 'yearly',
    'a': 'yearly', '1': 'yearly',
    }


def parse_frequency(value):
    "Return the payment frequency written in French or English"
    text = str(value or '').strip().lower()
    if not text:
        return None
    return FREQUENCIES[text]


def normalise_name(*names):
    "Return the names compared without case, accents or punctuation"
    return '|'.join(normalise_reference(n) for n in names)

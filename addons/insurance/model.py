# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Model, fields
from trytond.tools import grouped_slice

from .exceptions import InvalidInput

# SQLite's parser gives up at about 100 nested expressions
_SQLITE_CONSTRAINT_SLICE = 50


class SQLiteConstraintMixin:
    """Check the SQL constraints of large batches in slices on SQLite.

    SQLite cannot hold the UNIQUE and EXCLUDE constraints Tryton declares,
    so Tryton checks them with one query that nests an OR per record
    validated, which overflows SQLite's parser beyond about 90 records
    ("parser stack overflow").  PostgreSQL enforces them itself."""
    __slots__ = ()

    @classmethod
    def validate(cls, records):
        if backend.name != 'sqlite':
            super().validate(records)
            return
        for sub_records in grouped_slice(records, _SQLITE_CONSTRAINT_SLICE):
            super().validate(list(sub_records))


# Bounds a broker never reaches and an attacker always does; see
# doc/usage.rst "Values the database refuses".
CHAR_SIZE = 1000  # characters of a one-line text without its own size
CHAR_BYTES = 2000  # PostgreSQL cannot index a text of more than 2,704 bytes
TEXT_SIZE = 1_000_000  # characters of a multi-line text
NUMBER_LIMIT = Decimal(10) ** 12  # a thousand billion
INTEGER_LIMIT = 2 ** 31  # PostgreSQL INTEGER (and the ids)
DATE_MIN = dt.date(1850, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
TIMEDELTA_LIMIT = dt.timedelta(days=100 * 366)
_PRODUCT_PACKAGE = 'trytond.modules.insurance'


class InputCheckMixin:
    """Refuse with a user error the values that no one types and that the
    database would refuse with an internal error or store as nonsense:
    text with a NUL byte or a lone surrogate, text too long to index, NaN,
    infinite or huge numbers, integers and ids out of range, dates outside
    1850-2199.  Registered over every model by tryton.cfg, it checks the
    values of create and write before any SQL runs, whatever the path
    (RPC, wizard, import)."""
    __slots__ = ()

    @classmethod
    def _input_bounded_fields(cls):
        """Return the names of the fields the product's modules define:
        there numbers and dates are a broker's, bounded; Tryton's own keep
        their idioms (a currency rate valid since datetime.date.min)"""
        # The pool adds the mixin after __post_setup__: computed once here
        names = cls.__dict__.get('_input_bounded')
        if names is None:
            names = cls._input_bounded = frozenset(
                name for klass in cls.__mro__
                if klass.__module__.startswith(_PRODUCT_PACKAGE)
                for name, value in vars(klass).items()
                if isinstance(value, fields.Field))
        return names

    @classmethod
    def preprocess_values(cls, mode, values):
        bounded = cls._input_bounded_fields()
        for name, value in values.items():
            field = cls._fields.get(name)
            if field is not None and value is not None:
                check = _CHECKS.get(field._type)
                if check and not check(field, value, name in bounded):
                    cls._raise_invalid_input(name, field, value)
        return super().preprocess_values(mode, values)

    @classmethod
    def _raise_invalid_input(cls, name, field, value):
        names = cls.__names__(name)
        if field._type in {'char', 'selection', 'reference'}:
            if isinstance(value, str) and _clean_text(value):
                raise InvalidInput(gettext(
                        'insurance.msg_input_text_too_long',
                        size=_char_size(field), **names))
        elif field._type in {'text', 'full_text'}:
            if isinstance(value, str) and _clean_text(value):
                raise InvalidInput(gettext(
                        'insurance.msg_input_text_too_long',
                        size=TEXT_SIZE, **names))
        elif field._type in {'date', 'datetime', 'timestamp'}:
            if _as_date(value) is not None and not (
                    field._type == 'date'
                    and isinstance(value, (dt.datetime, str))):
                raise InvalidInput(gettext(
                        'insurance.msg_input_date_out_of_range',
                        min=DATE_MIN.year, max=DATE_MAX.year, **names))
        elif field._type in {'numeric', 'float'}:
            if _finite(value):
                raise InvalidInput(gettext(
                        'insurance.msg_input_number_out_of_range',
                        limit='1 000 000 000 000', **names))
        raise InvalidInput(gettext('insurance.msg_input_invalid', **names))


def _clean_text(value):
    "Return whether the text has no NUL byte and no lone surrogate"
    if '\x00' in value:
        return False
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        return False
    return True


def _char_size(field):
    size = getattr(field, 'size', None)
    return size if isinstance(size, int) else CHAR_SIZE


def _check_char(field, value, bounded=True):
    if isinstance(value, (int, Decimal)):
        # Tryton stores its text
        return True
    if not isinstance(value, str) or not _clean_text(value):
        return False
    return (len(value) <= _char_size(field)
        and len(value.encode('utf-8')) <= CHAR_BYTES)


def _check_text(field, value, bounded=True):
    return (isinstance(value, str) and _clean_text(value)
        and len(value) <= TEXT_SIZE)


def _check_reference(field, value, bounded=True):
    if isinstance(value, str):
        return _check_char(field, value)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        model, id_ = value
        return (isinstance(model, str) and _check_char(field, model)
            and _check_id(id_))
    return isinstance(value, Model)


def _check_multiselection(field, value, bounded=True):
    return (isinstance(value, (list, tuple))
        and all(_check_char(field, v) for v in value))


def _check_integer(field, value, bounded=True):
    return (isinstance(value, int)
        and -INTEGER_LIMIT <= value < INTEGER_LIMIT)


def _check_id(value):
    return (isinstance(value, int) and not isinstance(value, bool)
        and 0 <= value < INTEGER_LIMIT)


def _finite(value):
    "Return the value as a finite Decimal or None"
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = Decimal(repr(value))
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def _check_number(field, value, bounded=True):
    value = _finite(value)
    return value is not None and (not bounded or abs(value) < NUMBER_LIMIT)


def _as_date(value):
    "Return the date of a date or datetime value (or ISO text) or None"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _check_date(field, value, bounded=True):
    if field._type == 'date' and isinstance(value, dt.datetime):
        return False
    if (field._type == 'date' and isinstance(value, str)
            and not _iso_date(value)):
        return False
    date = _as_date(value)
    return date is not None and (not bounded or DATE_MIN <= date <= DATE_MAX)


def _iso_date(value):
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_time(field, value, bounded=True):
    if isinstance(value, str):
        try:
            dt.time.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, dt.time)


def _check_timedelta(field, value, bounded=True):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Python's timedelta ends at 999,999,999 days (8.6e13 s)
        if not math.isfinite(value) or abs(value) >= 8e13:
            return False
        value = dt.timedelta(seconds=value)
    return (isinstance(value, dt.timedelta)
        and (not bounded or abs(value) < TIMEDELTA_LIMIT))


def _check_many2one(field, value, bounded=True):
    return isinstance(value, Model) or _check_id(value)


_ID_ACTIONS = {'add', 'remove', 'delete', 'unlink', 'copy'}


def _check_x2many(field, value, bounded=True):
    "Check the ids of the actions; created and written values are checked"
    "by the target model"
    if not isinstance(value, (list, tuple)):
        return False
    for action in value:
        if isinstance(action, Model) or _check_id(action):
            continue
        if not isinstance(action, (list, tuple)) or not action:
            return False
        if action[0] in _ID_ACTIONS:
            ids = action[1] if len(action) > 1 else []
            if not isinstance(ids, (list, tuple)):
                ids = [ids]
            if not all(isinstance(i, Model) or _check_id(i) for i in ids):
                return False
    return True


def _check_json(value, depth=0):
    "Check the texts and numbers of a Dict value"
    if depth > 10:
        return False
    if isinstance(value, str):
        return _clean_text(value) and len(value) <= TEXT_SIZE
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, dict):
        return all(_check_json(k, depth + 1) and _check_json(v, depth + 1)
            for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_check_json(v, depth + 1) for v in value)
    return True


def _check_dict(field, value, bounded=True):
    return isinstance(value, dict) and _check_json(value)


_CHECKS = {
    'char': _check_char,
    'selection': _check_char,  # keys are texts, some integers
    'text': _check_text,
    'full_text': _check_text,
    'reference': _check_reference,
    'multiselection': _check_multiselection,
    'integer': _check_integer,
    'numeric': _check_number,
    'float': _check_number,
    'date': _check_date,
    'datetime': _check_date,
    'timestamp': _check_date,
    'time': _check_time,
    'timedelta': _check_timedelta,
    'many2one': _check_many2one,
    'one2one': _check_many2one,
    'one2many': _check_x2many,
    'many2many': _check_x2many,
    'dict': _check_dict,
    }

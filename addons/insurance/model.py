# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.tools import grouped_slice

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

"""Bad input through JSON-RPC: every field of every model of the product.

The fields are enumerated from the pool: every stored (or settable) field of
every model that an insurance* module defines or extends.  Each one is fed,
through the real WSGI dispatcher as sao speaks it, the values that no user
types: NaN, infinities and text in numbers, integers and ids out of range,
NUL bytes, lone surrogates and oversized texts, dates in the years 1 and
9999.  Each call must answer a user error (never an internal error) and
leave the database as it was: same number of records, the sampled record
unchanged.

It also checks that a client named like a spreadsheet formula comes out
inert in every CSV and XLSX export of the product.
"""
import base64
import csv
import datetime as dt
import io
import json
import unittest
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import openpyxl

from trytond import security
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
import trytond.protocols.dispatcher  # noqa: F401 (registers the routes)
from trytond.protocols.jsonrpc import JSONEncoder
from trytond.tests.test_tryton import RouteTestCase
from trytond.transaction import Transaction

ADDONS = sorted(
    p.parent.name for p in (
        Path(__file__).resolve().parent.parent / 'addons').glob(
        '*/tryton.cfg'))
PASSWORD = 'bad-input-test-password'


def _date(year, month, day):
    return {'__class__': 'date', 'year': year, 'month': month, 'day': day}


def _datetime(year):
    return {'__class__': 'datetime', 'year': year, 'month': 1, 'day': 1,
        'hour': 0, 'minute': 0, 'second': 0, 'microsecond': 0}


def _decimal(text):
    return {'__class__': 'Decimal', 'decimal': text}


LONG_NAME = 'é' * 3000  # over PostgreSQL's 2,704-byte index limit
TEXTS = ['a\x00b', 'a\ud800b', LONG_NAME]
NUMBERS = [_decimal('NaN'), _decimal('Infinity'), _decimal('-Infinity'),
    'abc', float('nan'), float('inf')]
IDS = [2 ** 31, 2 ** 63, 'abc', 1.5]
# Refused by every field of the type
BAD_VALUES = {
    'char': TEXTS,
    'selection': TEXTS,
    'reference': ['a\x00b,1', 'a\ud800b,1'],
    'multiselection': [['a\x00b']],
    'text': ['a\x00b', 'a\ud800b', 'x' * 1_000_001],
    'full_text': ['a\x00b', 'a\ud800b'],
    'integer': [2 ** 31, -2 ** 31 - 1, 2 ** 63, 'abc', float('nan')],
    'numeric': NUMBERS,
    'float': NUMBERS,
    'date': ['abc', _datetime(2020)],
    'datetime': ['abc'],
    'timestamp': ['abc'],
    'timedelta': [float('nan'), 1e14],
    'many2one': IDS,
    'one2one': IDS,
    'one2many': [[['add', [2 ** 31]]], 'abc'],
    'many2many': [[['add', [2 ** 31]]], 'abc'],
    'dict': [{'key': float('nan')}, {'key': 'a\x00b'}, 'abc'],
    }
# Refused by the fields of the product's modules, where a broker's value is
# meant (Tryton's own accept them: a currency rate since the year 1)
IMPLAUSIBLE_VALUES = {
    'numeric': [_decimal('1E+30'), _decimal('-1E+12')],
    'float': [1e30],
    'date': [_date(1, 1, 1), _date(9999, 12, 31)],
    'datetime': [_datetime(1), _datetime(9999)],
    'timestamp': [_datetime(1), _datetime(9999)],
    'timedelta': [{'__class__': 'timedelta', 'seconds': 1e12}],
    }


def _dumps(payload):
    # NaN and Infinity are what a hostile client sends: allow them
    return json.dumps(payload, cls=JSONEncoder, allow_nan=True)


def product_fields():
    """Yield (model name, [(field name, bad values)]) of the models an
    insurance* module defines or extends, from the pool"""
    pool = Pool()
    ModelField = pool.get('ir.model.field')
    models = {f.model for f in ModelField.search(
            [('module', 'like', 'insurance%')])}
    for name in sorted(models):
        try:
            Model = pool.get(name)
        except KeyError:
            continue
        # Only the models with views are served by RPC
        if (not issubclass(Model, ModelSQL)
                or not issubclass(Model, ModelView)
                or Model._is_table_query()):
            continue
        writable = []
        for fname, field in sorted(Model._fields.items()):
            if fname in {'id', 'create_uid', 'create_date', 'write_uid',
                    'write_date', 'rec_name'}:
                continue
            if isinstance(field, fields.Function) and not field.setter:
                continue
            if field._type in BAD_VALUES:
                values = list(BAD_VALUES[field._type])
                if fname in Model._input_bounded_fields():
                    values += IMPLAUSIBLE_VALUES.get(field._type, [])
                writable.append((fname, values))
        if writable:
            yield name, writable


class BadInputTestCase(RouteTestCase):
    "Bad input refused with a user error, nothing written"
    module = 'insurance'
    extras = [a for a in ADDONS if a != 'insurance']

    @classmethod
    def setUpDatabase(cls):
        pool = Pool()
        User = pool.get('res.user')
        Party = pool.get('party.party')
        admin, = User.search([('login', '=', 'admin')])
        User.write([admin], {'password': PASSWORD})
        party, = Party.create([{'name': "Dupont", 'party_type': 'person'}])
        cls.resource = str(party)

    def setUp(self):
        super().setUp()
        self.http = self.client()
        self._session = None

    def _login(self):
        if not self._session:
            user_id, key = security.login(
                self.db_name, 'admin', {'password': PASSWORD})
            self._session = base64.b64encode(
                f'admin:{user_id}:{key}'.encode()).decode()
        return self._session

    def call(self, method, *params):
        for _ in range(2):
            response = self.http.post(
                f'/{self.db_name}/rpc/',
                data=_dumps({
                        'id': 1, 'method': method, 'params': [*params, {}]}),
                headers=[('Authorization', 'Session ' + self._login()),
                    ('Content-Type', 'application/json')])
            if response.status_code != 403:
                break
            # a refused write on res.user may end the admin's sessions
            self._session = None
        data = response.get_data(as_text=True)
        try:
            return response.status_code, json.loads(data)
        except ValueError:
            return response.status_code, data[:200]

    def snapshot(self, model, fnames):
        """Return the count and the sampled record's values of the model,
        read as root in a new transaction"""
        with Transaction().start(self.db_name, 0):
            Model = Pool().get(model)
            count = Model.search_count([])
            records = Model.search([], limit=1, order=[('id', 'ASC')])
            values = None
            if records and fnames:
                values = Model.read(list(map(int, records)), fnames)
        return count, [r.id for r in records], values

    def assert_refused(self, model, field, value, response):
        status, body = response
        self.assertEqual(status, 200, (model, field, value, body))
        self.assertIn('error', body, (model, field, value))
        error = body['error']
        self.assertEqual(
            error[0], 'UserError', (model, field, _short(value), error))

    def test_bad_values_refused(self):
        "Every field of every product model refuses every bad value"
        with Transaction().start(self.db_name, 0):
            models = list(product_fields())
        self.assertGreater(len(models), 50)
        checked = 0
        for model, model_fields in models:
            fnames = [f for f, _ in model_fields]
            before = self.snapshot(model, fnames)
            count, ids, _ = before
            for fname, values in model_fields:
                for value in values:
                    with self.subTest(model=model, field=fname,
                            value=_short(value)):
                        self.assert_refused(model, fname, value, self.call(
                                f'model.{model}.create', [{fname: value}]))
                        self.assert_refused(model, fname, value, self.call(
                                f'model.{model}.write', ids, {fname: value}))
                    checked += 1
            self.assertEqual(self.snapshot(model, fnames), before, model)
        self.assertGreater(checked, 1000)

    def test_implausible_records_refused(self):
        "A script link, a blank client name are refused, nothing written"
        for model, values in [
                ('ir.attachment', {'name': "Devis", 'type': 'link',
                        'resource': self.resource,
                        'link': 'javascript:alert(1)'}),
                ('ir.attachment', {'name': "Devis", 'type': 'link',
                        'resource': self.resource,
                        'link': ' java\tscript:alert(1)'}),
                ('party.party', {'name': '   ', 'party_type': 'person'}),
                ('party.party', {'name': 'x' * 2_000_000,
                        'party_type': 'company'}),
                ]:
            with self.subTest(model=model, values=_short(values)):
                before = self.snapshot(model, [])
                self.assert_refused(model, None, values, self.call(
                        f'model.{model}.create', [values]))
                self.assertEqual(self.snapshot(model, []), before)
        status, result = self.call('model.ir.attachment.create', [{
                    'name': "Devis", 'type': 'link',
                    'resource': self.resource,
                    'link': 'https://assureur.example/devis/42'}])
        self.assertEqual(status, 200)
        self.assertIn('result', result, result)

    def test_exports_neutralise_formulas(self):
        "A client named like a formula comes out inert in every export"
        from trytond.modules.insurance_commission import payee_statement_file
        from trytond.modules.insurance_receipt.remittance import Remittance

        with Transaction().start(self.db_name, 0):
            pool = Pool()
            ClaimExport = pool.get('insurance.claim.export', type='wizard')
            JournalExport = pool.get(
                'insurance.receipt.journal_export', type='wizard')
            PayeeLine = pool.get('insurance.commission.payee_statement.line')
            rows = [["Client", "Coût"], [FORMULA, Decimal('-12.50')]]
            self.assert_inert_csv(ClaimExport.to_csv(rows))
            self.assert_inert_xlsx(ClaimExport.to_xlsx(rows, "Sinistres"))

            remittance = _remittance()
            self.assert_inert_csv(Remittance.to_csv(remittance))
            self.assert_inert_xlsx(Remittance.to_xlsx(remittance))

            self.assert_inert_csv(JournalExport.to_csv([_move_line()]))

            statement = _payee_statement(PayeeLine)
            self.assert_inert_csv(payee_statement_file.to_csv(statement))
            self.assert_inert_xlsx(payee_statement_file.to_xlsx(statement))

    def assert_inert_csv(self, data):
        text = data.decode('utf-8-sig')
        cells = [c for r in csv.reader(io.StringIO(text), delimiter=';')
            for c in r]
        self.assertIn("'" + FORMULA, cells)
        self.assertNotIn(FORMULA, cells)
        self.assertIn('-12.50', [c.replace(',', '.') for c in cells])

    def assert_inert_xlsx(self, data):
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c for s in workbook.worksheets for r in s.iter_rows()
            for c in r]
        found = [c for c in cells if c.value == FORMULA]
        self.assertTrue(found)
        self.assertTrue(all(c.data_type == 's' for c in found))
        self.assertIn(-12.5, [c.value for c in cells if c.data_type == 'n'])


FORMULA = '=HYPERLINK("http://x","y")'


def _named(name):
    return SimpleNamespace(rec_name=name, name=name, code=None)


def _remittance():
    "A remittance statement of one receipt of the formula client"
    from trytond.modules.insurance_receipt.remittance import Remittance

    receipt = SimpleNamespace(number='Q1', policy=_named('AXA-1'),
        client=_named(FORMULA), due_date=dt.date(2026, 1, 31))
    line = SimpleNamespace(receipt=receipt, premium=Decimal('-12.50'),
        commission=Decimal(0), amount=Decimal('-12.50'))
    contract = SimpleNamespace(
        policy=SimpleNamespace(rec_name='AXA-1', client=_named(FORMULA)),
        receipt=receipt, event_string="Cover suspended",
        date=dt.date(2026, 1, 31))
    remittance = SimpleNamespace(lines=[line], contracts=[contract],
        premium=Decimal('-12.50'), commission=Decimal(0),
        amount=Decimal('-12.50'))
    remittance.to_rows = lambda: Remittance.to_rows(remittance)
    remittance.to_contract_rows = (
        lambda: Remittance.to_contract_rows(remittance))
    return remittance


def _move_line():
    "An accounting line of the formula client"
    move = SimpleNamespace(date=dt.date(2026, 1, 31),
        journal=SimpleNamespace(code='REV', name="Revenue"), number='1',
        origin=None, description=FORMULA)
    return SimpleNamespace(move=move,
        account=SimpleNamespace(code='411', name="Clients"),
        party=_named(FORMULA), description=None,
        debit=Decimal('-12.50'), credit=Decimal(0), reconciliation=None)


def _payee_statement(PayeeLine):
    "A payee statement of one commission on the formula client"
    line = SimpleNamespace(policy=_named('AXA-1'), client=_named(FORMULA),
        insurer=_named('AXA'), line_of_business=None,
        date=dt.date(2026, 1, 31), kind_string="Renewal",
        commission_state_string="Received", base_amount=Decimal('-12.50'),
        rate=Decimal('20'), amount=Decimal('-2.50'))
    statement_class = type('Statement', (), {
            'lines': SimpleNamespace(get_target=lambda: PayeeLine)})
    statement = statement_class()
    statement.lines = [line]
    statement.number, statement.id = 'BRD-1', 1
    statement.total = Decimal('-2.50')
    return statement


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:57] + '...'


if __name__ == '__main__':
    unittest.main()

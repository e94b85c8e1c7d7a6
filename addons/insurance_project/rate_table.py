# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import csv
from decimal import Decimal, InvalidOperation


from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.modules.insurance import spreadsheet
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .comparator import Connector, register_connector
from .exceptions import RateTableImportError, RateTableLineError

# The columns of a grid file and the other names accepted in its header
COLUMNS = {
    'age_min': {'age min', 'âge min', 'age_from'},
    'age_max': {'age max', 'âge max', 'age_to'},
    'zone': {'zone', 'département', 'departement', 'department'},
    'formula': {'formula', 'formule'},
    'premium': {'premium', 'prime', 'annual premium', 'prime annuelle'},
    'deductible': {'deductible', 'franchise'},
    }


class RateTable(DeactivableMixin, ModelSQL, ModelView):
    "Rate Table"
    __name__ = 'insurance.project.rate_table'
    name = fields.Char("Name", required=True)
    product = fields.Many2One(
        'insurance.product', "Product", required=True, ondelete='CASCADE',
        help="The product the grid prices.")
    insurer = fields.Function(fields.Many2One(
            'party.party', "Insurer"), 'on_change_with_insurer',
        searcher='search_insurer')
    line_of_business = fields.Function(fields.Many2One(
            'insurance.line_of_business', "Line of Business"),
        'on_change_with_line_of_business',
        searcher='search_line_of_business')
    lines = fields.One2Many(
        'insurance.project.rate_table.line', 'table', "Lines",
        help="One premium per combination of criteria.")

    @fields.depends('product')
    def on_change_with_insurer(self, name=None):
        return self.product.insurer if self.product else None

    @classmethod
    def search_insurer(cls, name, clause):
        return [('product.insurer' + clause[0][len(name):], *clause[1:])]

    @fields.depends('product')
    def on_change_with_line_of_business(self, name=None):
        return self.product.line_of_business if self.product else None

    @classmethod
    def search_line_of_business(cls, name, clause):
        return [('product.line_of_business' + clause[0][len(name):],
                *clause[1:])]

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'import_file': {},
                })

    @classmethod
    @ModelView.button_action(
        'insurance_project.wizard_rate_table_import')
    def import_file(cls, tables):
        pass

    def load_grid(self, rows):
        """Replace the lines of the table by those of the rows

        A malformed row refuses the whole file and nothing is written."""
        Line = Pool().get('insurance.project.rate_table.line')
        vlist = RateTableLoader(self).lines(rows)
        Line.delete(list(self.lines))
        Line.create(vlist)

    def find_lines(self, age, zone):
        "Return the cheapest line of each formula matching the criteria"
        best = {}
        for line in self.lines:
            if line.matches(age, zone):
                key = line.formula.id if line.formula else None
                if key not in best or (
                        line.premium < best[key].premium):
                    best[key] = line
        return list(best.values())


class RateTableLine(ModelSQL, ModelView):
    "Rate Table Line"
    __name__ = 'insurance.project.rate_table.line'
    table = fields.Many2One(
        'insurance.project.rate_table', "Table", required=True,
        ondelete='CASCADE')
    product = fields.Function(fields.Many2One(
            'insurance.product', "Product"), 'on_change_with_product')
    age_min = fields.Integer(
        "Minimum Age",
        domain=['OR', ('age_min', '=', None), ('age_min', '>=', 0)],
        help="The youngest age of the insured the line applies to.")
    age_max = fields.Integer(
        "Maximum Age",
        domain=['OR', ('age_max', '=', None), ('age_max', '>=', 0)],
        help="The oldest age of the insured the line applies to.")
    zone = fields.Char(
        "Zone", strip=True,
        help="The department (first two digits of the postal code) the "
        "line applies to; empty for all.")
    formula = fields.Many2One(
        'insurance.product.formula', "Formula", ondelete='CASCADE',
        domain=[('product', '=', Eval('product', -1))])
    premium = fields.Numeric(
        "Annual Premium", digits=(16, 2), required=True,
        domain=[('premium', '>=', 0)],
        help="The yearly premium including taxes.")
    deductible = fields.Numeric(
        "Deductible", digits=(16, 2),
        domain=['OR', ('deductible', '=', None), ('deductible', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('table')
        cls._order = [
            ('table', 'ASC'),
            ('formula', 'ASC'),
            ('age_min', 'ASC NULLS FIRST'),
            ('zone', 'ASC NULLS FIRST'),
            ('id', 'ASC'),
            ]

    @fields.depends('table', '_parent_table.product')
    def on_change_with_product(self, name=None):
        return self.table.product if self.table else None

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        if field_names and not (field_names & {'age_min', 'age_max'}):
            return
        for line in lines:
            if (line.age_min is not None and line.age_max is not None
                    and line.age_min > line.age_max):
                raise RateTableLineError(gettext(
                        'insurance_project.msg_rate_line_ages',
                        age_min=line.age_min, age_max=line.age_max,
                        table=line.table.rec_name))

    def matches(self, age, zone):
        "Tell whether the line applies to the insured's age and zone"
        if self.age_min is not None or self.age_max is not None:
            if age is None:
                return False
            if self.age_min is not None and age < self.age_min:
                return False
            if self.age_max is not None and age > self.age_max:
                return False
        if self.zone and self.zone != zone:
            return False
        return True


class RateTableImportStart(ModelView):
    "Import Rate Grid"
    __name__ = 'insurance.project.rate_table.import.start'
    data = fields.Binary(
        "File", filename='filename', required=True,
        help="A CSV or XLSX file with a header row and the columns "
        "age_min, age_max, zone, formula, premium and deductible.")
    filename = fields.Char("File Name")


class RateTableImport(Wizard):
    "Import Rate Grid"
    __name__ = 'insurance.project.rate_table.import'
    start = StateView(
        'insurance.project.rate_table.import.start',
        'insurance_project.rate_table_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()

    def transition_import_(self):
        self.record.load_grid(
            read_rows(self.start.data, self.start.filename or ''))
        return 'end'


def read_rows(data, filename):
    """Return the non-empty rows of the CSV or XLSX file as lists of
    strings, within the import limits of spreadsheet.read_rows"""
    data = bytes(data)
    delimiter = ';'
    if not (filename.lower().endswith('.xlsx') or data[:2] == b'PK'):
        first_line = data.split(b'\n', 1)[0].decode('utf-8-sig', 'replace')
        delimiter = csv.Sniffer().sniff(
            first_line, delimiters=';,\t').delimiter
    return [
        ['' if v is None else str(v) for v in row]
        for _, row in spreadsheet.read_rows(
            data, filename, delimiter=delimiter)]


def _header(row):
    "Return the column name of each cell of the header row"
    names = []
    for cell in row:
        label = cell.strip().lower().replace('_', ' ')
        name = next((n for n, aliases in COLUMNS.items()
                if label == n.replace('_', ' ') or label in aliases), None)
        names.append(name)
    return names


class _RowError(Exception):
    pass


def _integer(value):
    if not value:
        return None
    try:
        number = int(Decimal(value.replace(',', '.')))
    except InvalidOperation:
        raise _RowError(value)
    if number < 0:
        raise _RowError(value)
    return number


def _amount(value, required=False):
    if not value:
        if required:
            raise _RowError(value)
        return None
    try:
        amount = Decimal(value.replace(' ', '').replace(',', '.'))
    except InvalidOperation:
        raise _RowError(value)
    if amount < 0 or not amount.is_finite():
        raise _RowError(value)
    return amount.quantize(Decimal('0.01'))


class RateTableLoader:
    "Turn the rows of a grid file into line values, refusing bad rows"

    def __init__(self, table):
        self.table = table
        self.formulas = {
            f.name.strip().lower(): f.id for f in table.product.formulas}

    def lines(self, rows):
        if not rows:
            self.error(1, 'empty', '')
        columns = _header(rows[0])
        if 'premium' not in columns:
            self.error(1, 'header', ', '.join(rows[0]))
        vlist = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            cells = {name: row[i].strip() if i < len(row) else ''
                for i, name in enumerate(columns) if name}
            vlist.append(self.line(number, cells))
        return vlist

    def line(self, number, cells):
        values = {'table': self.table.id}
        for name in ['age_min', 'age_max']:
            values[name] = self.parse(number, name, _integer, cells)
        values['premium'] = self.parse(
            number, 'premium', lambda v: _amount(v, required=True), cells)
        values['deductible'] = self.parse(
            number, 'deductible', _amount, cells)
        if (values['age_min'] is not None and values['age_max'] is not None
                and values['age_min'] > values['age_max']):
            self.error(number, 'age_max', cells.get('age_max'))
        values['zone'] = cells.get('zone') or None
        formula = cells.get('formula')
        if formula:
            if formula.lower() not in self.formulas:
                self.error(number, 'formula', formula)
            values['formula'] = self.formulas[formula.lower()]
        return values

    def parse(self, number, name, parser, cells):
        try:
            return parser(cells.get(name, ''))
        except _RowError:
            self.error(number, name, cells.get(name, ''))

    def error(self, number, column, value):
        raise RateTableImportError(gettext(
                'insurance_project.msg_rate_table_import_row',
                row=number, column=column, value=value,
                table=self.table.rec_name))


@register_connector
class RateTableConnector(Connector):
    "Price the projects with the rate grids of the insurer's products"
    name = 'rate_table'
    string = "Rate Tables"

    def get_quotes(self, project):
        RateTable = Pool().get('insurance.project.rate_table')
        tables = RateTable.search([
                ('product.insurer', '=', self.record.insurer.id),
                ('product.line_of_business', '=',
                    project.line_of_business.id),
                ('product.active', '=', True),
                ])
        age, zone = insured_age(project), insured_zone(project)
        quotes = []
        for table in tables:
            for line in table.find_lines(age, zone):
                quotes.append({
                        'insurer': table.product.insurer.id,
                        'product': table.product.id,
                        'formula': line.formula.id if line.formula else None,
                        'annual_premium': line.premium,
                        'deductible': line.deductible,
                        'duration': None,
                        })
        return quotes


def insured_age(project):
    "Return the age of the client at the effective date of the project"
    birth_date = getattr(project.client, 'birth_date', None)
    if not birth_date:
        return None
    date = project.start_date or Pool().get('ir.date').today()
    return date.year - birth_date.year - (
        (date.month, date.day) < (birth_date.month, birth_date.day))


def insured_zone(project):
    "Return the department of the insured asset or else of the client"
    postal_code = None
    if project.asset and getattr(project.asset, 'postal_code', None):
        postal_code = project.asset.postal_code
    else:
        address = project.client.address_get()
        postal_code = address.postal_code if address else None
    postal_code = (postal_code or '').strip()
    return postal_code[:2] if postal_code else None

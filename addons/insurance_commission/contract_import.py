# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Import of the contracts listed in the files of the insurers"
from decimal import InvalidOperation

from sql import Null

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.insurance.exceptions import InvalidFile
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, check_access

from . import statement_file
from .exceptions import ContractImportFileError
from .file_import import FileImportMixin
from .statement import FileFormatMixin

_IN_MAX = 1000
# The contract fields an import row may set, compared to find the changes
_POLICY_FIELDS = [
    'product', 'line_of_business', 'start_date', 'renewal_date', 'end_date',
    'annual_premium_excl_tax', 'annual_premium', 'payment_frequency',
    ]


class ContractMapping(FileFormatMixin, ModelSQL, ModelView):
    "Insurer Contract File Mapping"
    __name__ = 'insurance.policy.import.mapping'
    reference_column = fields.Char(
        "Contract Reference Column", required=True,
        help="The header of the column holding the contract number.")
    client_column = fields.Char(
        "Client Name Column", required=True,
        help="The header of the column holding the last name or company "
        "name of the policyholder.")
    first_name_column = fields.Char(
        "First Name Column",
        help="The header of the column holding the first name of the "
        "policyholder; a client without first name is created as a "
        "company.")
    birth_date_column = fields.Char(
        "Birth Date Column",
        help="The header of the column holding the birth date, used to "
        "tell apart clients of the same name.")
    product_column = fields.Char(
        "Product Column",
        help="The header of the column holding the code or name of the "
        "product of the insurer.")
    line_of_business_column = fields.Char(
        "Line of Business Column",
        help="The header of the column holding the code or name of the "
        "line of business, used for contracts without product.")
    start_date_column = fields.Char(
        "Effective Date Column",
        help="The header of the column holding the effective date.")
    renewal_date_column = fields.Char(
        "Renewal Date Column",
        help="The header of the column holding the next renewal date "
        "(échéance).")
    end_date_column = fields.Char(
        "End Date Column",
        help="The header of the column holding the end date of fixed-term "
        "contracts.")
    premium_excl_tax_column = fields.Char(
        "Premium Excl. Tax Column",
        help="The header of the column holding the annual premium "
        "excluding tax.")
    premium_column = fields.Char(
        "Premium Column",
        help="The header of the column holding the annual premium "
        "including tax.")
    frequency_column = fields.Char(
        "Payment Frequency Column",
        help="The header of the column holding the payment frequency "
        "(mensuel, trimestriel, semestriel, annuel).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('insurer_unique', Unique(t, t.insurer),
                'insurance_commission.msg_contract_mapping_insurer_unique'),
            ]

    # the row key of each column
    _column_fields = {
        'reference': 'reference_column',
        'client_name': 'client_column',
        'first_name': 'first_name_column',
        'birth_date': 'birth_date_column',
        'product': 'product_column',
        'line_of_business': 'line_of_business_column',
        'start_date': 'start_date_column',
        'renewal_date': 'renewal_date_column',
        'end_date': 'end_date_column',
        'annual_premium_excl_tax': 'premium_excl_tax_column',
        'annual_premium': 'premium_column',
        'payment_frequency': 'frequency_column',
        }

    @classmethod
    def default_client_column(cls):
        return 'nom'

    def parsers(self):
        "Return the parser of each row key"
        def text(raw):
            return str(raw).strip() if raw not in (None, '') else None

        def date(raw):
            if raw in (None, ''):
                return None
            return statement_file.parse_date(raw, self.date_format)

        def amount(raw):
            if raw in (None, ''):
                return None
            return statement_file.parse_decimal(raw, self.decimal_separator)

        return {
            'reference': text, 'client_name': text, 'first_name': text,
            'birth_date': date, 'product': text, 'line_of_business': text,
            'start_date': date, 'renewal_date': date, 'end_date': date,
            'annual_premium_excl_tax': amount, 'annual_premium': amount,
            'payment_frequency': statement_file.parse_frequency,
            }


class ContractImport(FileImportMixin, Workflow, ModelSQL, ModelView):
    "Contract Import Request"
    __name__ = 'insurance.policy.import'
    _rec_name = 'file_name'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        domain=[('is_insurer', '=', True)], states=_states,
        help="The insurer that sent the file of contracts.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Type of Contract",
        ondelete='RESTRICT', states=_states,
        help="The line of business of the contracts of the file: used for "
        "the rows without product; rows of another line are rejected.")
    reference = fields.Char(
        "Contract Reference", states=_states, strip=True,
        help="Import only the contract of this number; leave empty to "
        "import every row of the file.")
    file = fields.Binary(
        "File", filename='file_name', required=True, states=_states,
        help="The contracts as CSV or XLSX, read with the contract column "
        "mapping of the insurer.")
    file_name = fields.Char("File Name", states=_states)
    file_hash = fields.Char("File Hash", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('imported', "Imported"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True, sort=False)
    messages = fields.Text(
        "Messages", readonly=True,
        help="The result of the import or the error that stopped it.")
    created_count = fields.Integer(
        "Created", readonly=True, help="The contracts created.")
    updated_count = fields.Integer(
        "Updated", readonly=True, help="The contracts changed.")
    unchanged_count = fields.Integer(
        "Unchanged", readonly=True,
        help="The rows whose contract already held the same values.")
    rejected_count = fields.Integer(
        "Rejected", readonly=True, help="The rows not imported.")
    rejections = fields.One2Many(
        'insurance.policy.import.rejection', 'request', "Rejected Rows",
        readonly=True)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('create_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'imported'),
            ('draft', 'failed'),
            ('failed', 'draft'),
            }
        cls._buttons.update({
                'run_import': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'failed',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def copy(cls, requests, default=None):
        default = default.copy() if default is not None else {}
        for name in ['rejections', 'messages', 'file_hash', 'created_count',
                'updated_count', 'unchanged_count', 'rejected_count']:
            default.setdefault(name, None)
        return super().copy(requests, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, requests):
        cls.write(requests, {'messages': None})

    def import_file(self):
        """Import the file: a file that cannot be read marks the request
        failed and writes nothing; rows that cannot be imported are
        rejected with their reason, the others are written together."""
        pool = Pool()
        Mapping = pool.get('insurance.policy.import.mapping')
        mappings = Mapping.search([('insurer', '=', self.insurer.id)])
        data = bytes(self.file)
        try:
            if not mappings:
                raise ContractImportFileError(gettext(
                        'insurance_commission.msg_contract_import_no_mapping',
                        insurer=self.insurer.rec_name))
            rows = self.read_rows(data, mappings[0])
        except ContractImportFileError as exception:
            self.__class__.fail([self], exception.message)
            return
        plan = ImportPlan(self, rows)
        plan.check()
        plan.write()
        self.__class__.done([self], statement_file.file_hash(data), plan)

    def read_rows(self, data, mapping):
        """Return the rows of the file to import, each a dict with its row
        number and values or the error of a value that cannot be read"""
        Configuration = Pool().get('insurance.commission.configuration')
        columns = mapping.columns()
        try:
            table = list(self.read_with_progress(statement_file.read_table(
                        data, self.file_name, mapping.delimiter,
                        Configuration(1).import_limits())))
        except InvalidFile as error:
            raise ContractImportFileError(error.message)
        except Exception as exception:
            raise ContractImportFileError(gettext(
                    'insurance_commission.msg_contract_import_unreadable',
                    error=str(exception)))
        if not table:
            raise ContractImportFileError(gettext(
                    'insurance.msg_file_empty'))
        headers = set(table[0][1])
        for column in filter(None, columns.values()):
            if column not in headers:
                raise ContractImportFileError(gettext(
                        'insurance_commission.msg_contract_import_no_column',
                        column=column))
        parsers = mapping.parsers()
        rows = [self._parse_row(number, values, columns, parsers)
            for number, values in table]
        if self.reference:
            wanted = statement_file.normalise_reference(self.reference)
            rows = [r for r in rows if r['normalised_reference'] == wanted]
            if not rows:
                raise ContractImportFileError(gettext(
                        'insurance_commission'
                        '.msg_contract_import_reference_unknown',
                        reference=self.reference))
        return rows

    @staticmethod
    def _parse_row(number, values, columns, parsers):
        row = {'row': number}
        for name, column in columns.items():
            raw = values.get(column) if column else None
            try:
                row[name] = parsers[name](raw)
            except (ValueError, InvalidOperation, KeyError, TypeError):
                row.setdefault('error', gettext(
                        'insurance_commission.msg_contract_import_bad_value',
                        value=raw, column=column))
        row['normalised_reference'] = statement_file.normalise_reference(
            row.get('reference'))
        return row

    @classmethod
    @Workflow.transition('failed')
    def fail(cls, requests, message):
        cls.write(requests, {'messages': message})

    @classmethod
    @Workflow.transition('imported')
    def done(cls, requests, file_hash, plan):
        counts = plan.counts()
        cls.write(requests, {
                'file_hash': file_hash,
                'messages': gettext(
                    'insurance_commission.msg_contract_import_done', **counts),
                'created_count': counts['created'],
                'updated_count': counts['updated'],
                'unchanged_count': counts['unchanged'],
                'rejected_count': counts['rejected'],
                'rejections': [('create', plan.rejections)],
                })


class ContractImportRejection(ModelSQL, ModelView):
    "Contract Import Rejected Row"
    __name__ = 'insurance.policy.import.rejection'
    request = fields.Many2One(
        'insurance.policy.import', "Request", required=True,
        ondelete='CASCADE')
    row = fields.Integer("Row", readonly=True,
        help="The row of the file, as a spreadsheet numbers it.")
    reference = fields.Char("Contract Reference", readonly=True)
    reason = fields.Text("Reason", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('request')
        cls._order = [
            ('request', 'DESC'),
            ('row', 'ASC'),
            ('id', 'ASC'),
            ]


class Rejected(Exception):
    "A row cannot be imported; the argument is the translated reason"


class ImportPlan:
    """The changes an import makes, computed for every row before anything
    is written"""

    def __init__(self, request, rows):
        self.request = request
        self.rows = rows
        self.to_create = []  # (row, values)
        self.to_update = []  # (policy, values)
        self.new_clients = {}  # client key: party values
        self.unchanged = 0
        self.rejections = []

    def counts(self):
        return {
            'created': len(self.to_create),
            'updated': len(self.to_update),
            'unchanged': self.unchanged,
            'rejected': len(self.rejections),
            }

    def reject(self, row, reason):
        self.rejections.append({
                'row': row['row'],
                'reference': row.get('reference'),
                'reason': reason,
                })

    def check(self):
        "Sort every row into created, updated, unchanged or rejected"
        self._load()
        seen = {}
        for row in self.rows:
            try:
                if row.get('error'):
                    raise Rejected(row['error'])
                reference = row['normalised_reference']
                if not reference:
                    raise Rejected(gettext(
                            'insurance_commission'
                            '.msg_contract_import_no_reference'))
                if reference in seen:
                    raise Rejected(gettext(
                            'insurance_commission'
                            '.msg_contract_import_duplicate',
                            row=seen[reference]))
                seen[reference] = row['row']
                self._check_row(row)
            except Rejected as rejected:
                self.reject(row, rejected.args[0])

    def _load(self):
        "Read at once what the rows are matched against"
        pool = Pool()
        Line = pool.get('insurance.commission.statement.line')
        Policy = pool.get('insurance.policy')
        Product = pool.get('insurance.product')
        LineOfBusiness = pool.get('insurance.line_of_business')
        insurer = self.request.insurer
        self.policy_ids = Line._policies_by_reference(insurer)
        wanted = {self.policy_ids[r['normalised_reference']]
            for r in self.rows
            if r['normalised_reference'] in self.policy_ids}
        # The button runs without access checks: the record rules are
        # applied here, a contract the user cannot read is rejected
        self.policies = {}
        with check_access():
            for sub_ids in grouped_slice(list(wanted), _IN_MAX):
                self.policies.update((p.id, p)
                    for p in Policy.search([('id', 'in', list(sub_ids))]))
        self.products = {}
        for product in Product.search([('insurer', '=', insurer.id)]):
            for key in [product.code, product.name]:
                if key:
                    self.products.setdefault(
                        statement_file.normalise_reference(key), product)
        self.lines_of_business = {}
        for line in LineOfBusiness.search([]):
            for key in [line.code, line.name]:
                if key:
                    self.lines_of_business.setdefault(
                        statement_file.normalise_reference(key), line)
        self.clients = self._clients()

    def _clients(self):
        """Return the client ids with their birth date by normalised name

        Read without record rules: a client is one person for the whole
        firm, so an import never duplicates a client of another agency."""
        Party = Pool().get('party.party')
        party = Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*party.select(
                party.id, party.name, party.first_name, party.birth_date,
                where=party.client_status != Null))
        clients = {}
        for party_id, name, first_name, birth_date in cursor:
            if isinstance(birth_date, str):
                birth_date = statement_file.parse_date(birth_date, '%Y-%m-%d')
            key = statement_file.normalise_name(name, first_name)
            clients.setdefault(key, []).append((party_id, birth_date))
        return clients

    def _check_row(self, row):
        policy_id = self.policy_ids.get(row['normalised_reference'])
        if policy_id is not None and policy_id not in self.policies:
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_not_readable',
                    reference=row['reference']))
        policy = self.policies.get(policy_id)
        values = self._row_values(row)
        wanted = self.request.line_of_business
        if policy is None:
            values['client'], new_client = self._client(row)
            values['reference'] = row['reference']
            if wanted and not values['line_of_business']:
                values['line_of_business'] = wanted.id
            self._check_values(values, row)
            if new_client:
                self.new_clients.setdefault(values['client'], new_client)
            self.to_create.append((row, values))
            return
        self._check_client(policy, row)
        if (wanted and not values['line_of_business']
                and policy.line_of_business != wanted):
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_other_line',
                    line=policy.line_of_business.rec_name,
                    wanted=wanted.rec_name))
        changes = {n: v for n, v in values.items()
            if v is not None and v != _current(policy, n)}
        if not changes:
            self.unchanged += 1
            return
        if policy.state == 'terminated':
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_terminated',
                    reference=policy.reference))
        merged = {n: _current(policy, n) for n in _POLICY_FIELDS}
        merged.update(changes)
        self._check_values(merged, row)
        self.to_update.append((policy, changes))

    def _row_values(self, row):
        "Return the contract values of the row, None where the file is empty"
        values = {n: row.get(n) for n in _POLICY_FIELDS}
        product = line = None
        if row.get('product'):
            product = self.products.get(
                statement_file.normalise_reference(row['product']))
            if not product:
                raise Rejected(gettext(
                        'insurance_commission'
                        '.msg_contract_import_product_unknown',
                        product=row['product'],
                        insurer=self.request.insurer.rec_name))
            line = product.line_of_business
        elif row.get('line_of_business'):
            line = self.lines_of_business.get(
                statement_file.normalise_reference(row['line_of_business']))
            if not line:
                raise Rejected(gettext(
                        'insurance_commission'
                        '.msg_contract_import_line_unknown',
                        line=row['line_of_business']))
        wanted = self.request.line_of_business
        if wanted and line and line != wanted:
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_other_line',
                    line=line.rec_name, wanted=wanted.rec_name))
        values['product'] = product.id if product else None
        values['line_of_business'] = line.id if line else None
        return values

    def _client(self, row):
        """Return the id of the client of the row, or the key and the values
        of the client to create"""
        if not row.get('client_name'):
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_no_client'))
        key = statement_file.normalise_name(
            row['client_name'], row.get('first_name'))
        candidates = [
            party_id for party_id, birth_date in self.clients.get(key, [])
            if not (row.get('birth_date') and birth_date)
            or birth_date == row['birth_date']]
        if len(candidates) > 1:
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_client_several',
                    client=_client_label(row)))
        if candidates:
            return candidates[0], None
        return key, {
            'name': row['client_name'],
            'first_name': row.get('first_name'),
            'party_type': 'person' if row.get('first_name') else 'company',
            'birth_date': row.get('birth_date'),
            'client_status': 'prospect',
            }

    def _check_client(self, policy, row):
        "Reject a row that names another client than the contract's"
        if not row.get('client_name'):
            return
        key = statement_file.normalise_name(
            row['client_name'], row.get('first_name'))
        client = policy.client
        if key != statement_file.normalise_name(
                client.name, client.first_name if row.get('first_name')
                else None):
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_client_differs',
                    client=_client_label(row), reference=policy.reference,
                    contract_client=client.rec_name))

    @staticmethod
    def _check_values(values, row):
        "Reject the values the contract would refuse"
        if not values.get('line_of_business'):
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_no_line'))
        start = values.get('start_date')
        for name in ['renewal_date', 'end_date']:
            date = values.get(name)
            if start and date and date <= start:
                raise Rejected(gettext(
                        'insurance_commission.msg_contract_import_date_order',
                        date=date, start=start))
        excl_tax = values.get('annual_premium_excl_tax')
        premium = values.get('annual_premium')
        if ((excl_tax is not None and excl_tax < 0)
                or (premium is not None and premium < 0)
                or (excl_tax is not None and premium is not None
                    and premium < excl_tax)):
            raise Rejected(gettext(
                    'insurance_commission.msg_contract_import_premiums',
                    premium=premium, excl_tax=excl_tax))

    def write(self):
        "Write every change of the plan, in bulk"
        pool = Pool()
        Party = pool.get('party.party')
        Policy = pool.get('insurance.policy')
        Endorsement = pool.get('insurance.policy.endorsement')
        Date = pool.get('ir.date')
        keys = list(self.new_clients)
        parties = Party.create([self.new_clients[k] for k in keys])
        client_ids = dict(zip(keys, (p.id for p in parties)))
        policies = Policy.create([
                self._create_values(values, client_ids)
                for _, values in self.to_create])
        running = [p for p, _ in self.to_update if p.state != 'draft']
        if running:
            Endorsement.record(running, Date.today(), gettext(
                    'insurance_commission.msg_contract_import_endorsement',
                    file=self.request.file_name or ''))
        args = []
        for policy, changes in self.to_update:
            args.extend(([policy], changes))
        if args:
            Policy.write(*args)
        Policy.activate([p for p in policies if p.start_date])

    def _create_values(self, values, client_ids):
        "Return the values of a new contract, completed from its product"
        pool = Pool()
        Product = pool.get('insurance.product')
        Policy = pool.get('insurance.policy')
        values = {n: v for n, v in values.items() if v is not None}
        if not isinstance(values['client'], int):
            values['client'] = client_ids[values['client']]
        values.update({
                'company': self.request.company.id,
                'insurer': self.request.insurer.id,
                })
        if values.get('product'):
            rate = Product(values['product']).default_rate
            if rate:
                values.setdefault('new_business_rate', rate.new_business_rate)
                values.setdefault('renewal_rate', rate.renewal_rate)
                if rate.fee_amount and 'fees' not in values:
                    values['fees'] = [('create', [
                                Policy.fee_values_from_rate(rate)])]
        if values.get('start_date'):
            values.setdefault('subscription_date', values['start_date'])
            if not values.get('renewal_date'):
                policy = Policy(start_date=values['start_date'],
                    renewal_month=None, renewal_day=None)
                values['renewal_date'] = policy.compute_renewal_date(
                    values['start_date'])
        return values


def _current(policy, name):
    "Return the value of the field of the policy as the rows hold it"
    value = getattr(policy, name)
    if policy._fields[name]._type == 'many2one':
        return value.id if value else None
    return value


def _client_label(row):
    return ' '.join(filter(None, [row.get('client_name'),
                row.get('first_name')]))

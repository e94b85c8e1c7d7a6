# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Literal
from sql.aggregate import Count, Sum

from trytond import backend
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .receipt import period_end


class TermRun(ModelSQL, ModelView):
    "Renewal of Terms"
    __name__ = 'insurance.receipt.term_run'
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='CASCADE')
    date = fields.Date(
        "Up To", required=True, readonly=True,
        help="The terms starting up to this date were generated.")
    insurer = fields.Many2One(
        'party.party', "Insurer", readonly=True, ondelete='RESTRICT',
        help="Only the contracts of this insurer, if set.")
    policy_count = fields.Integer(
        "Contracts", readonly=True,
        help="The number of contracts examined.")
    task_count = fields.Integer(
        "Tasks", readonly=True,
        help="The number of batches; more than one goes through the task "
        "queue.")
    receipts = fields.One2Many(
        'insurance.receipt', 'term_run', "Receipts", readonly=True)
    errors = fields.One2Many(
        'insurance.receipt.term_run.error', 'run', "Skipped Contracts",
        readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    receipt_count = fields.Function(fields.Integer(
            "Receipts Created"), 'get_summary')
    receipt_total = fields.Function(Monetary(
            "Total", currency='currency', digits='currency'), 'get_summary')
    error_count = fields.Function(fields.Integer(
            "Contracts Skipped"), 'get_summary')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return '%s (%s)' % (self.date, self.insurer.rec_name
            if self.insurer else '*')

    @classmethod
    def get_summary(cls, runs, names):
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Error = pool.get('insurance.receipt.term_run.error')
        receipt = Receipt.__table__()
        error = Error.__table__()
        cursor = Transaction().connection.cursor()
        ids = [r.id for r in runs]
        in_ = fields.SQL_OPERATORS['in']
        result = {n: dict.fromkeys(ids, 0) for n in names}
        if 'receipt_total' in result:
            result['receipt_total'] = dict.fromkeys(ids, Decimal(0))
        in_max = backend.MAX_QUERY_PARAMS
        for sub_ids in grouped_slice(ids, in_max):
            # a slice is an iterator: listed as it is used twice
            sub_ids = list(sub_ids)
            cursor.execute(*receipt.select(
                    receipt.term_run, Count(Literal(1)),
                    Sum(Receipt._amount_to_pay_column(receipt)
                        + receipt.amount_paid),
                    where=in_(receipt.term_run, sub_ids),
                    group_by=receipt.term_run))
            for run_id, count, total in cursor:
                if 'receipt_count' in result:
                    result['receipt_count'][run_id] = count
                if 'receipt_total' in result:
                    result['receipt_total'][run_id] = Decimal(
                        str(total or 0)).quantize(Decimal('0.01'))
            if 'error_count' in result:
                cursor.execute(*error.select(error.run, Count(Literal(1)),
                        where=in_(error.run, sub_ids),
                        group_by=error.run))
                result['error_count'].update(cursor)
        return result

    @classmethod
    def due_policies(cls, date, insurer=None):
        "Return the ids of the contracts that may have a term due by date"
        pool = Pool()
        Policy = pool.get('insurance.policy')
        domain = [
            ('company', '=', Transaction().context.get('company')),
            ('state', '=', 'active'),
            ('delegated_collection', '=', True),
            ('start_date', '<=', date),
            ]
        if insurer:
            domain.append(('insurer', '=', insurer.id))
        return [p.id for p in Policy.search(domain, order=[('id', 'ASC')])]

    @classmethod
    def launch(cls, date, insurer=None):
        """Create a run generating and posting the term receipts due by
        date; runs bigger than the batch size go through the task queue"""
        pool = Pool()
        Configuration = pool.get('insurance.receipt.configuration')
        size = Configuration(1).term_batch_size
        policy_ids = cls.due_policies(date, insurer)
        chunks = [list(c) for c in grouped_slice(policy_ids, count=size)]
        run = cls(company=Transaction().context.get('company'), date=date,
            insurer=insurer, policy_count=len(policy_ids),
            task_count=len(chunks))
        run.save()
        if len(chunks) == 1:
            run.process(chunks[0])
        else:
            for chunk in chunks:
                cls.__queue__.process(run, chunk)
        return run

    @classmethod
    def renew_coming_month(cls):
        """Launch the renewal of the terms starting up to the end of next
        month, for the company of the context or else every company (the
        monthly scheduled job)"""
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        company_id = Transaction().context.get('company')
        companies = ([Company(company_id)] if company_id
            else Company.search([]))
        runs = []
        for company in companies:
            with Transaction().set_context(company=company.id):
                date = Date.today() + relativedelta(months=1, day=31)
                runs.append(cls.launch(date))
        return runs

    def process(self, policy_ids):
        "Generate and post the due terms of the contracts of the batch"
        pool = Pool()
        Policy = pool.get('insurance.policy')
        self.generate(Policy.browse(policy_ids), self.date, run=self)

    @classmethod
    def generate(cls, policies, date, run=None):
        """Generate and post the term receipts of the policies starting up
        to date; a contract that cannot be posted is skipped and reported.
        Return the posted receipts."""
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Error = pool.get('insurance.receipt.term_run.error')
        Date = pool.get('ir.date')
        with_cash = Receipt.policies_with_cash(policies)
        policies = [p for p in policies if p.id in with_cash]
        configs = cls._configurations(policies)
        for company, config in configs.items():
            if config['receipt_journal']:
                Receipt.lock_posting(
                    company, config['receipt_journal'], Date.today())
        starts = Receipt.next_term_starts(policies)
        receipts, errors = [], []
        for policy in policies:
            terms = cls._terms(policy, starts[policy.id], date, run)
            error = next(filter(None, (
                        t.post_error(configs[policy.company])
                        for t in terms)), None)
            if error:
                errors.append(Error(run=run, policy=policy, message=error))
            else:
                receipts.extend(terms)
        if receipts:
            Receipt.save(receipts)
            Receipt._post(receipts, configs)
        if run and errors:
            Error.save(errors)
        return receipts

    @classmethod
    def _configurations(cls, policies):
        """Return the receipt configuration values per company with the
        accounts of the clients and insurers of the policies"""
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        parties = defaultdict(set)
        for policy in policies:
            parties[policy.company].update([policy.client, policy.insurer])
        return {c: Receipt.configuration_values(c, p)
            for c, p in parties.items()}

    @classmethod
    def _terms(cls, policy, start, date, run):
        "Return the unsaved term receipts of the policy from start to date"
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Date = pool.get('ir.date')
        today = Date.today()
        terms = []
        end = policy.end_date or policy.termination_date or dt.date.max
        while start <= date and start <= end:
            receipt = Receipt(**Receipt.values_from_policy(
                    policy, 'term', start))
            receipt.date = today
            receipt.term_run = run
            terms.append(receipt)
            start = period_end(start, policy.payment_frequency) + (
                dt.timedelta(days=1))
        return terms


class TermRunError(ModelSQL, ModelView):
    "Renewal of Terms Skipped Contract"
    __name__ = 'insurance.receipt.term_run.error'
    run = fields.Many2One(
        'insurance.receipt.term_run', "Run", required=True,
        ondelete='CASCADE', readonly=True)
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE',
        readonly=True)
    message = fields.Text("Reason", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('run')


class RenewTermsStart(ModelView):
    "Renew Terms"
    __name__ = 'insurance.receipt.renew_terms.start'
    date = fields.Date(
        "Up To", required=True,
        help="Every term starting up to this date is generated and posted.")
    insurer = fields.Many2One(
        'party.party', "Insurer", domain=[('is_insurer', '=', True)],
        help="Leave empty to renew the terms of every insurer.")

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class RenewTerms(Wizard):
    "Renew Terms"
    __name__ = 'insurance.receipt.renew_terms'
    start = StateView('insurance.receipt.renew_terms.start',
        'insurance_receipt.renew_terms_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Renew", 'renew', 'tryton-ok', default=True),
            ])
    renew = StateAction('insurance_receipt.act_term_run_form')

    def do_renew(self, action):
        pool = Pool()
        TermRun = pool.get('insurance.receipt.term_run')
        run = TermRun.launch(self.start.date, self.start.insurer)
        return open_records(action, [run]), {}


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('insurance.receipt.term_run|renew_coming_month',
                "Renew the Terms of the Coming Month"))

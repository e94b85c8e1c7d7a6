# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.insurance import spreadsheet
from trytond.pool import Pool
from trytond.pyson import Eval, Id

commission_revenue_account = fields.Many2One(
    'account.account', "Commission Revenue Account",
    domain=[
        ('type.revenue', '=', True),
        ('closed', '!=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ],
    help="Credited with the commissions the insurers pay later "
    "(statements).")
commission_journal = fields.Many2One(
    'account.journal', "Commission Journal",
    domain=[('type', 'in', ['revenue', 'general'])],
    help="The journal of the moves of received commissions.")
payee_expense_account = fields.Many2One(
    'account.account', "Commission Expense Account",
    domain=[
        ('type.expense', '=', True),
        ('closed', '!=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ],
    help="Debited with the commissions paid to introducers and "
    "collaborators (payee statements).")
payee_journal = fields.Many2One(
    'account.journal', "Payee Statement Journal",
    domain=[('type', 'in', ['expense', 'general'])],
    help="The journal of the moves of paid payee statements.")


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Commission Configuration"
    __name__ = 'insurance.commission.configuration'
    late_delay = fields.Integer(
        "Late Delay", required=True,
        domain=[('late_delay', '>=', 0)],
        help="The number of days after its date from which an expected "
        "commission that is not received is marked late.")
    commission_revenue_account = fields.MultiValue(
        commission_revenue_account)
    commission_journal = fields.MultiValue(commission_journal)
    payee_expense_account = fields.MultiValue(payee_expense_account)
    payee_journal = fields.MultiValue(payee_journal)
    payee_statement_sequence = fields.Many2One(
        'ir.sequence', "Payee Statement Sequence",
        domain=[
            ('sequence_type', '=', Id(
                    'insurance_commission', 'sequence_type_payee_statement')),
            ],
        help="Numbers the introducer and salesperson statements when "
        "they are validated.")

    import_max_size = fields.Integer(
        "Import Size Limit (MB)", required=True,
        domain=[('import_max_size', '>', 0)],
        help="The largest insurer statement or contract file accepted.")
    import_max_rows = fields.Integer(
        "Import Row Limit", required=True,
        domain=[('import_max_rows', '>', 0)],
        help="The most rows of an insurer statement or contract file: the "
        "import stops at the first row over it and imports nothing.")
    import_queue_size = fields.Integer(
        "Background Import From (KB)", required=True,
        domain=[('import_queue_size', '>=', 0)],
        help="Files larger than this are imported in the background, "
        "the progress shown on the import.")

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {'commission_revenue_account', 'commission_journal',
                'payee_expense_account', 'payee_journal'}:
            return pool.get('insurance.commission.configuration.account')
        return super().multivalue_model(field)

    @classmethod
    def default_late_delay(cls):
        return 60

    @classmethod
    def default_import_max_size(cls):
        return spreadsheet.MAX_SIZE // (1024 * 1024)

    @classmethod
    def default_import_max_rows(cls):
        return spreadsheet.MAX_ROWS

    @classmethod
    def default_import_queue_size(cls):
        return 500

    def import_limits(self):
        "Return the limits of an imported file for spreadsheet.read_rows"
        return {
            'max_size': (self.import_max_size
                or self.default_import_max_size()) * 1024 * 1024,
            'max_rows': self.import_max_rows or self.default_import_max_rows(),
            }

    def import_in_queue(self, data):
        "Return whether the file is large enough to import in the background"
        size = self.import_queue_size
        if size is None:
            size = self.default_import_queue_size()
        return len(data) > size * 1024

    @classmethod
    def default_payee_statement_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'insurance_commission', 'sequence_payee_statement')
        except KeyError:
            return None


class ConfigurationAccount(ModelSQL, CompanyValueMixin):
    "Commission Configuration Account"
    __name__ = 'insurance.commission.configuration.account'
    commission_revenue_account = commission_revenue_account
    commission_journal = commission_journal
    payee_expense_account = payee_expense_account
    payee_journal = payee_journal

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.insurance.action import message_state, open_records
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.wizard import StateAction, Wizard

from .exceptions import ReceiptError

COLLECTION_MODES = [
    ('insurer', "Not Delegated"),
    ('gross', "Delegated, Gross Remittance"),
    ('net', "Delegated, Commission Kept at Source"),
    ]


class Policy(metaclass=PoolMeta):
    __name__ = 'insurance.policy'
    remittance_mode = fields.Selection([
            ('gross', "Gross Remittance"),
            ('net', "Commission Kept at Source"),
            ], "Remittance Mode",
        states={
            'invisible': ~Eval('delegated_collection'),
            'required': Eval('delegated_collection', False),
            'readonly': Eval('state') == 'terminated',
            },
        help="Gross: the firm remits the full premium and the insurer pays "
        "the commission later. Net: the firm remits the premium less its "
        "commission.")
    collection_mode = fields.Function(fields.Selection(
            COLLECTION_MODES, "Collection Mode",
            help="Who collects the premiums and how they are remitted."),
        'get_collection_mode', searcher='search_collection_mode')
    receipts = fields.One2Many(
        'insurance.receipt', 'policy', "Receipts", readonly=True,
        help="The premium receipts collected by the firm.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'create_cash_receipt': {
                    'invisible': ((Eval('state') != 'active')
                        | ~Eval('delegated_collection')),
                    'depends': ['state', 'delegated_collection'],
                    },
                })

    @classmethod
    def default_remittance_mode(cls):
        return 'net'

    def get_collection_mode(self, name):
        if not self.delegated_collection:
            return 'insurer'
        return self.remittance_mode or 'net'

    @classmethod
    def search_collection_mode(cls, name, clause):
        _, operator, value = clause
        if operator not in {'=', '!='} or value not in dict(COLLECTION_MODES):
            return []
        if value == 'insurer':
            domain = [('delegated_collection', '=', False)]
        else:
            domain = [
                ('delegated_collection', '=', True),
                ('remittance_mode', '=', value),
                ]
        return domain if operator == '=' else ['NOT', domain]

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('receipts', None)
        return super().copy(policies, default=default)

    @classmethod
    @ModelView.button_action('insurance_receipt.wizard_create_cash_receipt')
    def create_cash_receipt(cls, policies):
        pass


class CreateCashReceipt(Wizard):
    "Create Cash Receipt"
    __name__ = 'insurance.policy.create_cash_receipt'
    start_state = 'open_'
    open_ = StateAction('insurance_receipt.act_receipt_form')
    done = message_state()

    def do_open_(self, action):
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        Date = pool.get('ir.date')
        receipts = []
        for policy in self.records:
            if not policy.delegated_collection:
                raise ReceiptError(gettext(
                        'insurance_receipt.msg_receipt_not_delegated',
                        policy=policy.rec_name))
            receipts.append(Receipt(**Receipt.values_from_policy(
                        policy, 'cash', policy.start_date or Date.today())))
        Receipt.save(receipts)
        self.done.message = '\n'.join(
            r.created_message() for r in receipts)
        return open_records(action, receipts), {}

    def transition_open_(self):
        return 'done'

    def default_done(self, fields):
        return {'message': self.done.message}

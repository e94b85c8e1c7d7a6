# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt

from dateutil.relativedelta import relativedelta
from sql.aggregate import Max

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond import backend
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import MandateError

#: A SEPA mandate lapses when no collection used it for 36 months (EPC rules)
MANDATE_LAPSE = relativedelta(months=36)
#: The debtor is told of a debit at least 14 days ahead (SEPA rulebook)
DEFAULT_NOTICE_DAYS = 14


class Mandate(metaclass=PoolMeta):
    __name__ = 'account.payment.sepa.mandate'
    notice_days = fields.Integer(
        "Notice Days", required=True,
        domain=[('notice_days', '>=', 0)],
        states={
            'readonly': Eval('state') == 'cancelled',
            },
        help="How many days ahead the client is told of a direct debit "
        "(14 unless the mandate agreed otherwise).")
    last_collection_date = fields.Function(fields.Date(
            "Last Collection",
            help="The date of the last debit made under the mandate."),
        'get_last_collection_date')

    @classmethod
    def default_notice_days(cls):
        return DEFAULT_NOTICE_DAYS

    @classmethod
    def get_last_collection_date(cls, mandates, name):
        pool = Pool()
        Payment = pool.get('account.payment')
        payment = Payment.__table__()
        cursor = Transaction().connection.cursor()
        ids = list(map(int, mandates))
        dates = dict.fromkeys(ids)
        for sub_ids in grouped_slice(ids, backend.MAX_QUERY_PARAMS):
            in_mandates = fields.SQL_OPERATORS['in'](
                payment.sepa_mandate, list(sub_ids))
            cursor.execute(*payment.select(
                    payment.sepa_mandate, Max(payment.date),
                    where=in_mandates
                    & payment.state.in_(['processing', 'succeeded']),
                    group_by=payment.sepa_mandate))
            for mandate_id, date in cursor:
                if isinstance(date, str):
                    date = dt.date.fromisoformat(date)
                dates[mandate_id] = date
        return dates

    def lapsed(self, date):
        "Tell whether the mandate went unused for 36 months at date"
        start = self.last_collection_date or self.signature_date
        return bool(start and start + MANDATE_LAPSE <= date)

    @property
    def is_valid(self):
        today = Pool().get('ir.date').today()
        return super().is_valid and not self.lapsed(today)

    @classmethod
    @ModelView.button
    @Workflow.transition('validated')
    def validate_mandate(cls, mandates):
        for mandate in mandates:
            mandate.check_complete()
        super().validate_mandate(mandates)

    def check_complete(self):
        "Refuse to validate a mandate without IBAN or signature date"
        if not self.account_number:
            raise MandateError(gettext(
                    'insurance_receipt.msg_mandate_no_account',
                    mandate=self.rec_name))
        if not self.signature_date:
            raise MandateError(gettext(
                    'insurance_receipt.msg_mandate_no_signature',
                    mandate=self.rec_name))

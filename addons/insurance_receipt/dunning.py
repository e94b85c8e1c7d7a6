# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class Level(metaclass=PoolMeta):
    __name__ = 'account.dunning.level'
    contract_action = fields.Selection([
            (None, "None"),
            ('suspend', "Suspend the contract"),
            ('terminate', "Terminate the contract"),
            ], "Contract Action",
        help="What processing the level does to the contract of the unpaid "
        "receipt (Code des assurances, art. L113-3).")
    delay_after_previous = fields.TimeDelta(
        "Delay after Previous Level",
        help="The time that must have passed since the previous level was "
        "sent, on top of the overdue delay (30 days between the formal "
        "notice and the suspension, 10 days more before the termination).")

    def test(self, line, date):
        pool = Pool()
        Receipt = pool.get('insurance.receipt')
        origin = line.move.origin
        if isinstance(origin, Receipt) and origin.state != 'posted':
            # receipt lines are not reconciled with payments
            return False
        result = super().test(line, date)
        if result and self.delay_after_previous:
            result = self.previous_sent_since(line, date)
        return result

    def previous_sent_since(self, line, date):
        """Tell whether the previous level was sent on the line at least
        delay_after_previous before date (no level is skipped)"""
        levels = list(self.procedure.levels)
        index = levels.index(self)
        previous = levels[index - 1] if index else None
        sent = [d.date for d in line.dunnings
            if d.level == previous and d.state == 'waiting' and d.date]
        return bool(sent) and date - max(sent) >= self.delay_after_previous


class Dunning(metaclass=PoolMeta):
    __name__ = 'account.dunning'
    policy = fields.Function(fields.Many2One(
            'insurance.policy', "Contract",
            help="The contract of the unpaid receipt."),
        'get_policy')

    def get_policy(self, name):
        receipt = self.receipt
        return receipt.policy.id if receipt else None

    @property
    def receipt(self):
        "The insurance receipt the dunned line comes from"
        Receipt = Pool().get('insurance.receipt')
        origin = self.line.move.origin if self.line else None
        return origin if isinstance(origin, Receipt) else None

    @classmethod
    def _overdue_line_domain(cls, date):
        # receipt lines stay unreconciled: dun only the open receipts
        return super()._overdue_line_domain(date) + [
            ['OR',
                ('move.origin', '=', None),
                ('move.origin', 'not like', 'insurance.receipt,%'),
                ('move.origin.state', '=', 'posted', 'insurance.receipt'),
                ],
            ]

    @classmethod
    def process(cls, dunnings):
        to_act = [d for d in dunnings
            if d.state == 'draft' and not d.blocked
            and d.level.contract_action]
        super().process(dunnings)
        cls.act_on_contracts(to_act)

    @classmethod
    def act_on_contracts(cls, dunnings):
        "Suspend or terminate the contracts of the processed dunnings"
        pool = Pool()
        Policy = pool.get('insurance.policy')
        ModelData = pool.get('ir.model.data')
        Reason = pool.get('insurance.policy.termination_reason')
        Date = pool.get('ir.date')
        ContractAction = pool.get('insurance.receipt.contract_action')
        to_suspend, to_terminate = {}, {}
        for dunning in dunnings:
            receipt = dunning.receipt
            if not receipt or receipt.state != 'posted':
                continue
            policy = receipt.policy
            if (dunning.level.contract_action == 'suspend'
                    and policy.state == 'active'):
                to_suspend.setdefault(policy, dunning)
            elif (dunning.level.contract_action == 'terminate'
                    and policy.state in {'active', 'suspended'}):
                to_terminate.setdefault(policy, dunning)
        if to_suspend:
            Policy.suspend(list(to_suspend))
        if to_terminate:
            reason = Reason(ModelData.get_id(
                    'insurance_policy', 'termination_reason_non_payment'))
            Policy.do_terminate(list(to_terminate), reason, Date.today())
        ContractAction.log(list(to_suspend.values())
            + list(to_terminate.values()))


class ContractAction(ModelSQL, ModelView):
    "Contract Suspended or Terminated for Non-Payment"
    __name__ = 'insurance.receipt.contract_action'
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, readonly=True,
        ondelete='CASCADE')
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, readonly=True,
        ondelete='RESTRICT')
    receipt = fields.Many2One(
        'insurance.receipt', "Unpaid Receipt", required=True, readonly=True,
        ondelete='CASCADE')
    dunning = fields.Many2One(
        'account.dunning', "Dunning", readonly=True, ondelete='SET NULL')
    action = fields.Selection([
            ('suspend', "Cover suspended"),
            ('terminate', "Contract terminated"),
            ], "Event", required=True, readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    statement_lines = fields.One2Many(
        'insurance.remittance.contract', 'event', "Remittance Statements",
        readonly=True,
        help="The remittance statement that reported it to the insurer.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def log(cls, dunnings):
        """Record the contract actions of the processed dunnings, to be
        reported to the insurers in the remittance statements"""
        Date = Pool().get('ir.date')
        today = Date.today()
        with without_check_access():
            cls.save([cls(company=d.company, policy=d.receipt.policy,
                        insurer=d.receipt.insurer, receipt=d.receipt,
                        dunning=d, action=d.level.contract_action,
                        date=today)
                    for d in dunnings])

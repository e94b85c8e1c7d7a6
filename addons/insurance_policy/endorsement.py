# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelStorage, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import EndorsementError


class Endorsement(ModelSQL, ModelView):
    "Contract Endorsement"
    __name__ = 'insurance.policy.endorsement'
    policy = fields.Many2One(
        'insurance.policy', "Contract", required=True, ondelete='CASCADE',
        readonly=True)
    date = fields.Date(
        "Date", required=True, readonly=True,
        help="When the change takes effect.")
    kind = fields.Selection([
            ('endorsement', "Endorsement"),
            ('restoration', "Restoration"),
            ('reassignment', "Client Reassignment"),
            ], "Kind", required=True, readonly=True)
    kind_string = kind.translated('kind')
    reason = fields.Char("Reason", readonly=True)
    user = fields.Many2One(
        'res.user', "User", readonly=True, ondelete='SET NULL',
        help="Who recorded the endorsement.")
    snapshot = fields.Dict(
        None, "Snapshot", readonly=True,
        help="The values of the contract before the change.")
    snapshot_text = fields.Function(fields.Text(
            "Changes",
            help="The values of the contract changed by the endorsement: "
            "before → after."),
        'get_snapshot_text')
    restored = fields.Many2One(
        'insurance.policy.endorsement', "Restored Endorsement",
        readonly=True, ondelete='SET NULL',
        states={
            'invisible': Eval('kind') != 'restoration',
            },
        help="The endorsement whose values were restored.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('policy')
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._buttons.update({
                'restore': {},
                })

    @classmethod
    def default_kind(cls):
        return 'endorsement'

    @classmethod
    def default_user(cls):
        return Transaction().user or None

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        kind = self.kind_string
        label = '%s %s' % (kind, Lang.get().strftime(self.date))
        if self.reason:
            label += ' - %s' % self.reason
        return label

    def get_snapshot_text(self, name):
        "Return the changes of the endorsement, one line per field"
        pool = Pool()
        Policy = pool.get('insurance.policy')
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        before = self.snapshot or {}
        after = self._next_snapshot()
        names = [n for n in Policy._snapshot_fields() if n in Policy._fields]
        descriptions = Policy.fields_get(names)
        lines = []
        for fname in names:
            old, new = before.get(fname), after.get(fname)
            if isinstance(old, list) and isinstance(new, list):
                old, new = sorted(old), sorted(new)
            if self._empty(old) and self._empty(new) or old == new:
                continue
            field = Policy._fields[fname]
            description = descriptions[fname]
            lines.append('%s : %s → %s' % (
                    description['string'],
                    self._format(field, old, lang, description),
                    self._format(field, new, lang, description)))
        return '\n'.join(lines)

    def _next_snapshot(self):
        """Return the values of the contract after the endorsement: those
        recorded by the next endorsement, or the current ones"""
        later = self.search([
                ('policy', '=', self.policy.id),
                ('id', '>', self.id),
                ], order=[('id', 'ASC')], limit=1)
        if later:
            return later[0].snapshot or {}
        return self.policy.get_snapshot()

    @staticmethod
    def _empty(value):
        return value is None or value in ([], (), '')

    @classmethod
    def _format(cls, field, value, lang, description):
        "Return value of field as the user reads it, in their language"
        if cls._empty(value):
            return '-'
        if field._type in {'many2one', 'many2many'}:
            Target = field.get_target()
            ids = list(value) if isinstance(value, (list, tuple)) else [value]
            # Records deleted since the snapshot are skipped
            records = Target.search([('id', 'in', ids)])
            return ', '.join(r.rec_name for r in records) or '-'
        if field._type == 'selection':
            return dict(description.get('selection') or []).get(value, value)
        if field._type == 'boolean':
            return gettext('insurance_policy.msg_yes' if value
                else 'insurance_policy.msg_no')
        if field._type == 'date':
            if isinstance(value, str):
                value = dt.date.fromisoformat(value)
            return lang.strftime(value)
        if field._type in {'numeric', 'monetary'}:
            value = Decimal(value)
            return lang.format_number(
                value, digits=max(-value.as_tuple().exponent, 0))
        return str(value)

    @classmethod
    def record(cls, policies, date, reason, kind='endorsement',
            restored=None):
        "Record the current values of the policies as endorsements"
        endorsements = cls.create([{
                    'policy': p.id,
                    'date': date,
                    'reason': reason,
                    'kind': kind,
                    'snapshot': p.get_snapshot(),
                    'restored': restored.id if restored else None,
                    } for p in policies])
        return endorsements

    @classmethod
    @ModelView.button
    def restore(cls, endorsements):
        "Put back the values recorded by the endorsements"
        pool = Pool()
        Policy = pool.get('insurance.policy')
        Date = pool.get('ir.date')
        today = Date.today()
        if len({e.policy for e in endorsements}) != len(endorsements):
            raise EndorsementError(gettext(
                    'insurance_policy.msg_endorsement_restore_one'))
        to_write = []
        for endorsement in endorsements:
            policy = endorsement.policy
            if policy.state == 'terminated':
                raise EndorsementError(gettext(
                        'insurance_policy.msg_endorsement_restore_terminated',
                        policy=policy.rec_name))
            cls.record(
                [policy], today,
                gettext('insurance_policy.msg_endorsement_restore_reason',
                    endorsement=endorsement.rec_name),
                kind='restoration', restored=endorsement)
            to_write.extend(([policy], policy.snapshot_values(
                        endorsement.snapshot or {})))
        if to_write:
            Policy.write(*to_write)


class EndorseStart(ModelView):
    "New Endorsement"
    __name__ = 'insurance.policy.endorse.start'
    date = fields.Date(
        "Date", required=True, help="When the change takes effect.")
    reason = fields.Char(
        "Reason", required=True, help="Why the contract changes.")

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class EndorseChanges(ModelView):
    "New Endorsement - Changes"
    __name__ = 'insurance.policy.endorse.changes'
    client = fields.Many2One('party.party', "Client", readonly=True)
    insurer = fields.Many2One('party.party', "Insurer", readonly=True)
    product = fields.Many2One(
        'insurance.product', "Product",
        domain=[('insurer', '=', Eval('insurer', -1))])
    formula = fields.Many2One(
        'insurance.product.formula', "Formula",
        domain=[('product', '=', Eval('product', -1))],
        states={
            'readonly': ~Eval('product'),
            })
    end_date = fields.Date("End Date")
    annual_premium_excl_tax = fields.Numeric(
        "Annual Premium excl. Tax", digits=(16, 2))
    annual_premium = fields.Numeric("Annual Premium", digits=(16, 2))
    payment_frequency = fields.Selection(
        'get_payment_frequencies', "Payment Frequency", required=True)
    bonus_malus = fields.Numeric("Bonus-Malus", digits=(16, 2))
    index = fields.Numeric("Index", digits=(16, 2))
    new_business_rate = fields.Numeric(
        "New Business Rate (%)", digits=(16, 2))
    renewal_rate = fields.Numeric("Renewal Rate (%)", digits=(16, 2))
    assets = fields.Many2Many(
        'insurance.asset', None, None, "Assets",
        domain=[('owner', '=', Eval('client', -1))])

    @classmethod
    def get_payment_frequencies(cls):
        Policy = Pool().get('insurance.policy')
        return Policy.fields_get(['payment_frequency'])[
            'payment_frequency']['selection']

    @fields.depends('product', 'formula')
    def on_change_product(self):
        if self.formula and self.formula.product != self.product:
            self.formula = None

    @classmethod
    def _changed_fields(cls):
        "The contract fields an endorsement can change"
        return [
            'product', 'formula', 'end_date', 'annual_premium_excl_tax',
            'annual_premium', 'payment_frequency', 'bonus_malus', 'index',
            'new_business_rate', 'renewal_rate', 'assets',
            ]


class Endorse(Wizard):
    """New Endorsement

    Records the contract's current values, then writes the changes entered
    in the second step, in one transaction."""
    __name__ = 'insurance.policy.endorse'
    start = StateView(
        'insurance.policy.endorse.start',
        'insurance_policy.policy_endorse_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Next", 'changes', 'tryton-forward', default=True),
            ])
    changes = StateView(
        'insurance.policy.endorse.changes',
        'insurance_policy.policy_endorse_changes_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Record", 'endorse', 'tryton-ok', default=True),
            ])
    endorse = StateTransition()

    def default_start(self, fields):
        if len(self.records) != 1:
            raise EndorsementError(gettext(
                    'insurance_policy.msg_endorsement_one_contract'))
        if self.record.state == 'terminated':
            raise EndorsementError(gettext(
                    'insurance_policy.msg_endorsement_terminated',
                    policy=self.record.rec_name))
        return {}

    def default_changes(self, fields):
        policy = self.record
        values = {
            'client': policy.client.id,
            'insurer': policy.insurer.id,
            }
        for name in self.changes._changed_fields():
            value = getattr(policy, name)
            if name == 'assets':
                value = [a.id for a in value]
            elif isinstance(value, ModelStorage):
                value = value.id
            values[name] = value
        return values

    def transition_endorse(self):
        pool = Pool()
        Endorsement = pool.get('insurance.policy.endorsement')
        Policy = pool.get('insurance.policy')
        policy = self.record
        Endorsement.record([policy], self.start.date, self.start.reason)
        values = {}
        for name in self.changes._changed_fields():
            value = getattr(self.changes, name)
            if name == 'assets':
                value = [
                    ('remove', [a.id for a in policy.assets]),
                    ('add', [a.id for a in value]),
                    ]
            elif isinstance(value, ModelStorage):
                value = value.id
            values[name] = value
        Policy.write([policy], values)
        return 'end'

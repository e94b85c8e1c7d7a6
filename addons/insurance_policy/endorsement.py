# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
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
            "Previous Values",
            help="The values of the contract before the change."),
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
        kind = self.kind_string
        label = '%s %s' % (kind, self.date)
        if self.reason:
            label += ' - %s' % self.reason
        return label

    def get_snapshot_text(self, name):
        Policy = Pool().get('insurance.policy')
        lines = []
        for fname, value in (self.snapshot or {}).items():
            field = Policy._fields.get(fname)
            if field is None:
                continue
            label = Policy.__names__(fname)['field']
            lines.append('%s: %s' % (label, self._format(field, value)))
        return '\n'.join(lines)

    @staticmethod
    def _format(field, value):
        if value is None or value in ([], ()):
            return '-'
        if field._type in {'many2one', 'many2many'}:
            Target = field.get_target()
            ids = list(value) if isinstance(value, (list, tuple)) else [value]
            # Records deleted since the snapshot are skipped
            records = Target.search([('id', 'in', ids)])
            return ', '.join(r.rec_name for r in records) or '-'
        if field._type == 'selection':
            return dict(field.selection).get(value, value)
        if field._type == 'boolean':
            return '☑' if value else '☐'
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


class Endorse(Wizard):
    "New Endorsement"
    __name__ = 'insurance.policy.endorse'
    start = StateView(
        'insurance.policy.endorse.start',
        'insurance_policy.policy_endorse_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Record", 'endorse', 'tryton-ok', default=True),
            ])
    endorse = StateTransition()

    def transition_endorse(self):
        Endorsement = Pool().get('insurance.policy.endorsement')
        policies = [p for p in self.records if p.state != 'terminated']
        Endorsement.record(policies, self.start.date, self.start.reason)
        return 'end'

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.wizard import StateAction, Wizard

from .open_claim import OpenClaimMixin


class Policy(OpenClaimMixin, metaclass=PoolMeta):
    __name__ = 'insurance.policy'
    claims = fields.One2Many(
        'insurance.claim', 'policy', "Claims", readonly=True,
        help="The claims declared on the contract.")
    open_claim = fields.Function(fields.Boolean(
            "Open Claim",
            help="A claim of the contract is not yet closed."),
        'get_open_claim', searcher='search_open_claim')
    _open_claim_field = 'policy'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'add_claim': {
                    'invisible': Eval('state') == 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('claims', None)
        return super().copy(policies, default=default)

    @classmethod
    @ModelView.button_action('insurance_claim.wizard_policy_add_claim')
    def add_claim(cls, policies):
        pass


class AddClaim(Wizard):
    "Add a Claim to a Contract"
    __name__ = 'insurance.policy.add_claim'
    start_state = 'open_'
    open_ = StateAction('insurance_claim.act_claim_new')

    def do_open_(self, action):
        encoder = PYSONEncoder()
        policy = self.record
        action['pyson_domain'] = encoder.encode([('policy', '=', policy.id)])
        action['pyson_context'] = encoder.encode({
                'default_client': policy.client.id,
                'default_policy': policy.id,
                })
        action['name'] += ' (%s)' % policy.rec_name
        return action, {}

# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, fields
from trytond.modules.insurance.action import open_records
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

_NEW = {
    'invisible': Bool(Eval('client')),
    }


class ExpressQuoteStart(ModelView):
    "Express Quote"
    __name__ = 'insurance.project.express.start'
    client = fields.Many2One(
        'party.party', "Existing Client",
        domain=[('client_status', 'in', ['prospect', 'active', 'former'])],
        help="Leave empty to create the prospect from the fields below.")
    civility = fields.Selection([
            (None, ""),
            ('mr', "Mr"),
            ('mrs', "Mrs"),
            ], "Civility", states=_NEW)
    name = fields.Char(
        "Last Name", states={
            'invisible': _NEW['invisible'],
            'required': ~Eval('client'),
            })
    first_name = fields.Char("First Name", states=_NEW)
    birth_date = fields.Date("Birth Date", states=_NEW)
    email = fields.Char("Email", states=_NEW)
    phone = fields.Char("Phone", states=_NEW)
    street = fields.Char("Street", states=_NEW)
    postal_code = fields.Char("Postal Code", states=_NEW)
    city = fields.Char("City", states=_NEW)
    members = fields.One2Many(
        'insurance.project.express.member', None, "Family",
        states=_NEW,
        help="The spouse and children to insure with the client.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True)
    title = fields.Char("Project Title", required=True)
    start_date = fields.Date("Effective Date")
    project = fields.Many2One('insurance.project', "Project", readonly=True)


class ExpressQuoteMember(ModelView):
    "Express Quote Family Member"
    __name__ = 'insurance.project.express.member'
    relation = fields.Selection([
            ('spouse', "Spouse"),
            ('child', "Child"),
            ], "Relation", required=True)
    name = fields.Char("Last Name", required=True)
    first_name = fields.Char("First Name")
    birth_date = fields.Date("Birth Date")

    @classmethod
    def default_relation(cls):
        return 'child'


class ExpressQuote(Wizard):
    "Express Quote"
    __name__ = 'insurance.project.express'
    start = StateView(
        'insurance.project.express.start',
        'insurance_project.project_express_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create and Get Quotes", 'create_', 'tryton-ok',
                default=True),
            ])
    create_ = StateTransition()
    open_ = StateAction('insurance_project.act_project_form')

    def transition_create_(self):
        pool = Pool()
        Project = pool.get('insurance.project')
        client = self.start.client or self.create_client()
        project = Project(
            client=client,
            line_of_business=self.start.line_of_business,
            title=self.start.title,
            start_date=self.start.start_date,
            origin=client.origin,
            introducer=client.introducer)
        project.save()
        Project.get_quotes([project])
        self.start.project = project
        return 'open_'

    def create_client(self):
        "Create the prospect and the family members of the start form"
        pool = Pool()
        Party = pool.get('party.party')
        Relation = pool.get('party.relation')
        ModelData = pool.get('ir.model.data')
        start = self.start
        client = Party(
            party_type='person', civility=start.civility, name=start.name,
            first_name=start.first_name, birth_date=start.birth_date,
            client_status='prospect',
            owner=Transaction().context.get('employee'))
        client.addresses = [{
                'street': start.street, 'postal_code': start.postal_code,
                'city': start.city}]
        client.contact_mechanisms = [
            {'type': t, 'value': v}
            for t, v in [('email', start.email), ('phone', start.phone)]
            if v]
        members = [
            Party(party_type='person', name=m.name,
                first_name=m.first_name, birth_date=m.birth_date)
            for m in start.members]
        Party.save([client] + members)
        types = {
            'spouse': ModelData.get_id('insurance', 'relation_type_spouse'),
            'child': ModelData.get_id('insurance', 'relation_type_parent'),
            }
        Relation.save([
                Relation(from_=client, to=party, type=types[m.relation])
                for m, party in zip(start.members, members)])
        return client

    def do_open_(self, action):
        return open_records(action, [self.start.project]), {}

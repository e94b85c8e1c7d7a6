# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction


class PartyComment(ModelSQL, ModelView):
    "Client Comment"
    __name__ = 'insurance.party.comment'
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    author = fields.Many2One('res.user', "Author", readonly=True)
    text = fields.Text("Text", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('party')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_author(cls):
        return Transaction().user

    def get_rec_name(self, name):
        return f'{self.date}: {self.text.splitlines()[0] if self.text else ""}'

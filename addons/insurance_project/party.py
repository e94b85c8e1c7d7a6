# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    projects = fields.One2Many(
        'insurance.project', 'client', "Projects",
        help="The insurance projects of the client and their quotes.")

    def _document_resources(self):
        return super()._document_resources() + [
            str(p) for p in self.projects]

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('projects', None)
        return super().copy(parties, default=default)


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('insurance.project', 'client'),
            ('insurance.project', 'introducer'),
            ]


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Project = pool.get('insurance.project')
        Comment = pool.get('insurance.project.comment')
        return super().to_erase(party_id) + [
            (Project, [('client', '=', party_id)], True,
                ['notepad', 'remark'], [None, None]),
            (Comment, [('project.client', '=', party_id)], True,
                ['text'], ['****']),
            ]

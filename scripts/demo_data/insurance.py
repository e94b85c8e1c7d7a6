"""Demo data of the insurance module: the firm's staff and their logins."""
from proteus import Model

from .tools import ref

DEMO_PASSWORD = 'courtage'
USERS = [
    # login, name, role group
    ('master', "Hélène Delaroche", 'group_master'),
    ]


def generate(context):
    create_users(context)


def create_users(context):
    User = Model.get('res.user')
    Lang = Model.get('ir.lang')
    company = context.records['company']
    french, = Lang.find([('code', '=', 'fr')])
    users = []
    for login, name, group in USERS:
        user = User(login=login, name=name, password=DEMO_PASSWORD)
        user.language = french
        user.companies.append(company)
        user.company = company
        user.groups.append(ref('res.group', 'insurance', group))
        users.append(user)
    User.save(users)
    context.records['users'] = {u.login: u for u in users}

"""Every read path obeys the record rules, for every model that has some.

A small demo database (scripts/demo.py: two agencies, their managers and
brokers) gets a note and a document on records of every model the test
covers. The models are found in the database: every model with record rules
(ir.rule), every model whose rules come from another one through
`__access__`, and the attachments and notes. For each demo user who is not a
master and each of these models, the records the user may not find with
`search` are the records they may not read; the test then tries every other
read path on them, as the web client calls them:

- `read`, `search_count`, `search_read`, `export_data` (ids chosen by the
  caller), `export_data_domain`;
- fields read through a related record the user may read (`client.name`
  from a readable record pointing to an unreadable client, `lines/...`);
- the reports of the model, its relate actions and the wizards it offers
  (their first step reads the records, as wizards' default values do);
- the `/<database>/data/<model>` CSV route and JSON-RPC `export_data`
  through the real WSGI application.

Nothing may come back: an access error or an empty answer. A model added
later is covered without editing this test.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict, namedtuple
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / 'config' / 'trytond.conf'
DEMO_PASSWORD = 'courtage'
# Records of one model tried one by one for each user (the others in one
# call): enough to meet each reason a record is hidden, quick to run
SAMPLE = 5
RELATIONAL = {'many2one', 'one2one', 'reference', 'one2many', 'many2many'}


def _backend():
    return os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://').split(':')[0]


@pytest.fixture(scope='module')
def database():
    """A small demo database with notes and documents, dropped at the end;
    COURTAGE_ACCESS_DATABASE names one to reuse instead (kept)"""
    from trytond import config
    if os.environ.get('COURTAGE_ACCESS_DATABASE'):
        name = os.environ['COURTAGE_ACCESS_DATABASE']
        _add_notes_and_documents(name)
        yield name
        return
    name = f'access_{uuid.uuid4().hex[:8]}'
    workdir = None
    if _backend() == 'sqlite':
        path = config.get('database', 'path')
        if not path:
            workdir = tempfile.mkdtemp(prefix='courtage-access-')
            config.set('database', 'path', workdir)
            path = workdir
    env = dict(os.environ)
    if _backend() == 'sqlite':
        env['TRYTOND_DATABASE__PATH'] = path
    subprocess.run([
            sys.executable, str(ROOT / 'scripts' / 'demo.py'),
            '--config', str(CONFIG), '--database', name, '--size', '16'],
        env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        _add_notes_and_documents(name)
        yield name
    finally:
        _drop(name)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def _drop(name):
    from trytond import config
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool.stop(name)
    if _backend() == 'sqlite':
        path = Path(config.get('database', 'path')) / f'{name}.sqlite'
        path.unlink(missing_ok=True)
    else:
        from trytond import backend
        backend.Database(name).close()
        with Transaction().start(
                None, 0, close=True, autocommit=True) as transaction:
            transaction.database.drop(transaction.connection, name)


def _pool(name):
    from trytond.pool import Pool
    pool = Pool(name)
    pool.init()
    return pool


def rule_models(pool):
    """The models whose records are filtered by record rules, found in the
    database, with the attachments and notes"""
    from trytond.ir.rule import _get_access_models
    from trytond.model import ModelStorage
    Rule = pool.get('ir.rule')
    ruled = {r.rule_group.model for r in Rule.search([])}
    names = {'ir.attachment', 'ir.note'}
    for name, Model in pool.iterobject():
        if not issubclass(Model, ModelStorage) or Model.__name__ != name:
            continue
        try:
            access_models, _ = _get_access_models(Model)
        except Exception:
            continue
        if access_models & ruled:
            names.add(name)
    # The menu's search also leaves out the entries whose action the user
    # may not open, which no record rule says: their names are not secret
    names.discard('ir.ui.menu')
    return sorted(names)


def _add_notes_and_documents(name):
    "A note and a document on a few records of each model with rules"
    from trytond.transaction import Transaction
    pool = _pool(name)
    with Transaction().start(name, 0) as transaction:
        Attachment = pool.get('ir.attachment')
        Note = pool.get('ir.note')
        if Attachment.search([('name', '=', 'confidentiel.csv')], limit=1):
            return
        resources = Attachment.get_models()
        models = {m for m, _ in resources}
        attachments, notes = [], []
        for model in rule_models(pool):
            if model not in models:
                continue
            Model = pool.get(model)
            if callable(getattr(Model, 'table_query', None)):
                continue
            records = Model.search([], order=[('id', 'ASC')])
            for record in records[:3] + records[-3:]:
                resource = f'{model},{record.id}'
                attachments.append(Attachment(
                        resource=resource, name='confidentiel.csv',
                        type='data', data=f'secret {resource}'.encode()))
                notes.append(Note(resource=resource,
                        message=f'Note confidentielle {resource}'))
        Attachment.save(attachments)
        Note.save(notes)
        transaction.commit()


class Caller:
    "Calls the models as the JSON-RPC dispatcher does, as one user"

    def __init__(self, pool, user, context):
        self.pool = pool
        self.user = user
        self.context = context

    def __call__(self, model, method, *args, type='model', context=None):
        from trytond.transaction import Transaction
        from trytond.model.exceptions import AccessError
        Model = self.pool.get(model, type=type)
        if method not in Model.__rpc__:
            # Not a read path: the method cannot be called from outside
            raise AccessError(f"{model}.{method} is not public")
        rpc = Model.__rpc__[method]
        context = dict(self.context, **(context or {}))
        args, kwargs, context, _ = rpc.convert(Model, *args, context)
        with Transaction().set_context(context):
            return rpc.result(getattr(Model, method)(*args, **kwargs))


def _refused(call, *args, **kwargs):
    """Return what came back from call when it was not refused with an
    access error: None when refused"""
    from trytond.model.exceptions import AccessError
    try:
        result = call(*args, **kwargs)
    except AccessError:
        return None
    return result


def _sample(ids):
    ids = sorted(ids)
    if len(ids) <= SAMPLE:
        return ids
    step = len(ids) / SAMPLE
    return [ids[int(i * step)] for i in range(SAMPLE)]


DemoUser = namedtuple('DemoUser', 'id login')


def _users(pool):
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    master = ModelData.get_id('insurance', 'group_master')
    courtier = ModelData.get_id('insurance', 'group_courtier')
    users = []
    for user in User.search([('login', '!=', 'admin')]):
        groups = {g.id for g in user.groups}
        if courtier in groups or any(
                g.parent and g.parent.id == courtier for g in user.groups):
            if master not in groups:
                users.append(DemoUser(user.id, user.login))
    return users


def _all_ids(pool, model):
    Model = pool.get(model)
    return {r.id for r in Model.search([], order=[('id', 'ASC')])}


def _hidden(pool, model, all_ids):
    "The ids the user does not find with search, record rules applied"
    from trytond.model.exceptions import AccessError
    from trytond.transaction import Transaction
    ModelAccess = pool.get('ir.model.access')
    Model = pool.get(model)
    with Transaction().set_context(_check_access=True, active_test=False):
        if not ModelAccess.check(model, 'read', raise_exception=False):
            return set(all_ids)
        try:
            found = Model.search([('id', 'in', sorted(all_ids))])
        except AccessError:
            # Documents and notes: the search refuses them all when one is
            # on a record of a model the user may not read
            found = []
            for id_ in sorted(all_ids):
                try:
                    found += Model.search([('id', '=', id_)])
                except AccessError:
                    pass
    return all_ids - {r.id for r in found}


def _relation_fields(Model, hidden):
    "The relational fields of Model towards models with hidden records"
    for name, field in Model._fields.items():
        if field._type not in RELATIONAL:
            continue
        if field._type == 'reference':
            yield name, field
        elif hidden.get(field.get_target().__name__):
            yield name, field


def _targets(field, value):
    "The (model, id) a relational field value points to"
    if value is None:
        return []
    if field._type == 'reference':
        if not isinstance(value, str) or ',' not in value:
            return []
        model, id_ = value.split(',', 1)
        try:
            id_ = int(id_)
        except ValueError:
            return []
        return [(model, id_)] if id_ >= 0 else []
    target = field.get_target().__name__
    if field._type in {'one2many', 'many2many'}:
        return [(target, i) for i in value]
    return [(target, value)]


def _leaks(call, user, models, hidden, visible):
    """The read paths that returned records hidden to user, as messages;
    run as the user"""
    from trytond.transaction import without_check_access
    pool = call.pool
    Keyword = pool.get('ir.action.keyword')
    leaks = []
    durations = defaultdict(float)
    for model in models:
        ids = sorted(hidden[model])
        if not ids:
            continue
        started = time.monotonic()
        where = f"{user.login} {model}"
        domain = [('id', 'in', ids)]
        count = _refused(call, model, 'search_count', domain, 0, None)
        if count:
            leaks.append(f"{where}: search_count found {count}")
        rows = _refused(
            call, model, 'search_read', domain, 0, None, None,
            ['rec_name'])
        if rows:
            leaks.append(f"{where}: search_read returned {rows[:3]}")
        rows = _refused(
            call, model, 'export_data_domain', domain, ['rec_name'])
        if rows:
            leaks.append(
                f"{where}: export_data_domain returned {rows[:3]}")
        for ids_ in [ids] + [[i] for i in _sample(ids)]:
            rows = _refused(call, model, 'read', ids_, ['rec_name'])
            if rows:
                leaks.append(f"{where}: read {ids_} returned {rows[:3]}")
            rows = _refused(
                call, model, 'export_data', ids_, ['rec_name', 'id'])
            if rows:
                leaks.append(
                    f"{where}: export_data {ids_} returned {rows[:3]}")

        # Reports, relate actions and wizards offered on the model
        keywords = Keyword.search([
                ('model', '=', f'{model},-1'),
                ('keyword', 'in', [
                        'form_print', 'form_relate', 'form_action']),
                ])
        for keyword in keywords:
            with without_check_access():
                action = keyword.action.get_action_value()
            for id_ in _sample(ids)[:2]:
                leak = _try_action(call, model, action, id_)
                if leak:
                    leaks.append(f"{where}: {leak}")
        durations[model] += time.monotonic() - started

    # Fields read through a related record the user may read
    for model in models:
        started = time.monotonic()
        Model = pool.get(model)
        records = sorted(visible[model])
        if not records:
            continue
        fields = dict(_relation_fields(Model, hidden))
        if not fields:
            continue
        with without_check_access():
            rows = Model.read(records, list(fields))
        for name, field in fields.items():
            for row in rows:
                hidden_targets = [
                    (m, i) for m, i in _targets(field, row[name])
                    if m in hidden and i in hidden[m]]
                if not hidden_targets:
                    continue
                where = (f"{user.login} {model},{row['id']}.{name} -> "
                    f"{hidden_targets[0][0]},{hidden_targets[0][1]}")
                for path in [name, f'{name}/rec_name']:
                    result = _refused(
                        call, model, 'export_data', [row['id']], [path])
                    if result and any(any(r) for r in result):
                        leaks.append(
                            f"{where}: export_data {path} {result[:2]}")
                result = _refused(
                    call, model, 'read', [row['id']],
                    [name, f'{name}.rec_name'])
                if result and field._type in {'one2many', 'many2many'}:
                    shown = {t for t in result[0][name] or []}
                    shown_hidden = shown & {i for _, i in hidden_targets}
                    if shown_hidden:
                        leaks.append(
                            f"{where}: read lists {sorted(shown_hidden)}")
                elif result and result[0].get(f'{name}.'):
                    leaks.append(
                        f"{where}: read {name}.rec_name "
                        f"{result[0][name + '.']}")
                break
        durations[model] += time.monotonic() - started
    slowest = sorted(durations.items(), key=lambda d: -d[1])[:5]
    print(', '.join(f"{m} {d:.1f} s" for m, d in slowest), file=sys.stderr)
    return leaks


def _try_action(call, model, action, id_):
    """Run the action of a keyword on a hidden record; return a message when
    it gave anything back"""
    from trytond.model.exceptions import AccessError
    from trytond.pyson import PYSONDecoder
    from trytond.transaction import Transaction
    context = {'active_model': model, 'active_id': id_, 'active_ids': [id_],
        'action_id': action['id']}
    kind = action['type']
    if kind == 'ir.action.report':
        data = {'model': model, 'id': id_, 'ids': [id_],
            'action_id': action['id']}
        result = _refused(
            call, action['report_name'], 'execute', [id_], data,
            type='report', context=context)
        if result:
            return f"report {action['report_name']} rendered"
    elif kind == 'ir.action.act_window':
        decoder = PYSONDecoder({
                'active_id': id_, 'active_ids': [id_], 'id': id_,
                'ids': [id_], 'active_model': model,
                '_user': Transaction().user,
                'context': context})
        domain = decoder.decode(action['pyson_domain'] or '[]')
        action_context = decoder.decode(action['pyson_context'] or '{}')
        try:
            found = _refused(
                call, action['res_model'], 'search', domain, 0, None, None,
                context=dict(action_context, active_test=False))
        except Exception as exception:
            return f"relate {action['name']} failed: {exception!r}"
        if found:
            return (f"relate {action['name']} found "
                f"{action['res_model']} {found[:5]}")
    elif kind == 'ir.action.wizard':
        try:
            call(action['wiz_name'], 'create', type='wizard',
                context=context)
        except AccessError:
            return None
        return f"wizard {action['wiz_name']} started"
    return None


def _login(client, database, login):
    response = client.post(f'/{database}/rpc/', json={
            'id': 0, 'method': 'common.db.login',
            'params': [login, {'password': DEMO_PASSWORD}, 'fr']})
    assert response.status_code == 200, (login, response.status_code)
    user_id, session, *_ = response.get_json()['result']
    token = base64.b64encode(
        f'{login}:{user_id}:{session}'.encode()).decode()
    return {'Authorization': f'Session {token}'}


def _http_leaks(database, users, models, hidden, public):
    """The CSV data route (any model) and JSON-RPC export_data (public
    models), through the WSGI application"""
    from werkzeug.test import Client

    from trytond.wsgi import app
    client = Client(app)
    leaks = []
    for user in users:
        headers = _login(client, database, user.login)
        for model in models:
            ids = sorted(hidden[user.login][model])
            if not ids:
                continue
            where = f"{user.login} {model}"
            for domain in [ids, [['id', 'in', ids]]]:
                query = urlencode(
                    [('d', json.dumps(domain)), ('f', 'rec_name'),
                        ('f', 'id'), ('h', '0')])
                response = client.get(
                    f'/{database}/data/{model}?{query}', headers=headers)
                if response.status_code == 200 and response.data.strip():
                    leaks.append(
                        f"{where}: /data {domain!r:.40} returned "
                        f"{response.data[:200]!r}")
            if model not in public:
                continue
            response = client.post(
                f'/{database}/rpc/', headers=headers, json={
                    'id': 1, 'method': f'model.{model}.export_data',
                    'params': [ids, ['rec_name', 'id'], {}]})
            answer = response.get_json()
            if answer.get('result'):
                leaks.append(
                    f"{where}: JSON-RPC export_data returned "
                    f"{answer['result'][:2]}")
            elif 'error' in answer and answer['error'][0] != 'UserError':
                leaks.append(f"{where}: JSON-RPC error {answer['error']}")
    return leaks


def test_every_read_path_obeys_the_record_rules(database):
    from trytond.transaction import Transaction
    pool = _pool(database)
    hidden = {}
    with Transaction().start(database, 0, readonly=True):
        models = rule_models(pool)
        users = _users(pool)
        all_ids = {m: _all_ids(pool, m) for m in models}
        public = {m for m in models if 'export_data' in pool.get(m).__rpc__}
    assert {u.login for u in users} >= {
        'courtier', 'responsable', 'courtier2', 'courtier3', 'responsable2'}

    leaks = []
    coverage = defaultdict(int)
    print(f"{len(models)} models with record rules", file=sys.stderr)
    for user in users:
        started = time.monotonic()
        with Transaction().start(database, 0) as transaction:
            User = pool.get('res.user')
            with transaction.set_user(user.id), transaction.set_context(
                    User.get_preferences(context_only=True)):
                call = Caller(pool, user.id, dict(transaction.context))
                hidden[user.login] = {
                    m: _hidden(pool, m, all_ids[m]) for m in models}
                visible = {
                    m: all_ids[m] - hidden[user.login][m] for m in models}
                leaks += _leaks(
                    call, user, models, hidden[user.login], visible)
            for model in models:
                coverage[model] += len(hidden[user.login][model])
            transaction.rollback()
        print(f"{user.login}: {time.monotonic() - started:.0f} s, "
            f"{sum(map(len, hidden[user.login].values()))} hidden records",
            file=sys.stderr)
    print('\n'.join(leaks[:30]), f"({len(leaks)} leaks)", file=sys.stderr)
    leaks += _http_leaks(database, users, models, hidden, public)
    assert not leaks, '\n'.join(leaks[:60]) + f"\n({len(leaks)} leaks)"

    # The test is not empty: each role has records it may not read in the
    # models that hold the clients' data
    for model in [
            'party.party', 'party.address', 'party.contact_mechanism',
            'party.relation.all', 'bank.account', 'bank.account.number',
            'insurance.policy', 'insurance.receipt', 'insurance.claim',
            'insurance.project', 'insurance.commission',
            'insurance.commission.statement',
            'insurance.commission.statement.line',
            'ir.attachment', 'ir.note']:
        assert coverage[model], f"no record of {model} hidden to any user"
    for user in users:
        assert hidden[user.login]['party.party'], user.login

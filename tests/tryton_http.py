"""A trytond server started as a subprocess, and a JSON-RPC client that
speaks to it as sao does: for the tests and scripts that must go through
the real HTTP server (several client threads, outages)."""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRYTOND = Path(sys.executable).with_name('trytond')


def free_port():
    "Return a TCP port of 127.0.0.1 that nobody listens on"
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Server:
    """trytond serving uri (the PostgreSQL server URI) on a free port of
    127.0.0.1, its log in log_path; use as a context manager"""

    def __init__(self, uri, log_path, config=None, env=None):
        self.uri = uri
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.log_path = log_path
        self.config = config
        self.env = env or {}
        self.process = None

    def __enter__(self):
        env = dict(os.environ, **self.env)
        env.update({
                'TRYTOND_DATABASE__URI': self.uri,
                'TRYTOND_WEB__LISTEN': f'127.0.0.1:{self.port}',
                })
        command = [str(TRYTOND)]
        if self.config:
            command += ['-c', str(self.config)]
        self._log = open(self.log_path, 'wb')
        self.process = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"trytond stopped, see {self.log_path}")
            try:
                with socket.create_connection(
                        ('127.0.0.1', self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"trytond did not listen, see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class RPCError(Exception):
    "An error answered by trytond in the JSON-RPC body"

    def __init__(self, error):
        super().__init__(error)
        self.error = error


class HTTPStatusError(Exception):
    "An HTTP error status answered by trytond"

    def __init__(self, status, body=''):
        super().__init__(f'HTTP {status}: {body[:200]}')
        self.status = status


class Client:
    "A JSON-RPC session of one user on the database of a server"

    def __init__(self, url, database, timeout=120):
        self.url = f'{url}/{database}/rpc/'
        self.timeout = timeout
        self.authorization = None
        self.context = {}
        self._id = 0

    def request(self, method, *params):
        self._id += 1
        data = json.dumps({
                'id': self._id, 'method': method,
                'params': list(params)}).encode()
        headers = {'Content-Type': 'application/json'}
        if self.authorization:
            headers['Authorization'] = self.authorization
        request = urllib.request.Request(
            self.url, data=data, headers=headers, method='POST')
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as e:
            raise HTTPStatusError(
                e.code, e.read().decode('utf-8', 'replace')) from None
        if body.get('error'):
            raise RPCError(body['error'])
        return body['result']

    def login(self, login, password):
        user_id, session, _ = self.request(
            'common.db.login', login, {'password': password}, 'fr')
        token = base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()
        self.authorization = f'Session {token}'
        self.context = self.request(
            'model.res.user.get_preferences', True, {})
        return user_id

    def model(self, model, method, *args):
        return self.request(
            f'model.{model}.{method}', *args, self.context)

"""gunicorn settings of the Courtage web service, read from the environment.

trytond.application:app is loaded once in the master (preload_app) and the
workers fork from it: trytond closes its database connections before the
fork (TRYTOND_DATABASE_NAMES), so each worker opens its own. Each worker
serves COURTAGE_WEB_THREADS requests at once; give every process as many
database connections as threads (TRYTOND_DATABASE__MAXCONN), and size
PostgreSQL's max_connections for the sum over all processes
(doc/deployment.md, "Connections").
"""
import os

bind = os.environ.get('COURTAGE_WEB_BIND', '0.0.0.0:8000').split(',')
workers = int(os.environ.get('COURTAGE_WEB_WORKERS', '4'))
worker_class = 'gthread'
threads = int(os.environ.get('COURTAGE_WEB_THREADS', '4'))
preload_app = True
# Longer than trytond's own [request] timeout (60 s) so that trytond, not
# gunicorn, ends slow requests.
timeout = int(os.environ.get('COURTAGE_WEB_TIMEOUT', '120'))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: bounded memory, no restart of the service.
max_requests = int(os.environ.get('COURTAGE_WEB_MAX_REQUESTS', '5000'))
max_requests_jitter = max_requests // 10
accesslog = '-'
errorlog = '-'
# Heartbeat files in memory, not on the container's overlay file system.
worker_tmp_dir = '/dev/shm' if os.path.isdir('/dev/shm') else None

#!/usr/bin/env bash
# Entrypoint of the Courtage image: one image, one role per container.
#
#   courtage-entrypoint web          trytond's WSGI application under gunicorn
#   courtage-entrypoint bus          coroutine trytond for the bus (long polling)
#   courtage-entrypoint cron         trytond-cron
#   courtage-entrypoint worker       trytond-worker (COURTAGE_WORKER_QUEUE: one queue)
#   courtage-entrypoint migrate      trytond-admin --all (COURTAGE_MODULES: activate,
#                                    COURTAGE_ADMIN_EMAIL: the admin's e-mail)
#   courtage-entrypoint backup       the backup loop (courtage-backup every night)
#   courtage-entrypoint healthcheck  exit 0 when the local trytond answers JSON-RPC
#   courtage-entrypoint <command>    any other command, with the same environment
#
# Configuration comes from the environment only (TRYTOND_<SECTION>__<OPTION>).
# Secrets come from files: for every variable TRYTOND_..._FILE or
# PGPASSWORD_FILE, the variable without _FILE is set to the file's content
# (Docker secrets are mounted under /run/secrets/). trytond-admin reads the
# admin password from the file named by TRYTONPASSFILE itself.
# COURTAGE_DRY_RUN=1 prints the command instead of running it.
set -euo pipefail

load_secret_files() {
    local name target file
    for name in $(compgen -e); do
        case $name in
            TRYTOND_*_FILE|PGPASSWORD_FILE) ;;
            *) continue ;;
        esac
        target=${name%_FILE}
        file=${!name}
        if [ ! -r "$file" ]; then
            echo "courtage: $name names $file, which cannot be read" >&2
            exit 1
        fi
        # $(...) drops the trailing newline editors leave in secret files
        export "$target=$(cat "$file")"
        unset "$name"
    done
}

run() {
    if [ -n "${COURTAGE_DRY_RUN:-}" ]; then
        printf '%q ' "$@"
        printf '\n'
        exit 0
    fi
    exec "$@"
}

load_secret_files
database=${COURTAGE_DATABASE:-courtage}
role=${1:-web}
[ $# -gt 0 ] && shift

case $role in
    web)
        # The pools of these databases are loaded before the workers fork.
        export TRYTOND_DATABASE_NAMES=${TRYTOND_DATABASE_NAMES:-$database}
        run gunicorn --config "${COURTAGE_GUNICORN_CONFIG:-/etc/courtage/gunicorn.conf.py}" \
            "$@" trytond.application:app
        ;;
    bus)
        run trytond --coroutine -d "$database" "$@"
        ;;
    cron)
        run trytond-cron -d "$database" \
            -n "${COURTAGE_CRON_PROCESSES:-1}" "$@"
        ;;
    worker)
        queue=()
        if [ -n "${COURTAGE_WORKER_QUEUE:-}" ]; then
            queue=(--name "$COURTAGE_WORKER_QUEUE")
        fi
        run trytond-worker -d "$database" \
            -n "${COURTAGE_WORKER_PROCESSES:-2}" \
            --max "${COURTAGE_WORKER_MAX_TASKS:-100}" "${queue[@]}" "$@"
        ;;
    migrate)
        modules=()
        if [ -n "${COURTAGE_MODULES:-}" ]; then
            # shellcheck disable=SC2206  # a space-separated list of names
            modules=(-u ${COURTAGE_MODULES} --activate-dependencies)
        fi
        # --email also answers trytond-admin's question when it creates the
        # database (no terminal here); the password comes from TRYTONPASSFILE.
        # -u before --all: --all adds to the list, -u would replace it
        run trytond-admin -d "$database" "${modules[@]}" --all \
            --email "${COURTAGE_ADMIN_EMAIL:?COURTAGE_ADMIN_EMAIL is the e-mail of the admin user}" \
            "$@"
        ;;
    backup)
        run courtage-backup --loop "$@"
        ;;
    healthcheck)
        run python3 -c '
import json, os, sys, urllib.request
url = "http://127.0.0.1:%s/rpc/" % os.environ.get("COURTAGE_HEALTHCHECK_PORT", "8000")
body = json.dumps({"id": 0, "method": "common.server.version", "params": []})
request = urllib.request.Request(url, body.encode(),
    {"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=5) as response:
    sys.exit(0 if json.load(response).get("result") else 1)
'
        ;;
    *)
        run "$role" "$@"
        ;;
esac

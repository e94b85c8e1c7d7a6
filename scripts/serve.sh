#!/usr/bin/env bash
# Serve the Courtage back office (sao) and its databases.
set -euo pipefail
cd "$(dirname "$0")/.."
database=${1:-courtage}
export TRYTOND_CONFIG=${TRYTOND_CONFIG:-$PWD/config/trytond.conf}
export TRYTOND_DATABASE__PATH=${TRYTOND_DATABASE__PATH:-$PWD/var/db}
export TRYTOND_WEB__ROOT=${TRYTOND_WEB__ROOT:-$PWD/node_modules/tryton-sao}
export TRYTOND_WEB__LISTEN=${TRYTOND_WEB__LISTEN:-127.0.0.1:8000}
export TRYTOND_INSURANCE_COMMUNICATION__EMAIL_PATH=${TRYTOND_INSURANCE_COMMUNICATION__EMAIL_PATH:-$PWD/var/outbox/mail}
export TRYTOND_INSURANCE_COMMUNICATION__SMS_PATH=${TRYTOND_INSURANCE_COMMUNICATION__SMS_PATH:-$PWD/var/outbox/sms}
cat <<INFO

  Courtage back office: http://${TRYTOND_WEB__LISTEN}/#${database}
  (another address or port: TRYTOND_WEB__LISTEN=127.0.0.1:8080 make run)

  Demo logins, password "courtage":
    master                  every agency and the settings
    responsable             manager of the Lyon Presqu'ile agency
    courtier                broker in Lyon Presqu'ile
    responsable2            manager of the Villeurbanne agency
    courtier2, courtier3    brokers in Villeurbanne
  Administrator: admin / admin

INFO
exec .venv/bin/trytond -c "$TRYTOND_CONFIG"

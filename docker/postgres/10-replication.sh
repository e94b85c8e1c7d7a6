#!/usr/bin/env bash
# PostgreSQL init script (docker-entrypoint-initdb.d) of the primary when
# there is a streaming replica: lets the courtage role connect for
# replication with its password.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"

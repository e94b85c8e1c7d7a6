#!/usr/bin/env bash
# Back up one Courtage database and its filestore into one folder:
#   <COURTAGE_BACKUP_DIR>/<database>-<UTC time>/
#       database.dump      pg_dump custom format (one consistent snapshot)
#       filestore.tar.gz   the attachments and reports of the database
#       manifest           what was backed up, when, with which pg_dump
#       SHA256SUMS         checksums that courtage-restore verifies
#
#   courtage-backup [--loop]
#
# The dump is taken first, the filestore copied right after it: every file
# the dump refers to was written before the dump started, so it is in the
# copy (files added meanwhile are extra and harmless; Tryton removes the file
# of a deleted attachment only [attachment] retention_days later). Backups
# older than COURTAGE_BACKUP_KEEP_DAYS (14) are removed after a successful
# one.
# --loop runs a backup every day at COURTAGE_BACKUP_AT (02:30, local time of
# the container) and never returns: the backup service of the compose file.
#
# Environment: TRYTOND_DATABASE__URI (postgresql://user@host:port/, the
# password from PGPASSWORD or PGPASSWORD_FILE), COURTAGE_DATABASE
# (courtage), TRYTOND_DATABASE__PATH (the filestore root), COURTAGE_BACKUP_DIR
# (/var/backups/courtage).
set -euo pipefail

database=${COURTAGE_DATABASE:-courtage}
backup_dir=${COURTAGE_BACKUP_DIR:-/var/backups/courtage}
keep_days=${COURTAGE_BACKUP_KEEP_DAYS:-14}
filestore=${TRYTOND_DATABASE__PATH:?TRYTOND_DATABASE__PATH names the filestore}
uri=${TRYTOND_DATABASE__URI:?TRYTOND_DATABASE__URI names the PostgreSQL server}

if [ -n "${PGPASSWORD_FILE:-}" ]; then
    PGPASSWORD=$(cat "$PGPASSWORD_FILE")
    export PGPASSWORD
    unset PGPASSWORD_FILE
fi

# postgresql://user@host:port/?options -> postgresql://user@host:port/<db>?options
database_uri() {
    local base=${uri%%\?*} query=
    [ "$base" != "$uri" ] && query="?${uri#*\?}"
    echo "${base%/}/$1$query"
}

backup_once() {
    local stamp target tmp
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    target="$backup_dir/$database-$stamp"
    tmp="$backup_dir/.$database-$stamp.partial"
    mkdir -p "$tmp"
    pg_dump --format=custom --no-owner --file="$tmp/database.dump" \
        "$(database_uri "$database")"
    if [ -d "$filestore/$database" ]; then
        tar -C "$filestore" -czf "$tmp/filestore.tar.gz" "$database"
    else
        # No attachment yet: an empty archive keeps the layout the same
        tar -C "$tmp" -czf "$tmp/filestore.tar.gz" --files-from=/dev/null
    fi
    {
        echo "database=$database"
        echo "date=$stamp"
        echo "pg_dump=$(pg_dump --version)"
    } > "$tmp/manifest"
    (cd "$tmp" && sha256sum database.dump filestore.tar.gz manifest > SHA256SUMS)
    mv "$tmp" "$target"
    echo "courtage-backup: $target"
    find "$backup_dir" -mindepth 1 -maxdepth 1 -type d \
        -name "$database-*" -mtime +"$keep_days" -exec rm -rf {} +
}

seconds_until() {
    local now next
    now=$(date +%s)
    next=$(date -d "today $1" +%s)
    [ "$next" -le "$now" ] && next=$(date -d "tomorrow $1" +%s)
    echo $((next - now))
}

if [ "${1:-}" = "--loop" ]; then
    at=${COURTAGE_BACKUP_AT:-02:30}
    while true; do
        sleep "$(seconds_until "$at")"
        # A failed night is logged; the next night tries again.
        backup_once || echo "courtage-backup: FAILED at $(date -u)" >&2
    done
else
    backup_once
fi

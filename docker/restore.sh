#!/usr/bin/env bash
# Restore a backup made by courtage-backup into a NEW database.
#
#   courtage-restore <backup folder> <new database name>
#
# Checks the checksums, creates the database (it must not exist: restore
# next to production, check, then switch COURTAGE_DATABASE), restores the
# dump into it and unpacks the filestore under the new name (Tryton files
# are kept per database name). Same environment as courtage-backup.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: courtage-restore <backup folder> <new database name>" >&2
    exit 2
fi
source_dir=$1
target=$2
filestore=${TRYTOND_DATABASE__PATH:?TRYTOND_DATABASE__PATH names the filestore}
uri=${TRYTOND_DATABASE__URI:?TRYTOND_DATABASE__URI names the PostgreSQL server}

if [ -n "${PGPASSWORD_FILE:-}" ]; then
    PGPASSWORD=$(cat "$PGPASSWORD_FILE")
    export PGPASSWORD
    unset PGPASSWORD_FILE
fi

database_uri() {
    local base=${uri%%\?*} query=
    [ "$base" != "$uri" ] && query="?${uri#*\?}"
    echo "${base%/}/$1$query"
}

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
source_db=$(sed -n 's/^database=//p' "$source_dir/manifest")
if [ -e "$filestore/$target" ]; then
    echo "courtage-restore: $filestore/$target exists already" >&2
    exit 1
fi

createdb --maintenance-db="$(database_uri postgres)" "$target"
pg_restore --no-owner --exit-on-error --dbname="$(database_uri "$target")" \
    "$source_dir/database.dump"

mkdir -p "$filestore/$target"
tmp=$(mktemp -d "$filestore/.restore-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "$source_dir/filestore.tar.gz"
if [ -d "$tmp/$source_db" ]; then
    cp -a "$tmp/$source_db/." "$filestore/$target/"
fi
echo "courtage-restore: $source_dir restored as $target"

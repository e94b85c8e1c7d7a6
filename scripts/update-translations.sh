#!/usr/bin/env bash
# Refresh addons/*/locale/fr.po from the code, with Tryton's own exporter:
# new strings appear with an empty msgstr to translate, strings gone from
# the code are dropped, existing translations are kept.
#   scripts/update-translations.sh [module ...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
    modules="$*"
else
    modules=$(for cfg in addons/*/tryton.cfg; do basename "$(dirname "$cfg")"; done)
fi
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
echo admin > "$workdir/password"
touch "$workdir/i18n.sqlite"
TRYTOND_DATABASE__URI=sqlite:// TRYTOND_DATABASE__PATH="$workdir" \
TRYTONPASSFILE="$workdir/password" \
    .venv/bin/python scripts/offline_email.py trytond-admin -d i18n --all --email admin@example.com \
    --activate-dependencies -l fr -u $modules --export-translations

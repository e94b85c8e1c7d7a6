#!/usr/bin/env bash
# The Debian packages Courtage needs besides Python and npm packages:
# Pango for WeasyPrint (quote PDFs), and with --browser Chromium and its
# driver for the browser tests. Installed when run as root.
#   scripts/system-requirements.sh [--browser]
set -euo pipefail
packages="libpango-1.0-0 libpangoft2-1.0-0"
missing=
ldconfig -p | grep -q libpangoft2-1.0 || missing=1
if [ "${1:-}" = "--browser" ]; then
    packages="$packages chromium chromium-driver"
    command -v chromium >/dev/null && command -v chromedriver >/dev/null \
        || missing=1
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "Courtage needs these Debian packages:" >&2
    echo "  sudo apt-get install $packages" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null

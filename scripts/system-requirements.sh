#!/usr/bin/env bash
# The Debian packages Courtage needs besides Python and npm packages:
# Pango for WeasyPrint (quote PDFs); with --browser Chromium and its driver
# for the browser tests; with --deployment nginx, openssl and docker-compose
# for the checks of docker/ (tests/test_deployment.py). Installed when run
# as root.
#   scripts/system-requirements.sh [--browser] [--deployment]
set -euo pipefail
packages="libpango-1.0-0 libpangoft2-1.0-0"
deployment=
missing=
ldconfig -p | grep -q libpangoft2-1.0 || missing=1
for option in "$@"; do
    case $option in
        --browser)
            packages="$packages chromium chromium-driver"
            command -v chromium >/dev/null && command -v chromedriver >/dev/null \
                || missing=1
            ;;
        --deployment)
            deployment="nginx-light openssl docker-compose"
            command -v nginx >/dev/null && command -v openssl >/dev/null \
                && command -v docker-compose >/dev/null || missing=1
            ;;
        *)
            echo "usage: $0 [--browser] [--deployment]" >&2
            exit 2
            ;;
    esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "Courtage needs these Debian packages:" >&2
    echo "  sudo apt-get install $packages $deployment" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
if [ -n "$deployment" ]; then
    # without recommends: docker-compose would bring the Docker daemon
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends $deployment >/dev/null
fi

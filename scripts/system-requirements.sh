#!/usr/bin/env bash
# The Debian packages Courtage needs besides Python and npm packages:
# Pango for WeasyPrint (quote PDFs); with --office LibreOffice Writer and
# metric-compatible fonts for the mail-merge PDFs (about 290 MB, the
# office queue's worker needs it); with --browser Chromium and its driver
# for the browser tests (--browser includes --office: make test runs the
# PDF conversion tests); with --deployment nginx, openssl and
# docker-compose for the checks of docker/ (tests/test_deployment.py).
# Installed when run as root.
#   scripts/system-requirements.sh [--office] [--browser] [--deployment]
set -euo pipefail
packages="libpango-1.0-0 libpangoft2-1.0-0"
deployment=
missing=
ldconfig -p | grep -q libpangoft2-1.0 || missing=1
office=
browser=
for option in "$@"; do
    case "$option" in
        --office) office=1 ;;
        --browser) office=1; browser=1 ;;
        --deployment)
            deployment="nginx-light openssl docker-compose"
            command -v nginx >/dev/null && command -v openssl >/dev/null \
                && command -v docker-compose >/dev/null || missing=1
            ;;
        *)
            echo "usage: $0 [--office] [--browser] [--deployment]" >&2
            exit 2
            ;;
    esac
done
if [ -n "$office" ]; then
    packages="$packages libreoffice-writer-nogui fonts-crosextra-carlito"
    packages="$packages fonts-crosextra-caladea fonts-liberation2 poppler-utils"
    command -v soffice >/dev/null && command -v pdftotext >/dev/null \
        && [ -d /usr/share/fonts/truetype/crosextra ] || missing=1
fi
if [ -n "$browser" ]; then
    packages="$packages chromium chromium-driver"
    command -v chromium >/dev/null && command -v chromedriver >/dev/null \
        || missing=1
fi
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

#!/usr/bin/env bash
# The Debian packages Courtage needs besides Python and npm packages:
# Pango for WeasyPrint (quote PDFs); with --office LibreOffice Writer and
# metric-compatible fonts for the mail-merge PDFs (about 290 MB, the
# office queue's worker needs it); with --browser Chromium and its driver
# for the browser tests (--browser includes --office: make test runs the
# PDF conversion tests). Installed when run as root.
#   scripts/system-requirements.sh [--office] [--browser]
set -euo pipefail
packages="libpango-1.0-0 libpangoft2-1.0-0"
missing=
ldconfig -p | grep -q libpangoft2-1.0 || missing=1
office=
browser=
for option in "$@"; do
    case "$option" in
        --office) office=1 ;;
        --browser) office=1; browser=1 ;;
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
    echo "  sudo apt-get install $packages" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null

#!/usr/bin/env bash
# What the test suites need besides Python and npm packages: Chromium and its
# driver (Debian packages) for the browser tests, Pango for WeasyPrint (quote
# PDFs).
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
        && ldconfig -p | grep -q libpangoft2-1.0; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's chromium and chromium-driver:" >&2
    echo "  sudo apt-get install chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
    libpango-1.0-0 libpangoft2-1.0-0 >/dev/null

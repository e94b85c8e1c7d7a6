#!/usr/bin/env bash
# nginx for Courtage. Without a certificate in /etc/nginx/tls, makes a
# self-signed placeholder so that the service starts; replace it with the
# firm's certificate (mount fullchain.pem and privkey.pem there).
set -euo pipefail
tls=/etc/nginx/tls
if [ ! -s "$tls/fullchain.pem" ] || [ ! -s "$tls/privkey.pem" ]; then
    echo "courtage-nginx: no certificate in $tls, using a self-signed one" >&2
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
        -subj "/CN=${COURTAGE_SERVER_NAME:-localhost}" \
        -keyout "$tls/privkey.pem" -out "$tls/fullchain.pem" 2>/dev/null
fi
nginx -t -q
exec nginx -g 'daemon off;'

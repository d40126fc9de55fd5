#!/usr/bin/env bash
# A self-signed certificate for nginx (production profile), for a first start or a test: browsers and curl will
# not trust it (curl -k). For real use put your own (e.g. Let's Encrypt) fullchain.pem and privkey.pem in
# nginx/certs/. Usage: nginx/make-cert.sh [HOSTNAME]   (default: localhost)
set -euo pipefail
cd "$(dirname "$0")"
host=${1:-localhost}
mkdir -p certs
if [ -s certs/fullchain.pem ] && [ -s certs/privkey.pem ]; then
  echo "certs/ already holds a certificate; remove it to make a new one" >&2
  exit 0
fi
command -v openssl >/dev/null || { echo "needs openssl (apt-get install openssl)" >&2; exit 1; }
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
  -keyout certs/privkey.pem -out certs/fullchain.pem 2>/dev/null
chmod 644 certs/fullchain.pem
chmod 644 certs/privkey.pem # nginx's master reads it before dropping privileges; keep certs/ itself private
chmod 700 certs 2>/dev/null || true
echo "certs/fullchain.pem and certs/privkey.pem: self-signed for $host"

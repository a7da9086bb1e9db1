#!/bin/sh
# Makes a test CA and a server certificate (SAN 127.0.0.1, ::1, localhost) in $1.
# Used by tests, benchmarks and the demo; never by a real deployment.
set -eu
out=$1
openssl=${OPENSSL:-openssl}
mkdir -p "$out"
cd "$out"
"$openssl" req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=connector-host test CA" \
  -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
"$openssl" req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
"$openssl" x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
  -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 600 ca.key server.key

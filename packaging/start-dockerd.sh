#!/usr/bin/env bash
# Starts a Docker engine for Warden's tests on its own socket and data root
# (vfs storage, no iptables, no bridge: what these machines support), unless
# one already answers there. Prints the DOCKER_HOST to use. Stop it with
# packaging/stop-dockerd.sh.
set -euo pipefail
ROOT="${WARDEN_DOCKER_ROOT:-/var/tmp/warden-docker}"
SOCK="$ROOT/docker.sock"
export DOCKER_HOST="unix://$SOCK"
if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  echo "$DOCKER_HOST"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "start-dockerd: needs root to start dockerd" >&2
  exit 1
fi
mkdir -p "$ROOT"
# A TLS listener on loopback too, with a throw-away CA and client certificate,
# so the tcp:// + TLS client path is tested against a real engine
# (DOCKER_CERT_PATH=$ROOT/tls, DOCKER_HOST=tcp://127.0.0.1:$TLS_PORT).
TLS_PORT="${WARDEN_DOCKER_TLS_PORT:-23760}"
TLS="$ROOT/tls"
if [ ! -f "$TLS/key.pem" ]; then
  mkdir -p "$TLS" && chmod 700 "$TLS"
  (cd "$TLS"
   openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=warden-test-ca" -keyout ca-key.pem -out ca.pem 2>/dev/null
   openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr 2>/dev/null
   printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
   openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile server.ext -out server-cert.pem 2>/dev/null
   openssl req -newkey rsa:2048 -nodes -subj "/CN=warden-test-client" -keyout key.pem -out client.csr 2>/dev/null
   printf 'extendedKeyUsage=clientAuth\n' > client.ext
   openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile client.ext -out cert.pem 2>/dev/null)
fi
dockerd --host "$DOCKER_HOST" --host "tcp://127.0.0.1:$TLS_PORT" --tlsverify --tlscacert "$TLS/ca.pem" \
  --tlscert "$TLS/server-cert.pem" --tlskey "$TLS/server-key.pem" \
  --data-root "$ROOT/data" --exec-root "$ROOT/exec" --pidfile "$ROOT/docker.pid" \
  --storage-driver=vfs --iptables=false --bridge=none >"$ROOT/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do
  if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "$DOCKER_HOST"
    exit 0
  fi
  sleep 0.5
done
echo "start-dockerd: dockerd did not come up; see $ROOT/dockerd.log" >&2
tail -5 "$ROOT/dockerd.log" >&2
exit 1

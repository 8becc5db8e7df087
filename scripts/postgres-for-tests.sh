#!/usr/bin/env bash
# Makes sure a Postgres server answers at AETHER_TEST_POSTGRES_URL's host (default 127.0.0.1:5432)
# for the tests that need one: uses the server already running, or installs Debian's postgresql,
# starts its cluster, lets 127.0.0.1/::1 log in without a password (test machines only) and
# creates the `test` database. Needs root when it has to install or start anything.
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/log.sh
. "$AETHER_ROOT/scripts/lib/log.sh"

url=${AETHER_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if command -v pg_isready >/dev/null && answers; then
  step "postgres: a server already answers on 127.0.0.1:5432"
else
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    step "postgres: installing Debian's postgresql"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  step "postgres: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || die "postgres did not start: see /var/log/postgresql/postgresql-$version-main.log"
fi

database=${url##*/}
database=${database%%\?*}
if ! psql "$url" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  step "postgres: creating database $database"
  su postgres -c "createdb $database" 2>/dev/null || psql "${url%/*}/postgres" -qc "CREATE DATABASE $database"
fi
psql "$url" -qtAc 'SELECT 1' >/dev/null || die "cannot log in at $url"
step "postgres: $url answers"

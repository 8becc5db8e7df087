#!/bin/sh
# Entry point of aether/postgres: initialises PGDATA on first start, then runs the server in the
# foreground (exec: postgres is PID 1's child under compose's init and gets the signals).
#   POSTGRES_PASSWORD   required: the password of the `postgres` superuser
#   POSTGRES_DB         optional: a database created on first start (default: none extra)
#   POSTGRES_MAX_CONNECTIONS   default 200 (three gateways' pools and the tests fit)
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "aether-postgres: set POSTGRES_PASSWORD (the postgres superuser's password) for the first start" >&2
    exit 1
  fi
  echo "aether-postgres: initialising $PGDATA"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --pgdata="$PGDATA" --username=postgres --pwfile="$pwfile" --encoding=UTF8 \
    --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  # Any address: the container is reached by name on the compose network (or a pod network);
  # every connection from outside the container needs the password.
  {
    echo "listen_addresses = '*'"
    echo "max_connections = ${POSTGRES_MAX_CONNECTIONS:-200}"
    echo "unix_socket_directories = '/tmp'" # writable under a read-only root (tmpfs)
    echo "jit = off" # the image carries no LLVM (docker/postgres.Dockerfile)
  } >>"$PGDATA/postgresql.conf"
  {
    echo "host all all 0.0.0.0/0 scram-sha-256"
    echo "host all all ::/0 scram-sha-256"
  } >>"$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    # a private, socket-only server just long enough to create the database
    pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses=''" start
    createdb --host=/tmp --username=postgres "$POSTGRES_DB"
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
  fi
  echo "aether-postgres: initialised"
fi

exec postgres -D "$PGDATA"

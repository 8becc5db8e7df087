# AETHER GRID Postgres for `docker compose --profile ha`: Debian bookworm's own `postgresql`
# package (no registry is reachable here, so no upstream postgres image), initialised on first
# start into the volume at PGDATA, listening on every address of the container, password
# authentication (scram-sha-256) with the password from POSTGRES_PASSWORD.
# Build from the repo root: docker build -f docker/postgres.Dockerfile -t aether/postgres .
# The seeded base is node:24-bookworm-slim; Node.js is removed and the result flattened onto
# `scratch`, so the image is Debian minbase plus PostgreSQL and carries no Node.js layer. The JIT
# (LLVM, 130 MB of the package's dependencies) is removed too and `jit = off`: monitoring's
# short queries never benefit from it.

FROM node:24-bookworm-slim AS rootfs
# No `main` cluster at install time: the entry point initialises PGDATA itself on first start.
RUN rm -rf /usr/local/bin/node /usr/local/bin/npm /usr/local/bin/npx /usr/local/include/node \
      /usr/local/lib/node_modules && \
    mkdir -p /etc/postgresql-common/createcluster.d && \
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main.conf && \
    apt-get update && \
    apt-get install -y --no-install-recommends postgresql && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/* && \
    rm -f /usr/lib/x86_64-linux-gnu/libLLVM-*.so* /usr/lib/x86_64-linux-gnu/libz3.so* \
      /usr/lib/postgresql/*/lib/llvmjit* && \
    rm -rf /usr/lib/postgresql/*/lib/bitcode && \
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1) && \
    ln -s "$pg_bin" /usr/local/lib/postgresql-bin && \
    mkdir -p /var/lib/postgresql/data /run/postgresql && \
    chown -R postgres:postgres /var/lib/postgresql /run/postgresql && \
    chmod 0700 /var/lib/postgresql/data
COPY docker/postgres/entrypoint.sh /usr/local/bin/aether-postgres

FROM scratch
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="aether-postgres" \
      org.opencontainers.image.description="PostgreSQL from Debian bookworm for AETHER GRID's HA Compose profile" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.licenses="MIT"
COPY --from=rootfs / /
ENV PATH=/usr/local/lib/postgresql-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# pg_isready over the Unix socket (in /tmp: a tmpfs when the root is read-only): ready only once
# the server accepts connections.
HEALTHCHECK --interval=3s --timeout=3s --start-period=20s --retries=5 \
  CMD ["pg_isready", "-q", "-h", "/tmp", "-U", "postgres"]
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/aether-postgres"]

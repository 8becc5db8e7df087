# AETHER GRID load balancer for `docker compose --profile ha`: HAProxy from Debian bookworm's
# packages in front of the gateways, health-checking each on /ready (a gateway that cannot reach
# Postgres answers 503 there and gets no traffic; when none is ready, the live ones still serve),
# SSE-friendly (no buffering, long idle timeouts). The config is docker/balancer/haproxy.cfg;
# its server list is the compose service names gateway-1..3.
# Build from the repo root: docker build -f docker/balancer.Dockerfile -t aether/balancer .
# As docker/postgres.Dockerfile: the seeded base minus Node.js, flattened onto `scratch`.

FROM node:24-bookworm-slim AS rootfs
RUN rm -rf /usr/local/bin/node /usr/local/bin/npm /usr/local/bin/npx /usr/local/include/node \
      /usr/local/lib/node_modules && \
    apt-get update && \
    apt-get install -y --no-install-recommends haproxy && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/* && \
    mkdir -p /run/haproxy && chown haproxy:haproxy /run/haproxy
COPY docker/balancer/haproxy.cfg /etc/haproxy/haproxy.cfg
RUN haproxy -c -f /etc/haproxy/haproxy.cfg

FROM scratch
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="aether-balancer" \
      org.opencontainers.image.description="HAProxy from Debian bookworm in front of AETHER GRID gateways" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.licenses="MIT"
COPY --from=rootfs / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
USER haproxy
EXPOSE 8080
# The balancer's own monitor URI: 200 while at least one gateway is alive (/health).
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /balancer/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGUSR1
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"]

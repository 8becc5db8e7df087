# AETHER GRID's Node services, one Dockerfile: the gateway and the sample target service. Each
# image is its workspace package pruned to what it depends on, built, and run from its built
# output with production dependencies only, as the node user. Build arguments say which:
#   APP_DIR  the workspace folder (gateway, examples/sample-service); its package.json names it
#   --target gateway (`aether serve` on port 8080, SQLite in /data) or sample-service (the demo
#            fleet, or one instance with --name/--port)
# Build from the repo root, e.g.
#   docker build -f docker/service.Dockerfile --target gateway --build-arg APP_DIR=gateway \
#     -t aether/gateway .
# scripts/lib/images.sh does this for both (the front ends have docker/web.Dockerfile). No
# `# syntax=` line on purpose: the engine's built-in BuildKit frontend is used, so no frontend
# image is fetched. Optional BuildKit secret `npm_ca` (a CA bundle for npm behind a
# TLS-inspecting proxy) and build arg NPM_REGISTRY are for such machines only.

# ---- prune: only APP_DIR's package and the workspace packages it depends on ----
FROM node:24-bookworm-slim AS prune
WORKDIR /repo
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
ARG NPM_REGISTRY
COPY package.json package-lock.json ./
# turbo at exactly the version the repo's lockfile pins, kept outside the workspace.
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    turbo_version=$(node -p "require('./package-lock.json').packages['node_modules/turbo'].version") && \
    npm install --prefix /opt/turbo --no-save ${NPM_REGISTRY:+--registry=$NPM_REGISTRY} "turbo@$turbo_version"
COPY . .
ARG APP_DIR
RUN test -n "$APP_DIR" && test -f "$APP_DIR/package.json" || \
      { echo "build arg APP_DIR must name a service folder (gateway, examples/sample-service): '$APP_DIR'" >&2; exit 1; } && \
    /opt/turbo/node_modules/.bin/turbo prune "$(node -p "require('./$APP_DIR/package.json').name")" --docker

# ---- build: install from the pruned lockfile, compile native addons against this Node ----
# The gateway's better-sqlite3 is compiled here; the sample service has no addon and only shares
# the (cached) toolchain layer.
FROM node:24-bookworm-slim AS build
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 make g++ && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /repo
# node-gyp uses the image's own headers (/usr/local/include/node) and never downloads any;
# prebuild-install is told to compile rather than fetch a prebuilt binary.
ENV npm_config_nodedir=/usr/local npm_config_build_from_source=true \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    TURBO_TELEMETRY_DISABLED=1
ARG NPM_REGISTRY
COPY --from=prune /repo/out/json/ ./
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci ${NPM_REGISTRY:+--registry=$NPM_REGISTRY}
COPY --from=prune /repo/out/full/ ./
ARG APP_DIR
RUN npx --no-install turbo run build --filter="$(node -p "require('./$APP_DIR/package.json').name")..."

# ---- deps: production dependencies only ----
# packages/tsconfig holds the shared TypeScript/ESLint config: a build-time-only workspace whose
# dependencies (eslint, typescript-eslint) npm would otherwise install even with --omit=dev.
# Install scripts are skipped: the one addon, the gateway's better-sqlite3, is taken from the
# build stage (gateway-deps below), compiled there once for this same Node and lockfile
# (compiling SQLite twice doubles the cold build).
FROM node:24-bookworm-slim AS deps
WORKDIR /repo
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
ARG NPM_REGISTRY
COPY --from=prune /repo/out/json/ ./
ARG APP_DIR
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    rm -rf packages/tsconfig && \
    npm ci --omit=dev --ignore-scripts ${NPM_REGISTRY:+--registry=$NPM_REGISTRY} && \
    mkdir -p "$APP_DIR/node_modules" packages/contract/node_modules

# ---- gateway-deps: with better-sqlite3's addon from the build stage; loading it proves it fits ----
FROM deps AS gateway-deps
COPY --from=build /repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node \
     ./node_modules/better-sqlite3/build/Release/
RUN node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1 as one').get()"

# ---- runtime: what both services' images start from ----
FROM node:24-bookworm-slim AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
LABEL org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.licenses="MIT"
WORKDIR /app
# Owned by root and read-only for the node user: the process cannot rewrite its own code.
COPY --from=build /repo/package.json ./

# ---- gateway: `aether serve` on port 8080, SQLite in /data ----
FROM runtime AS gateway
ARG VERSION=0.0.0-dev
LABEL org.opencontainers.image.title="aether-gateway" \
      org.opencontainers.image.description="AETHER GRID gateway: API, prober, storage, SSE, panel registry"
ENV NODE_ENV=production \
    AETHER_CONFIG=/etc/aether/aether.config.yaml \
    AETHER_DB=/data/aether.db \
    AETHER_IMAGE_VERSION=$VERSION
COPY --from=gateway-deps /repo/node_modules ./node_modules
COPY --from=build /repo/packages/contract/package.json ./packages/contract/
COPY --from=build /repo/packages/contract/dist ./packages/contract/dist
COPY --from=gateway-deps /repo/packages/contract/node_modules ./packages/contract/node_modules
COPY --from=build /repo/gateway/package.json /repo/gateway/config.schema.json ./gateway/
COPY --from=build /repo/gateway/bin ./gateway/bin
COPY --from=build /repo/gateway/dist ./gateway/dist
COPY --from=gateway-deps /repo/gateway/node_modules ./gateway/node_modules
RUN mkdir -p /data /etc/aether && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A young generation of 2 x 4 MiB instead of V8's 2 x 16 MiB: at 10,000 checks the probes'
# garbage kept the heap ~30 MiB larger (bench/results/NOTES.md); override with -e NODE_OPTIONS=
ENV NODE_OPTIONS=--max-semi-space-size=4
ENTRYPOINT ["node", "/app/gateway/bin/aether.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

# ---- sample-service: the demo fleet (or one instance with --name/--port) ----
FROM runtime AS sample-service
LABEL org.opencontainers.image.title="aether-sample-service" \
      org.opencontainers.image.description="AETHER GRID sample target service (demo fleet)"
# Containers listen on every interface; the compose network is the boundary.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    HEALTHCHECK_URL=http://127.0.0.1:9101/health
COPY --from=deps /repo/node_modules ./node_modules
COPY --from=build /repo/examples/sample-service/package.json ./examples/sample-service/
COPY --from=build /repo/examples/sample-service/dist ./examples/sample-service/dist
COPY --from=deps /repo/examples/sample-service/node_modules ./examples/sample-service/node_modules
USER node
EXPOSE 9101
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/examples/sample-service/dist/main.js"]
CMD ["--fleet"]

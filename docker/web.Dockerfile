# AETHER GRID front-end images: the shell and every panel, one Dockerfile. A built Vite dist/
# served by packages/static-server (aether-static: caching headers, compression, CORS, CSP) as
# the node user. Build arguments say which front end:
#   APP_DIR  the workspace folder (shell, panels/<id>); its package.json names the package
#   PORT     the port it listens on in the container (shell 5173, panels their preview port)
#   --target shell  (SPA, gateway URL and CSP from the registry) or panel (CORS for the shell)
# Build from the repo root, e.g.
#   docker build -f docker/web.Dockerfile --target panel --build-arg APP_DIR=panels/health \
#     --build-arg PORT=5174 -t aether/panel-health .
# scripts/lib/images.sh does this for the shell and for every folder under panels/, so a new
# panel needs no edit here. No `# syntax=` line on purpose: the engine's built-in BuildKit
# frontend is used. The optional BuildKit secret `npm_ca` and build arg NPM_REGISTRY are for
# machines behind a TLS-inspecting proxy.

# ---- prune: the front end and the static server, each with what it depends on ----
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
# The static server is pruned before APP_DIR is declared, so its layers are shared by every
# front-end image (one cached build for the shell and all panels).
RUN /opt/turbo/node_modules/.bin/turbo prune @aether/static-server --docker --out-dir out/server
ARG APP_DIR
RUN test -n "$APP_DIR" && test -f "$APP_DIR/package.json" || \
      { echo "build arg APP_DIR must name a front-end folder (shell, panels/<id>): '$APP_DIR'" >&2; exit 1; } && \
    /opt/turbo/node_modules/.bin/turbo prune "$(node -p "require('./$APP_DIR/package.json').name")" \
      --docker --out-dir out/app

# ---- build the static server (identical in every front-end image) ----
FROM node:24-bookworm-slim AS server
WORKDIR /repo
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    TURBO_TELEMETRY_DISABLED=1
ARG NPM_REGISTRY
COPY --from=prune /repo/out/server/json/ ./
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci ${NPM_REGISTRY:+--registry=$NPM_REGISTRY}
COPY --from=prune /repo/out/server/full/ ./
RUN npx --no-install turbo run build --filter=@aether/static-server...

# ---- server-deps: the static server's production dependencies only ----
# packages/tsconfig is a build-time-only workspace (TypeScript/ESLint config) whose dependencies
# npm would otherwise install even with --omit=dev.
FROM node:24-bookworm-slim AS server-deps
WORKDIR /repo
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
ARG NPM_REGISTRY
COPY --from=prune /repo/out/server/json/ ./
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    rm -rf packages/tsconfig && \
    npm ci --omit=dev ${NPM_REGISTRY:+--registry=$NPM_REGISTRY} && \
    mkdir -p packages/static-server/node_modules packages/contract/node_modules

# ---- build the front end named by APP_DIR ----
FROM node:24-bookworm-slim AS build
WORKDIR /repo
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    TURBO_TELEMETRY_DISABLED=1
ARG NPM_REGISTRY
COPY --from=prune /repo/out/app/json/ ./
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci ${NPM_REGISTRY:+--registry=$NPM_REGISTRY}
COPY --from=prune /repo/out/app/full/ ./
ARG APP_DIR
RUN npx --no-install turbo run build --filter="$(node -p "require('./$APP_DIR/package.json').name")..." && \
    mkdir /www && cp -a "$APP_DIR/dist/." /www/

# ---- runtime: the static server and the built front end, as the node user ----
FROM node:24-bookworm-slim AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG APP_DIR
ARG PIECE=web
LABEL org.opencontainers.image.title="aether-$PIECE" \
      org.opencontainers.image.description="AETHER GRID $PIECE ($APP_DIR), served by aether-static" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.licenses="MIT"
ARG PORT
ENV NODE_ENV=production PORT=$PORT
WORKDIR /app
COPY --from=server-deps /repo/package.json ./
COPY --from=server-deps /repo/node_modules ./node_modules
COPY --from=server-deps /repo/packages/static-server/node_modules ./packages/static-server/node_modules
COPY --from=server-deps /repo/packages/contract/node_modules ./packages/contract/node_modules
COPY --from=server /repo/packages/contract/package.json ./packages/contract/
COPY --from=server /repo/packages/contract/dist ./packages/contract/dist
COPY --from=server /repo/packages/static-server/package.json ./packages/static-server/
COPY --from=server /repo/packages/static-server/bin ./packages/static-server/bin
COPY --from=server /repo/packages/static-server/dist ./packages/static-server/dist
COPY --from=build /www ./www
USER node
EXPOSE $PORT
# The port is a build argument, and exec-form instructions expand no variables: the entry point
# is `sh -c 'exec node …'`, so node replaces the shell and receives signals itself (compose adds
# an init process too). The mode-specific arguments stay an exec-form CMD.
ENTRYPOINT ["/bin/sh", "-c", "test -n \"$PORT\" || { echo 'build arg PORT was not set' >&2; exit 1; }; exec node /app/packages/static-server/bin/aether-static.js --dir /app/www --host 0.0.0.0 --port \"$PORT\" \"$@\"", "aether-static"]
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}${process.env.HEALTHCHECK_PATH}`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# ---- shell: single-page app; its CSP names the panel origins of the gateway's registry ----
FROM runtime AS shell
ENV HEALTHCHECK_PATH=/
CMD ["--spa", "--gateway-url", "http://localhost:8080", "--csp-from-registry", "http://gateway:8080/api/panels", "--csp-allow", "http://localhost:8080,http://127.0.0.1:8080"]

# ---- panel: a federated remote, loadable by the shell's origins ----
FROM runtime AS panel
ENV HEALTHCHECK_PATH=/mf-manifest.json
CMD ["--cors", "http://localhost:5173,http://127.0.0.1:5173"]

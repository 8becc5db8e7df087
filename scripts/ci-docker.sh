#!/usr/bin/env bash
# CI stage that really runs the delivery: on a machine with no Docker engine and no image
# registry it installs and starts Debian's engine, seeds the base image, builds every image,
# deploys with scripts/deploy.sh, checks the stack (healthy containers, `aether verify`, browser
# tests), deploys a deliberately broken gateway release and asserts the rollback, runs the ha
# profile's failover (scripts/ci-ha.sh), then stops the engine and puts the host's network state
# back. Run as root from the repo root.
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$AETHER_ROOT"
# shellcheck source=scripts/lib/docker-host.sh
. scripts/lib/docker-host.sh
# shellcheck source=scripts/lib/tokens.sh
. scripts/lib/tokens.sh

t0=$SECONDS
stage_start=$SECONDS
stage_name=""
durations=()
stage() {
  [ -n "$stage_name" ] && durations+=("$(printf '%-34s %5ss' "$stage_name" "$((SECONDS - stage_start))")")
  stage_name=$1 stage_start=$SECONDS
  printf '\n=== docker: %s (t+%ss)\n' "$1" "$((SECONDS - t0))"
}
check() { # check DESCRIPTION COMMAND...: one assertion, loud either way
  if "${@:2}"; then printf '  ok   %s\n' "$1"; else printf '  FAIL %s\n' "$1" >&2; failures=$((failures + 1)); fi
}
failures=0

require_root "scripts/ci-docker.sh"
export COMPOSE_PROJECT_NAME=aether-ci
# npm inside `docker build` needs this machine's CA bundle (TLS-inspecting proxy): passed as a
# BuildKit secret here only, never written into an image.
ca_bundle=$(npm config get cafile 2>/dev/null || true)
[ -f "$ca_bundle" ] || ca_bundle=${NODE_EXTRA_CA_CERTS:-}
[ -f "$ca_bundle" ] && export AETHER_NPM_CA=$ca_bundle
# Fresh tokens for this run (43 random characters each: deploy.sh refuses short ones, and the
# compose file has no defaults); only the hashes of the gateway's own reach it. They travel in
# the environment, never on a command line.
for token_var in AETHER_ADMIN_TOKEN AETHER_OPERATOR_TOKEN AETHER_OPERATOR2_TOKEN \
  ORDERS_ADMIN_TOKEN CART_ADMIN_TOKEN AUTH_ADMIN_TOKEN PAYMENTS_ADMIN_TOKEN SEARCH_ADMIN_TOKEN; do
  export "$token_var=$(random_token)"
done
# deploy.sh derives this itself; compose calls made here need it too.
AETHER_ADMIN_TOKEN_SHA256=$(sha256_hex AETHER_ADMIN_TOKEN)
export AETHER_ADMIN_TOKEN_SHA256
# `aether verify` in the gateway container reads AETHER_TOKEN, which `docker exec -e AETHER_TOKEN`
# copies from here.
export AETHER_TOKEN=$AETHER_ADMIN_TOKEN
scratch=$(mktemp -d /var/tmp/aether-ci-docker.XXXXXX)
export AETHER_BUILD_LOG_DIR=$scratch/build-logs

compose() { if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi; }

cleanup() {
  local rc=$?
  stage "teardown: stack down, engine stopped, host restored"
  if engine_running; then
    compose down --volumes --remove-orphans >/dev/null 2>&1 || true
  fi
  engine_stop_and_restore || rc=1
  if [ "$(sysctl -n net.ipv4.ip_forward)" = "$(cat "$AETHER_STATE_DIR/ip_forward" 2>/dev/null || sysctl -n net.ipv4.ip_forward)" ] &&
    ! ip link show docker0 >/dev/null 2>&1 && ! iptables -S 2>/dev/null | grep -q DOCKER; then
    echo "  ok   host restored: no docker0, no DOCKER chains, ip_forward=$(sysctl -n net.ipv4.ip_forward), FORWARD policy $(iptables -S FORWARD 2>/dev/null | head -n1 | cut -d' ' -f3)"
  elif [ "$(cat "$AETHER_STATE_DIR/engine_was_running" 2>/dev/null)" != yes ]; then
    echo "  FAIL host not fully restored" >&2; rc=1
  fi
  rm -rf "$scratch"
  stage "end"
  echo; echo "docker stage durations:"; printf '  %s\n' "${durations[@]}"
  echo "docker CI total: $((SECONDS - t0))s, exit $rc"
  exit "$rc"
}

stage "engine: install if needed, record host state, start"
engine_install
host_record_state
trap cleanup EXIT
engine_start

stage "base image: seed node:24-bookworm-slim"
scripts/seed-base-image.sh

stage "images: build every piece"
scripts/build-images.sh --tag local

stage "images: rebuild (cached)"
scripts/build-images.sh --tag local

stage "compose: validate the config"
compose config -q
echo "  ok   docker-compose.yml is valid"

stage "deploy: scripts/deploy.sh (first release)"
scripts/deploy.sh --no-build --release good-1

stage "stack: assert healthy and verified"
healthy_count=0
for id in $(compose ps -q); do
  state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")
  check "container ${state#/}" [ "${state##* }" = healthy ]
  healthy_count=$((healthy_count + 1))
done
check "9 containers in the stack (got $healthy_count)" [ "$healthy_count" -eq 9 ]
gateway_id=$(compose ps -q gateway)
check "aether verify passes against the deployed gateway" \
  docker exec -e AETHER_TOKEN "$gateway_id" node /app/gateway/bin/aether.js verify --gateway http://127.0.0.1:8080
check "shell, panels and gateway answer on the published ports" node scripts/ci-stack-smoke.mjs
good_image=$(docker inspect -f '{{.Image}}' "$gateway_id")

stage "browser tests against the compose stack"
# e2e's external-stack mode: nothing is started, scenarios that must stop processes skip.
# The sample services are published on ephemeral loopback ports: tell the tests where.
sample_urls=()
for sample in orders:9101 cart:9102 auth:9103 payments:9104 search:9105; do
  name=${sample%%:*}
  sample_urls+=("E2E_SAMPLE_${name^^}_URL=http://$(compose port "$name" "${sample##*:}")")
done
if [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ]; then
  # Tokens are exported, not given to `env` as arguments (ps would show them).
  export E2E_ADMIN_TOKEN=$AETHER_ADMIN_TOKEN E2E_OPERATOR_TOKEN=$AETHER_OPERATOR_TOKEN
  export E2E_OPERATOR2_TOKEN=$AETHER_OPERATOR2_TOKEN
  check "e2e browser tests (E2E_EXTERNAL_STACK=1)" env E2E_EXTERNAL_STACK=1 \
    E2E_SHELL_URL=http://localhost:5173 E2E_GATEWAY_URL=http://localhost:8080 \
    E2E_HEALTH_URL=http://localhost:5174 E2E_INTERACTION_URL=http://localhost:5175 \
    "${sample_urls[@]}" npm run test:e2e -w @aether/e2e
else
  echo "  FAIL no Chromium for the browser tests (.ci/run installs Debian's chromium)" >&2
  failures=$((failures + 1))
fi

stage "one panel alone: scripts/deploy-panel-docker.sh"
# The script knows no panel id: it takes any folder under panels/ and learns the published port
# from compose. Only that panel's container is replaced, and the registry names the new version.
shell_before=$(compose ps -q shell)
check "deploy-panel-docker.sh health --no-build succeeds" \
  scripts/deploy-panel-docker.sh health --no-build --version ci-panel-1
check "the shell container was not touched" [ "$(compose ps -q shell)" = "$shell_before" ]
registered=$(curl_with_token AETHER_ADMIN_TOKEN -fsS http://127.0.0.1:8080/api/panels |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).find(p=>p.id==="health")?.version))')
check "the registry serves health ci-panel-1 (got $registered)" [ "$registered" = ci-panel-1 ]

stage "broken release: build a gateway whose config fails verify"
broken_config=$scratch/aether.config.broken.yaml
# A check no sample service can pass: the gateway is healthy, but `aether verify` fails.
sed 's|^services:$|services:\n  - id: broken-release\n    name: Broken release canary\n    baseUrl: http://orders:9101\n    checks:\n      - { id: teapot, type: http, path: /health, interval: 10s, expect: { status: [418] } }|' \
  examples/aether.config.compose.yaml >"$broken_config"
grep -q broken-release "$broken_config" || { echo "could not make the broken config" >&2; exit 1; }
AETHER_VERSION=0.0.0-broken scripts/build-images.sh --tag local gateway

stage "broken release: deploy.sh must fail and roll back"
set +e
AETHER_COMPOSE_CONFIG=$broken_config scripts/deploy.sh --no-build --release broken-2
deploy_rc=$?
set -e
check "deploy.sh exits non-zero for the broken release (exit $deploy_rc)" [ "$deploy_rc" -ne 0 ]
gateway_id=$(compose ps -q gateway)
check "the gateway runs the previous image again" [ "$(docker inspect -f '{{.Image}}' "$gateway_id")" = "$good_image" ]
check "the gateway is healthy after the rollback" \
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$gateway_id")" = healthy ]
check "aether verify passes after the rollback" \
  docker exec -e AETHER_TOKEN "$gateway_id" node /app/gateway/bin/aether.js verify --gateway http://127.0.0.1:8080

stage "ha profile: Postgres, three gateways, balancer, kill one (scripts/ci-ha.sh)"
# The single-gateway stack goes first: its CPU and probes stay out of the failover timings.
compose down --volumes --remove-orphans >/dev/null 2>&1 || true
check "scripts/ci-ha.sh: three gateways on one Postgres behind the balancer survive docker kill of one" \
  scripts/ci-ha.sh --no-build

stage "result"
if [ "$failures" -gt 0 ]; then echo "docker CI: $failures check(s) failed" >&2; exit 1; fi
echo "docker CI: every check passed"

#!/usr/bin/env bash
# Deploys the AETHER GRID stack with Docker Compose and proves it before calling it good:
#   prerequisites → keep the running images as the previous release (:previous) → build →
#   `compose up -d --wait` → `aether verify` against the deployed gateway.
# On failure it rolls back to the previous release and exits non-zero. Each deploy is recorded
# in the gateway (`aether deploy start`, then `finish` with succeeded, rolled-back or failed)
# next to its maintenance window; without a gateway to record it, it warns and deploys anyway.
# Usage: scripts/deploy.sh [--no-build] [--release ID]
# Environment (or .env, see examples/compose.env.example):
#   AETHER_ADMIN_TOKEN      token `aether verify` and panel deploys use (its sha256 goes to the gateway)
#   AETHER_OPERATOR_TOKEN, AETHER_OPERATOR2_TOKEN   optional operator tokens (demo-operator, -2)
#   ORDERS_ADMIN_TOKEN, CART_…, AUTH_…, PAYMENTS_…, SEARCH_…   the sample services' admin tokens
#   Every token: 32+ characters, no placeholder; none is ever passed on a command line.
#   AETHER_COMPOSE_CONFIG   gateway config to mount (default examples/aether.config.compose.yaml)
#   AETHER_WAIT_TIMEOUT     seconds to wait for healthy containers (default 180)
#   AETHER_MAINTENANCE_DURATION  how long the deploy's maintenance window lasts if deploy.sh dies
#                           before ending it (default 3 × the wait timeout + 5 min, e.g. 840s)
#   DOCKER                  docker client (default docker); AETHER_NPM_CA: see build-images.sh
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/images.sh
. "$AETHER_ROOT/scripts/lib/images.sh"
# shellcheck source=scripts/lib/tokens.sh
. "$AETHER_ROOT/scripts/lib/tokens.sh"
# shellcheck source=scripts/lib/deploy-record.sh
. "$AETHER_ROOT/scripts/lib/deploy-record.sh"
cd "$AETHER_ROOT"

build=1
release=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --release) release=${2:?--release needs a value}; shift 2 ;;
    -h | --help) print_usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- prerequisites
step "checking prerequisites"
# shellcheck source=/dev/null
if [ -f .env ]; then set -a; . ./.env; set +a; info "read .env"; fi
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-aether}
command -v "$DOCKER" >/dev/null || die "no docker client ($DOCKER)"
"$DOCKER" version >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running? are you in the docker group?)"
compose_cmd || die "neither 'docker compose' nor 'docker-compose' is installed"
# Placeholders and short tokens are refused before anything changes (the compose file has no
# defaults either). Only hashes of the gateway's own tokens reach it (AETHER_*_TOKEN_SHA256).
require_token AETHER_ADMIN_TOKEN
for token_var in AETHER_OPERATOR_TOKEN AETHER_OPERATOR2_TOKEN; do require_token "$token_var" optional; done
for token_var in ORDERS_ADMIN_TOKEN CART_ADMIN_TOKEN AUTH_ADMIN_TOKEN PAYMENTS_ADMIN_TOKEN SEARCH_ADMIN_TOKEN; do
  require_token "$token_var"
  export "${token_var?}"
done
for token_var in AETHER_ADMIN_TOKEN AETHER_OPERATOR_TOKEN AETHER_OPERATOR2_TOKEN; do
  if [ -n "${!token_var:-}" ]; then export "${token_var}_SHA256=$(sha256_hex "$token_var")"; fi
done
export AETHER_COMPOSE_CONFIG=${AETHER_COMPOSE_CONFIG:-./examples/aether.config.compose.yaml}
[ -f "$AETHER_COMPOSE_CONFIG" ] || die "gateway config $AETHER_COMPOSE_CONFIG not found"
wait_timeout=${AETHER_WAIT_TIMEOUT:-180}
state_dir=data/deploy
mkdir -p "$state_dir"
export AETHER_REVISION=${AETHER_REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
export AETHER_VERSION=${AETHER_VERSION:-$(node -p 'require("./package.json").version' 2>/dev/null || echo 0.0.0-local)}
release=${release:-$(date -u +%Y%m%d%H%M%S)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)}
info "docker: $("$DOCKER" version -f '{{.Server.Version}}'), compose: ${compose[*]}, project: $COMPOSE_PROJECT_NAME"
info "release: $release (version $AETHER_VERSION, revision ${AETHER_REVISION:0:12}), config: $AETHER_COMPOSE_CONFIG"

# Every compose call sees the tags of one release through these variables.
use_release_tags() {
  local line var
  for line in "${AETHER_PIECES[@]}"; do
    read -r _ _ _ var _ <<<"$line"
    export "$var=$1"
  done
}

# ---------------------------------------------------------------- previous release
step "recording the running release as the previous one"
has_previous=0
for line in "${AETHER_PIECES[@]}"; do
  read -r piece _ repo _ services <<<"$line"
  container=$("${compose[@]}" ps -q "${services%%,*}" 2>/dev/null | head -n1 || true)
  if [ -n "$container" ]; then
    image_id=$("$DOCKER" inspect -f '{{.Image}}' "$container")
    "$DOCKER" tag "$image_id" "$repo:previous"
    info "$piece: ${image_id:7:12} tagged $repo:previous"
    has_previous=1
  fi
done
if [ "$has_previous" -eq 1 ]; then
  # The previous release's settings (config file, ports) come back with it on a rollback.
  [ -f "$state_dir/current.env" ] && cp "$state_dir/current.env" "$state_dir/previous.env"
else
  info "nothing running: this is a first deploy (a failure stops the stack, there is nothing to roll back to)"
fi

# ---------------------------------------------------------------- build
if [ "$build" -eq 1 ]; then
  step "building images (tag $release)"
  "$AETHER_ROOT/scripts/build-images.sh" --tag "$release"
else
  step "tagging the local images as release $release (--no-build)"
  for line in "${AETHER_PIECES[@]}"; do
    read -r _ _ repo _ _ <<<"$line"
    "$DOCKER" tag "$repo:local" "$repo:$release"
  done
fi

# Waits until every container of the project is healthy; fails fast on one that is unhealthy
# or exited. Compose v2 does this with --wait; v1 has no such flag.
wait_healthy() {
  local deadline=$((SECONDS + wait_timeout)) ids id state bad pending
  while :; do
    ids=$("${compose[@]}" ps -q)
    bad="" pending=""
    for id in $ids; do
      state=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
      case "$state" in
        *" running healthy" | *" running none") ;;
        *" unhealthy" | *" exited "* | *" dead "*) bad+=" ${state#/}" ;;
        *) pending+=" ${state#/}" ;;
      esac
    done
    [ -n "$bad" ] && { fail "unhealthy:$bad"; return 1; }
    [ -z "$pending" ] && return 0
    [ "$SECONDS" -ge "$deadline" ] && { fail "not healthy after ${wait_timeout}s:$pending"; return 1; }
    sleep 2
  done
}

compose_up() {
  if [ "$compose_v2" -eq 1 ]; then
    "${compose[@]}" up -d --no-build --remove-orphans --wait --wait-timeout "$wait_timeout"
  else
    "${compose[@]}" up -d --no-build --remove-orphans && wait_healthy
  fi
}

verify_stack() {
  local container
  container=$("${compose[@]}" ps -q gateway)
  [ -n "$container" ] || { fail "no gateway container"; return 2; }
  # -e NAME without a value: docker copies it from this environment, so `ps` never shows it.
  AETHER_TOKEN=$AETHER_ADMIN_TOKEN "$DOCKER" exec -e AETHER_TOKEN "$container" \
    node /app/gateway/bin/aether.js verify --gateway http://127.0.0.1:8080
}

show_stack() { "${compose[@]}" ps; }

# ---------------------------------------------------------------- maintenance window
# The running gateway holds the alerts of what is being deployed: a window opens before the new
# release starts and ends after the verdict (verified, or rolled back — verified or not, so a failed
# deploy is never left silenced). If deploy.sh dies in between, the window ends on its own after
# its duration. A window is a courtesy, never a gate: failing to open or end one only warns.
window_id=""
window_duration=${AETHER_MAINTENANCE_DURATION:-$((wait_timeout * 3 + 300))s}

# in_gateway CMD...: runs a command in the current gateway container with the admin token as
# AETHER_TOKEN (-e NAME copies it from this environment, so `ps` never shows it).
in_gateway() {
  local container
  container=$("${compose[@]}" ps -q gateway 2>/dev/null | head -n1 || true)
  [ -n "$container" ] || return 2
  AETHER_TOKEN=$AETHER_ADMIN_TOKEN "$DOCKER" exec -e AETHER_TOKEN "$container" "$@"
}

# gateway_service_ids: every service the running gateway watches — the whole stack is being
# deployed. The maintenance window and the deploy record both name them.
gateway_service_ids() {
  in_gateway node -e 'fetch("http://127.0.0.1:8080/api/services", { headers: { authorization: "Bearer " + process.env.AETHER_TOKEN } }).then((r) => r.json()).then((l) => console.log(l.map((s) => s.id).join(" ")))'
}

# gateway_cli ARGS...: the aether CLI in the gateway container, against that gateway (the deploy
# record of scripts/lib/deploy-record.sh goes through it).
gateway_cli() { in_gateway node /app/gateway/bin/aether.js "$@" --gateway http://127.0.0.1:8080; }

open_maintenance_window() {
  local ids id
  local -a match=()
  ids=$(gateway_service_ids 2>/dev/null) || ids=""
  for id in $ids; do match+=(--service "$id"); done
  if [ "${#match[@]}" -eq 0 ]; then
    info "no running gateway or no services: no maintenance window"
    return 0
  fi
  if window_id=$(in_gateway node /app/gateway/bin/aether.js maintenance start "${match[@]}" \
    --duration "$window_duration" --reason "deploy of release $release" --gateway http://127.0.0.1:8080); then
    info "maintenance window $window_id open for $((${#match[@]} / 2)) services (ends by itself after $window_duration)"
  else
    window_id=""
    info "warning: no maintenance window (alerts of the deployed services may page)"
  fi
}

end_maintenance_window() {
  [ -n "$window_id" ] || return 0
  if in_gateway node /app/gateway/bin/aether.js maintenance end "$window_id" --gateway http://127.0.0.1:8080 >/dev/null; then
    info "maintenance window $window_id ended"
  else
    info "warning: maintenance window $window_id not ended; it ends by itself within $window_duration"
  fi
  window_id=""
}

rollback() {
  if [ "$has_previous" -eq 0 ]; then
    step "ROLLBACK: no previous release; stopping the failed stack"
    "${compose[@]}" logs --tail 30 gateway >&2 || true
    "${compose[@]}" down --remove-orphans || true
    return 1
  fi
  step "ROLLBACK to the previous release"
  "${compose[@]}" logs --tail 30 gateway >&2 || true
  # shellcheck source=/dev/null
  if [ -f "$state_dir/previous.env" ]; then set -a; . "$state_dir/previous.env"; set +a; fi
  use_release_tags previous
  if compose_up && verify_stack; then
    step "rolled back: the previous release is up and verified (${AETHER_COMPOSE_CONFIG})"
    show_stack
    return 0
  fi
  fail "the previous release did not come back healthy and verified either: the stack needs a person"
  show_stack >&2 || true
  return 1
}

# rollback_and_exit WHY: the one failure path of a deploy: says why, rolls back, exits 1.
rollback_and_exit() {
  fail "$1"
  if rollback; then
    outcome="rolled back to the previous release"
    record_deploy_finish rolled-back
  else
    outcome="NOT rolled back"
    record_deploy_finish failed
  fi
  end_maintenance_window
  die "deploy of $release FAILED after $(elapsed | tr -d ' '); $outcome"
}

# ---------------------------------------------------------------- deploy
step "opening a maintenance window on the running gateway and recording the deploy"
open_maintenance_window
# The record goes to the running gateway; the next one reads it from the same volume (aether-data).
record_deploy_start "$release" "scripts/deploy.sh: AETHER GRID $AETHER_VERSION, revision ${AETHER_REVISION:0:12}"
step "starting release $release (compose up -d --wait, timeout ${wait_timeout}s)"
use_release_tags "$release"
compose_up || rollback_and_exit "release $release did not become healthy"
info "healthy after $(elapsed | tr -d ' ')"

step "aether verify against the deployed gateway"
verify_stack || rollback_and_exit "aether verify failed for release $release"
record_deploy_finish succeeded
end_maintenance_window

# Remember what is now running, for the next deploy's rollback.
{
  printf 'AETHER_COMPOSE_CONFIG=%q\n' "$AETHER_COMPOSE_CONFIG"
  printf 'AETHER_RELEASE=%q\n' "$release"
} >"$state_dir/current.env"
show_stack
step "release $release deployed and verified in $(elapsed | tr -d ' ')"

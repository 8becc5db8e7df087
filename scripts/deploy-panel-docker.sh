#!/usr/bin/env bash
# Deploys ONE panel of the compose stack on its own: builds its image under a new version,
# replaces only that panel's container (the shell and the gateway are untouched), waits until it
# is healthy, then registers the version with PUT /api/panels/:id so open shells switch to it.
# Usage: scripts/deploy-panel-docker.sh <health|interaction> [--version V] [--no-build]
# Needs the stack deployed by scripts/deploy.sh and AETHER_ADMIN_TOKEN (environment or .env).
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/images.sh
. "$AETHER_ROOT/scripts/lib/images.sh"
cd "$AETHER_ROOT"
t0=$SECONDS
step() { printf '==> [%4ss] %s\n' "$((SECONDS - t0))" "$*"; }
die() { printf '!!! %s\n' "$*" >&2; exit 1; }

id=${1:-}
shift || true
case "$id" in
  health) port_var=AETHER_PANEL_HEALTH_PORT port_default=5174 ;;
  interaction) port_var=AETHER_PANEL_INTERACTION_PORT port_default=5175 ;;
  *) die "usage: $0 <health|interaction> [--version V] [--no-build]" ;;
esac
version="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    *) die "unknown argument: $1" ;;
  esac
done
# shellcheck source=/dev/null
if [ -f .env ]; then set -a; . ./.env; set +a; fi
[ -n "${AETHER_ADMIN_TOKEN:-}" ] || die "AETHER_ADMIN_TOKEN is not set (environment or .env)"
AETHER_ADMIN_TOKEN_SHA256=$(printf '%s' "$AETHER_ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)
export AETHER_ADMIN_TOKEN_SHA256 COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-aether}
if "$DOCKER" compose version >/dev/null 2>&1; then compose=("$DOCKER" compose); else compose=(docker-compose); fi

piece=panel-$id
tag_var=$(piece_line "$piece" | awk '{print $4}')
version=${version:-$(node -p "require('./panels/$id/package.json').version" 2>/dev/null || echo 0.0.0)-$(date -u +%Y%m%d%H%M%S)}
gateway=$("${compose[@]}" ps -q gateway)
[ -n "$gateway" ] || die "no running gateway in project $COMPOSE_PROJECT_NAME: deploy the stack first (scripts/deploy.sh)"

# The other services keep the tags they run now, so compose does not touch them.
for line in "${AETHER_PIECES[@]}"; do
  read -r _ _ repo var services <<<"$line"
  running=$("${compose[@]}" ps -q "${services%%,*}" | head -n1)
  [ -n "$running" ] && export "$var=$("$DOCKER" inspect -f '{{.Config.Image}}' "$running" | sed 's/.*://')"
done

if [ "$build" -eq 1 ]; then
  step "building $piece $version"
  AETHER_VERSION=$version "$AETHER_ROOT/scripts/build-images.sh" --tag "$version" "$piece"
else
  "$DOCKER" tag "aether/$piece:local" "aether/$piece:$version"
fi
export "$tag_var=$version"

step "replacing only the $piece container"
"${compose[@]}" up -d --no-deps --no-build "$piece"
container=$("${compose[@]}" ps -q "$piece")
for _ in $(seq 1 60); do
  health=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$container")
  [ "$health" = healthy ] && break
  [ "$health" = unhealthy ] && die "$piece $version is unhealthy; the registry still points at the previous version"
  sleep 2
done
[ "$health" = healthy ] || die "$piece $version not healthy after 120s"

step "registering $id $version with the gateway (PUT /api/panels/$id)"
entry="http://localhost:${!port_var:-$port_default}/mf-manifest.json?v=$version"
# shellcheck disable=SC2016 # the node program is single-quoted on purpose
"$DOCKER" exec -e AETHER_TOKEN="$AETHER_ADMIN_TOKEN" -e ENTRY="$entry" -e VERSION="$version" -e ID="$id" "$gateway" node -e '
  fetch(`http://127.0.0.1:8080/api/panels/${process.env.ID}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${process.env.AETHER_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ entry: process.env.ENTRY, module: "./Panel", version: process.env.VERSION }),
  }).then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); },
          (e) => { console.error(e.message); process.exit(1); });' ||
  die "registration refused: the new container runs, but shells still load the previous version"
step "panel $id $version deployed in $((SECONDS - t0))s"

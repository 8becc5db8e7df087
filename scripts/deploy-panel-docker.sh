#!/usr/bin/env bash
# Deploys ONE panel of the compose stack on its own: builds its image under a new version,
# replaces only that panel's container (the shell and the gateway are untouched), waits until it
# is healthy, then registers the version with PUT /api/panels/:id so open shells switch to it.
# Usage: scripts/deploy-panel-docker.sh <id> [--version V] [--no-build]
#   <id> is a folder under panels/ with a compose service panel-<id> (docs/DEPLOY.md).
# Needs the stack deployed by scripts/deploy.sh and AETHER_ADMIN_TOKEN (environment or .env),
# with the same sample-service tokens deploy.sh was given (compose reads them all).
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/images.sh
. "$AETHER_ROOT/scripts/lib/images.sh"
# shellcheck source=scripts/lib/tokens.sh
. "$AETHER_ROOT/scripts/lib/tokens.sh"
cd "$AETHER_ROOT"

usage_or_continue "${1:-}"
id=$1
shift
piece=panel-$id
line=$(piece_line "$piece") || die "no panel '$id' (known: $(panel_ids | tr '\n' ' '))"
version="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
# shellcheck source=/dev/null
if [ -f .env ]; then set -a; . ./.env; set +a; fi
require_token AETHER_ADMIN_TOKEN
AETHER_ADMIN_TOKEN_SHA256=$(sha256_hex AETHER_ADMIN_TOKEN)
export AETHER_ADMIN_TOKEN_SHA256 COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-aether}
compose_cmd || die "neither 'docker compose' nor 'docker-compose' is installed"

read -r _ _ _ tag_var service <<<"$line"
version=${version:-$(node -p "require('./panels/$id/package.json').version" 2>/dev/null || echo 0.0.0)-$(date -u +%Y%m%d%H%M%S)}
gateway=$("${compose[@]}" ps -q gateway)
[ -n "$gateway" ] || die "no running gateway in project $COMPOSE_PROJECT_NAME: deploy the stack first (scripts/deploy.sh)"

# The other services keep the tags they run now, so compose does not touch them.
for other in "${AETHER_PIECES[@]}"; do
  read -r _ _ _ var services <<<"$other"
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

step "replacing only the $service container"
"${compose[@]}" up -d --no-deps --no-build "$service"
container=$("${compose[@]}" ps -q "$service")
for _ in $(seq 1 60); do
  health=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$container")
  [ "$health" = healthy ] && break
  [ "$health" = unhealthy ] && die "$piece $version is unhealthy; the registry still points at the previous version"
  sleep 2
done
[ "$health" = healthy ] || die "$piece $version not healthy after 120s"

# The browser reaches the panel on the host port compose published for its container port.
published=$("${compose[@]}" port "$service" "$(panel_port "$id")") ||
  die "$service publishes no port for $(panel_port "$id"): see its ports in docker-compose.yml"
entry="http://localhost:${published##*:}/mf-manifest.json?v=$version"
step "registering $id $version with the gateway (PUT /api/panels/$id)"
# shellcheck disable=SC2016 # the node program is single-quoted on purpose
AETHER_TOKEN=$AETHER_ADMIN_TOKEN "$DOCKER" exec -e AETHER_TOKEN -e ENTRY="$entry" -e VERSION="$version" -e ID="$id" "$gateway" node -e '
  fetch(`http://127.0.0.1:8080/api/panels/${process.env.ID}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${process.env.AETHER_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ entry: process.env.ENTRY, module: "./Panel", version: process.env.VERSION }),
  }).then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); },
          (e) => { console.error(e.message); process.exit(1); });' ||
  die "registration refused: the new container runs, but shells still load the previous version"
step "panel $id $version deployed in $(elapsed | tr -d ' ')"

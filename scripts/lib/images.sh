# shellcheck shell=bash
# The images AETHER GRID ships, and how each is built. Sourced by build-images.sh, deploy.sh and
# deploy-panel-docker.sh. Needs AETHER_ROOT (the repo root).
#
# One line per piece: piece, Dockerfile, image repository, compose tag variable, compose
# services. The gateway and the sample service share docker/service.Dockerfile, the shell and
# the panels docker/web.Dockerfile (each a target of its Dockerfile); the panels are discovered
# from panels/*/package.json, so a new panel needs no edit here: piece panel-<id>, image
# aether/panel-<id>, tag variable AETHER_PANEL_<ID>_TAG, compose service panel-<id>.
# shellcheck source=scripts/lib/log.sh
. "$AETHER_ROOT/scripts/lib/log.sh"

WEB_DOCKERFILE=docker/web.Dockerfile
SERVICE_DOCKERFILE=docker/service.Dockerfile
SHELL_PORT=5173

# panel_ids: the id (folder name) of every panel under panels/, sorted.
panel_ids() {
  local manifest
  for manifest in "$AETHER_ROOT"/panels/*/package.json; do
    [ -f "$manifest" ] && basename "$(dirname "$manifest")"
  done
}

# panel_port ID: the port the panel serves on, locally and in its container: the --port of its
# package.json's `preview` script (the same rule as scripts/lib/stack.mjs).
panel_port() {
  # shellcheck disable=SC2016 # a node program: ${…} is JavaScript
  node -e '
    const m = /--port[= ](\d+)/.exec(require(process.argv[1]).scripts?.preview ?? "");
    if (!m) { console.error(`${process.argv[1]}: no --port N in scripts.preview`); process.exit(1); }
    console.log(m[1]);' "$AETHER_ROOT/panels/$1/package.json"
}

# env_name TEXT: TEXT as the middle of an environment variable name (panel ids have dashes).
env_name() { printf '%s' "$1" | tr '[:lower:]-' '[:upper:]_'; }

AETHER_PIECES=(
  "sample-service $SERVICE_DOCKERFILE aether/sample-service AETHER_SAMPLE_TAG orders,cart,auth,payments,search"
  "gateway $SERVICE_DOCKERFILE aether/gateway AETHER_GATEWAY_TAG gateway"
  "shell $WEB_DOCKERFILE aether/shell AETHER_SHELL_TAG shell"
  # the `ha` compose profile's own pieces (docker compose --profile ha)
  "postgres docker/postgres.Dockerfile aether/postgres AETHER_POSTGRES_TAG postgres"
  "balancer docker/balancer.Dockerfile aether/balancer AETHER_BALANCER_TAG balancer"
)
while read -r panel_id; do
  [ -n "$panel_id" ] || continue
  AETHER_PIECES+=("panel-$panel_id $WEB_DOCKERFILE aether/panel-$panel_id AETHER_PANEL_$(env_name "$panel_id")_TAG panel-$panel_id")
done < <(panel_ids)
unset panel_id

# service_app_dir PIECE: the workspace folder of a piece built from SERVICE_DOCKERFILE (its
# target is the piece's name); fails for the others.
service_app_dir() {
  case "$1" in
    gateway) echo gateway ;;
    sample-service) echo examples/sample-service ;;
    *) return 1 ;;
  esac
}

# target_build_args PIECE: the build arguments of a piece built from a target of a shared
# Dockerfile (the services and the front ends; nothing for the others).
target_build_args() {
  case "$1" in
    gateway | sample-service)
      printf '%s\n' --target "$1" --build-arg "APP_DIR=$(service_app_dir "$1")"
      ;;
    shell) printf '%s\n' --target shell --build-arg APP_DIR=shell --build-arg "PORT=$SHELL_PORT" ;;
    panel-*)
      local id=${1#panel-} port
      port=$(panel_port "$id") || return 1
      printf '%s\n' --target panel --build-arg "APP_DIR=panels/$id" --build-arg "PORT=$port"
      ;;
  esac
}

# A Docker CLI 23+ without the buildx plugin cannot run BuildKit builds, which the Dockerfiles
# need (RUN --mount); Debian's docker.io client (20.10) has BuildKit built in. Pick one that can.
if [ -z "${DOCKER:-}" ]; then
  DOCKER=docker
  if ! docker buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ] &&
    [ "$(/usr/bin/docker version -f '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)" = 20 ]; then
    DOCKER=/usr/bin/docker
  fi
fi

# piece_line PIECE: that piece's line of AETHER_PIECES.
piece_line() {
  local line
  for line in "${AETHER_PIECES[@]}"; do
    if [ "${line%% *}" = "$1" ]; then printf '%s\n' "$line"; return 0; fi
  done
  return 1
}

piece_names() { local line; for line in "${AETHER_PIECES[@]}"; do printf '%s\n' "${line%% *}"; done; }

# build_piece PIECE TAG: builds one image from the repo root with BuildKit, labelled with the
# version and revision. AETHER_NPM_CA (a CA bundle file) is passed as the `npm_ca` secret when set.
build_piece() {
  local piece=$1 tag=$2 line dockerfile repo target_args
  line=$(piece_line "$piece") || { echo "unknown piece: $piece" >&2; return 2; }
  read -r _ dockerfile repo _ _ <<<"$line"
  target_args=$(target_build_args "$piece") || return 2
  local args=(build -f "$dockerfile" -t "$repo:$tag"
    --build-arg "VERSION=${AETHER_VERSION:-0.0.0-local}"
    --build-arg "REVISION=${AETHER_REVISION:-unknown}"
    --build-arg "PIECE=$piece")
  [ -n "$target_args" ] && mapfile -t -O "${#args[@]}" args <<<"$target_args"
  local registry
  registry=$(npm config get registry 2>/dev/null || true)
  [ -n "$registry" ] && args+=(--build-arg "NPM_REGISTRY=$registry")
  [ -n "${AETHER_NPM_CA:-}" ] && args+=(--secret "id=npm_ca,src=$AETHER_NPM_CA")
  [ "${AETHER_BUILD_PROGRESS:-}" ] && args+=(--progress "$AETHER_BUILD_PROGRESS")
  DOCKER_BUILDKIT=1 "$DOCKER" "${args[@]}" "$AETHER_ROOT"
}

image_size_mb() { "$DOCKER" image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}'; }

# compose_cmd: sets the array `compose` to the Compose client (v2 plugin or v1 docker-compose)
# and compose_v2 to 1 or 0; returns 1 when there is none.
# shellcheck disable=SC2034 # both are the result, read by the scripts that call this
compose_cmd() {
  if "$DOCKER" compose version >/dev/null 2>&1; then
    compose=("$DOCKER" compose) compose_v2=1
  elif command -v docker-compose >/dev/null; then
    compose=(docker-compose) compose_v2=0
  else
    return 1
  fi
}

# pieces_json: every piece as a JSON array of {piece, dockerfile, target, app_dir, port} (empty
# strings where a piece has none), the image matrix of .github/workflows/ci.yml.
pieces_json() {
  local line piece dockerfile target app_dir port sep=""
  printf '['
  for line in "${AETHER_PIECES[@]}"; do
    read -r piece dockerfile _ _ _ <<<"$line"
    target="" app_dir="" port=""
    case "$piece" in
      gateway | sample-service) target=$piece app_dir=$(service_app_dir "$piece") ;;
      shell) target=shell app_dir=shell port=$SHELL_PORT ;;
      panel-*) target=panel app_dir=panels/${piece#panel-} port=$(panel_port "${piece#panel-}") ;;
    esac
    printf '%s{"piece":"%s","dockerfile":"%s","target":"%s","app_dir":"%s","port":"%s"}' \
      "$sep" "$piece" "$dockerfile" "$target" "$app_dir" "$port"
    sep=,
  done
  printf ']\n'
}

# shellcheck shell=bash
# The images AETHER GRID ships, and how each is built. Sourced by build-images.sh and deploy.sh.
# One line per piece: piece, Dockerfile, image repository, compose tag variable, compose services.
AETHER_PIECES=(
  "sample-service examples/sample-service/Dockerfile aether/sample-service AETHER_SAMPLE_TAG orders,cart,auth,payments,search"
  "gateway gateway/Dockerfile aether/gateway AETHER_GATEWAY_TAG gateway"
  "shell shell/Dockerfile aether/shell AETHER_SHELL_TAG shell"
  "panel-health panels/health/Dockerfile aether/panel-health AETHER_PANEL_HEALTH_TAG panel-health"
  "panel-interaction panels/interaction/Dockerfile aether/panel-interaction AETHER_PANEL_INTERACTION_TAG panel-interaction"
)

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
  local piece=$1 tag=$2 line dockerfile repo
  line=$(piece_line "$piece") || { echo "unknown piece: $piece" >&2; return 2; }
  read -r _ dockerfile repo _ _ <<<"$line"
  local args=(build -f "$dockerfile" -t "$repo:$tag"
    --build-arg "VERSION=${AETHER_VERSION:-0.0.0-local}"
    --build-arg "REVISION=${AETHER_REVISION:-unknown}")
  local registry
  registry=$(npm config get registry 2>/dev/null || true)
  [ -n "$registry" ] && args+=(--build-arg "NPM_REGISTRY=$registry")
  [ -n "${AETHER_NPM_CA:-}" ] && args+=(--secret "id=npm_ca,src=$AETHER_NPM_CA")
  [ "${AETHER_BUILD_PROGRESS:-}" ] && args+=(--progress "$AETHER_BUILD_PROGRESS")
  DOCKER_BUILDKIT=1 "$DOCKER" "${args[@]}" "$AETHER_ROOT"
}

image_size_mb() { "$DOCKER" image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}'; }

#!/usr/bin/env bash
# Builds the AETHER GRID images from the repo root, one after another (BuildKit shares the
# common layers), and prints each one's duration and size.
# Usage: scripts/build-images.sh [--tag TAG] [PIECE...]   (default: every piece, tag "local")
# Environment: AETHER_VERSION, AETHER_REVISION (OCI labels), AETHER_NPM_CA (CA bundle passed to
# npm as a BuildKit secret, for machines behind a TLS-inspecting proxy), DOCKER (client to use).
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/images.sh
. "$AETHER_ROOT/scripts/lib/images.sh"

tag=local
pieces=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=${2:?--tag needs a value}; shift 2 ;;
    -h | --help) print_usage; exit 0 ;;
    *) pieces+=("$1"); shift ;;
  esac
done
[ "${#pieces[@]}" -gt 0 ] || mapfile -t pieces < <(piece_names)
export AETHER_REVISION=${AETHER_REVISION:-$(git -C "$AETHER_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)}
export AETHER_VERSION=${AETHER_VERSION:-$(node -p 'require(process.argv[1]).version' "$AETHER_ROOT/package.json" 2>/dev/null || echo 0.0.0-local)}

log_dir=${AETHER_BUILD_LOG_DIR:-$(mktemp -d)}
mkdir -p "$log_dir"
summary=()
for piece in "${pieces[@]}"; do
  line=$(piece_line "$piece") || { echo "unknown piece: $piece (known: $(piece_names | tr '\n' ' '))" >&2; exit 2; }
  read -r _ _ repo _ _ <<<"$line"
  printf '[build] %-18s -> %s:%s ... ' "$piece" "$repo" "$tag"
  start=$SECONDS
  if ! AETHER_BUILD_PROGRESS=plain build_piece "$piece" "$tag" >"$log_dir/$piece.log" 2>&1; then
    echo "FAILED after $((SECONDS - start))s"
    tail -n 40 "$log_dir/$piece.log" >&2
    echo "build of $piece failed; full log: $log_dir/$piece.log" >&2
    exit 1
  fi
  size=$(image_size_mb "$repo:$tag")
  echo "ok in $((SECONDS - start))s, $size"
  summary+=("$(printf '%-18s %5ss  %s' "$piece" "$((SECONDS - start))" "$size")")
done
echo "[build] summary (piece, seconds, image size):"
printf '  %s\n' "${summary[@]}"

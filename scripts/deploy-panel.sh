#!/usr/bin/env bash
# Deploys ONE panel on its own, locally: builds it into a versioned folder
# (.deploy/panels/<id>/<version>/), serves that folder with aether-static on a free port (or
# --port), checks the manifest answers under the right remote name, then registers the version
# with PUT /api/panels/<id>. Open shells switch to it on the `panels` event; the shell is
# neither rebuilt nor restarted. Earlier versions keep being served, so a rollback
# (POST /api/panels/<id>/rollback) works at once.
#
# Usage: scripts/deploy-panel.sh <id> [--version V] [--port N] [--gateway URL] [--title T]
#                                [--cors ORIGIN,...] [--no-build] [--no-register]
# Needs AETHER_ADMIN_TOKEN (environment or .env) unless --no-register. The gateway defaults to
# AETHER_GATEWAY_URL or http://localhost:8080; allowed shell origins to AETHER_SHELL_ORIGINS or
# http://localhost:5173,http://127.0.0.1:5173.
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/tokens.sh
. "$AETHER_ROOT/scripts/lib/tokens.sh"
cd "$AETHER_ROOT"

usage_or_continue "${1:-}"
id=$1
shift
[[ "$id" =~ ^[a-z][a-z0-9-]{0,39}$ ]] || die "panel id must be lowercase letters, digits and dashes: $id"
[ -f "panels/$id/package.json" ] || die "no panel at panels/$id (expected panels/$id/package.json)"

version="" port=0 title="" build=1 register=1
# shellcheck source=/dev/null
if [ -f .env ]; then set -a; . ./.env; set +a; fi
gateway=${AETHER_GATEWAY_URL:-http://localhost:8080}
cors=${AETHER_SHELL_ORIGINS:-http://localhost:5173,http://127.0.0.1:5173}
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --gateway) gateway=${2:?--gateway needs a value}; shift 2 ;;
    --title) title=${2:?--title needs a value}; shift 2 ;;
    --cors) cors=${2:?--cors needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-register) register=0; shift ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number: $port"
if [ "$register" = 1 ] && [ -z "${AETHER_ADMIN_TOKEN:-}" ]; then
  die "AETHER_ADMIN_TOKEN is not set (environment or .env); or pass --no-register"
fi

# A version says which code it is and when it was built: <git sha>[-dirty]-<UTC timestamp>.
if [ -z "$version" ]; then
  sha=$(git rev-parse --short HEAD 2>/dev/null || echo nogit)
  if [ -n "$(git status --porcelain -- "panels/$id" 2>/dev/null)" ]; then sha="$sha-dirty"; fi
  version="$sha-$(date -u +%Y%m%d%H%M%S)"
fi
[[ "$version" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "version must be 1-64 of A-Z a-z 0-9 . _ -: $version"

workspace=$(node -p "require('./panels/$id/package.json').name")
remote_name="aether_panel_${id//-/_}"
deploy_dir="$AETHER_ROOT/.deploy/panels/$id"
out="$deploy_dir/$version"
log="$deploy_dir/$version.log"
pidfile="$deploy_dir/$version.pid"
mkdir -p "$deploy_dir"

if [ "$build" = 1 ]; then
  [ -e "$out" ] && die "$out already exists: pick another --version"
  step "building the packages $workspace depends on"
  npx turbo run build --filter="$workspace^..." --output-logs=errors-only
  step "building $workspace $version into ${out#"$AETHER_ROOT"/}"
  (cd "panels/$id" && npx vite build --outDir "$out" --emptyOutDir --logLevel warn)
else
  [ -f "$out/mf-manifest.json" ] || die "--no-build: nothing built at $out"
fi
[ -f "$out/mf-manifest.json" ] || die "the build wrote no mf-manifest.json (is manifest: true set in its federation config?)"

if [ ! -f packages/static-server/dist/cli.js ]; then
  step "building aether-static"
  npm run build -w @aether/static-server >/dev/null
fi

step "serving it with aether-static (port ${port/#0/a free one})"
nohup node packages/static-server/bin/aether-static.js --dir "$out" --port "$port" --host 127.0.0.1 --cors "$cors" >"$log" 2>&1 &
server_pid=$!
echo "$server_pid" >"$pidfile"
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^aether-static listening on \(http:[^ ]*\) .*/\1/p' "$log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || die "aether-static stopped: $(cat "$log")"
  sleep 0.1
done
[ -n "$url" ] || { kill "$server_pid" 2>/dev/null || true; die "aether-static did not start within 10 s: $(cat "$log")"; }
# 127.0.0.1 and localhost are the same host to us, but the shell's CSP and CORS see origins:
# register the address the server really listens on.
entry="$url/mf-manifest.json"

step "checking $entry"
manifest_name=$(curl -fsS "$entry" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).name??"")}catch{console.log("")}})')
if [ "$manifest_name" != "$remote_name" ]; then
  kill "$server_pid" 2>/dev/null || true
  die "the manifest names the remote \"$manifest_name\"; the shell expects \"$remote_name\""
fi

if [ "$register" = 1 ]; then
  step "registering $id $version with $gateway"
  body=$(ENTRY="$entry" VERSION="$version" TITLE="$title" node -e '
    const b = { entry: process.env.ENTRY, module: "./Panel", version: process.env.VERSION };
    if (process.env.TITLE) b.title = process.env.TITLE;
    console.log(JSON.stringify(b));')
  # The token goes to curl on stdin (curl_with_token), never on its command line.
  answer=$(curl_with_token AETHER_ADMIN_TOKEN -sS -w '\n%{http_code}' -X PUT "$gateway/api/panels/$id" \
    -H 'content-type: application/json' --data "$body") ||
    die "the gateway at $gateway cannot be reached (the new version keeps being served at $url, pid $server_pid)"
  status=${answer##*$'\n'}
  if [ "$status" != 200 ]; then
    die "PUT /api/panels/$id answered $status: ${answer%$'\n'*}"
  fi
fi

cat <<EOF

Deployed panel $id
  version   $version
  built     ${out#"$AETHER_ROOT"/}
  served    $url  (aether-static pid $server_pid, log ${log#"$AETHER_ROOT"/})
  entry     $entry
EOF
if [ "$register" = 1 ]; then
  cat <<EOF
  registry  PUT $gateway/api/panels/$id -> 200; open shells switch without a reload

Roll back:  printf 'header = "authorization: Bearer %s"\\n' "\$AETHER_ADMIN_TOKEN" |
              curl --config - -X POST -H 'content-type: application/json' --data '{}' \\
              $gateway/api/panels/$id/rollback
EOF
else
  echo "  registry  not registered (--no-register)"
fi
cat <<EOF
Stop it:    kill \$(cat ${pidfile#"$AETHER_ROOT"/})
Note: a shell served with a CSP from the registry (aether-static --csp-from-registry) allows a new
origin only after a reload, unless it was started with --csp-allow for it (e.g. http://127.0.0.1:*).
EOF

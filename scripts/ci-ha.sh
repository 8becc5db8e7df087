#!/usr/bin/env bash
# CI stage for `docker compose --profile ha`: brings up Postgres, gateway-1..3 and the balancer
# (and shell-ha), checks that the three gateways are healthy on the one Postgres, that the
# balancer serves the API and the shell, and that every gateway's SSE stream carries the results
# the others probe (scripts/ci-ha-sse.mjs), then `docker kill`s one gateway (the one probing the
# most checks, per GET /api/cluster) and watches through the balancer for ~50 s that no check
# goes unprobed for longer than leaseTtl + its interval + slack (scripts/ci-ha-watch.mjs), and
# that the others keep serving; last, stops Postgres for ~12 s and checks that the balancer keeps
# answering from the live gateways and that they are ready again once it is back. Tears its stack
# down at the end; logs of failing containers are printed on failure. Called by scripts/ci-docker.sh (engine running, images built: --no-build);
# alone it starts the engine if needed (as root) and builds the images it uses.
# Usage: scripts/ci-ha.sh [--no-build]
# Environment: AETHER_HA_PROJECT (compose project, default aether-ci-ha), AETHER_HA_WATCH_SECONDS
# (default 50), AETHER_BALANCER_PORT (default 8090).
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$AETHER_ROOT"
# shellcheck source=scripts/lib/docker-host.sh
. scripts/lib/docker-host.sh
# shellcheck source=scripts/lib/tokens.sh
. scripts/lib/tokens.sh
# shellcheck source=scripts/lib/images.sh
. scripts/lib/images.sh

build=1
case "${1:-}" in
  --no-build) build=0 ;;
  -h | --help) print_usage; exit 0 ;;
  "") ;;
  *) print_usage >&2; exit 2 ;;
esac

export COMPOSE_PROJECT_NAME=${AETHER_HA_PROJECT:-aether-ci-ha}
balancer_port=${AETHER_BALANCER_PORT:-8090}
balancer=http://127.0.0.1:$balancer_port
watch_seconds=${AETHER_HA_WATCH_SECONDS:-50}
# the ha config's cluster.leaseTtl, in seconds (examples/aether.config.compose-ha.yaml)
lease_ttl=$(sed -n 's/^cluster:.*leaseTtl: *\([0-9]*\)s.*/\1/p' examples/aether.config.compose-ha.yaml)
lease_ttl=${lease_ttl:-15}
ha_services=(postgres gateway-1 gateway-2 gateway-3 balancer shell-ha)
failures=0
check() { # check DESCRIPTION COMMAND...: one assertion, loud either way
  if "${@:2}"; then printf '  ok   %s\n' "$1"; else printf '  FAIL %s\n' "$1" >&2; failures=$((failures + 1)); fi
}

compose_cmd || die "neither 'docker compose' nor 'docker-compose' is installed"
ha_compose() { timeout 300 "${compose[@]}" --profile ha "$@"; }

started_engine=0
if ! engine_running; then
  require_root "scripts/ci-ha.sh (to start the Docker engine)"
  engine_install
  host_record_state
  engine_start
  started_engine=1
fi

# Tokens and the Postgres password for this run, unless the caller has its own: in the
# environment only, never on a command line.
for token_var in AETHER_ADMIN_TOKEN ORDERS_ADMIN_TOKEN CART_ADMIN_TOKEN AUTH_ADMIN_TOKEN \
  PAYMENTS_ADMIN_TOKEN SEARCH_ADMIN_TOKEN AETHER_POSTGRES_PASSWORD AETHER_AUDIT_KEY; do
  [ -n "${!token_var:-}" ] || export "$token_var=$(random_token)"
done
AETHER_ADMIN_TOKEN_SHA256=$(sha256_hex AETHER_ADMIN_TOKEN)
export AETHER_ADMIN_TOKEN_SHA256

# Logs of every ha container that is not running healthy, or of all of ha_services with "all"
# (gateways log each request: the last 40 lines are the last seconds).
logs_dumped=0
dump_logs() {
  local id state name ids
  logs_dumped=1
  if [ "${1:-}" = all ]; then
    ids=$(for service in "${ha_services[@]}"; do "${compose[@]}" --profile ha ps -q "$service" 2>/dev/null; done)
  else
    ids=$("${compose[@]}" --profile ha ps -q 2>/dev/null)
  fi
  for id in $ids; do
    state=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
    name=${state%% *}
    case "$state" in *" running healthy" | *" running none") [ "${1:-}" = all ] || continue ;; esac
    printf '\n--- logs of %s (%s), last 40 lines\n' "${name#/}" "${state#* }" >&2
    "$DOCKER" logs --tail 40 "$id" 2>&1 | sed 's/^/    /' >&2
  done
}

cleanup() {
  local rc=$?
  [ "$rc" -ne 0 ] && [ "$logs_dumped" -eq 0 ] && { fail "ci-ha stopped early (exit $rc)"; dump_logs; }
  step "teardown: ha stack down (project $COMPOSE_PROJECT_NAME)"
  "${compose[@]}" --profile ha down --volumes --remove-orphans >/dev/null 2>&1 || true
  [ "$started_engine" -eq 1 ] && { engine_stop_and_restore || rc=1; }
  exit "$rc"
}
trap cleanup EXIT

if [ "$build" -eq 1 ]; then
  # npm inside `docker build` needs this machine's CA bundle (TLS-inspecting proxy), as in
  # scripts/ci-docker.sh: a BuildKit secret, never written into an image.
  ca_bundle=$(npm config get cafile 2>/dev/null || true)
  [ -f "$ca_bundle" ] || ca_bundle=${NODE_EXTRA_CA_CERTS:-}
  [ -f "$ca_bundle" ] && export AETHER_NPM_CA=$ca_bundle
  step "images: build what the ha profile runs"
  "$AETHER_ROOT/scripts/build-images.sh" --tag local sample-service gateway shell postgres balancer
fi

step "up: ${ha_services[*]} (project $COMPOSE_PROJECT_NAME)"
ha_compose config -q
"${compose[@]}" --profile ha down --volumes --remove-orphans >/dev/null 2>&1 || true
ha_compose up -d --no-build "${ha_services[@]}" || { dump_logs; die "compose up of the ha profile failed"; }

step "wait: every ha container healthy (at most 180 s)"
deadline=$((SECONDS + 180))
while :; do
  pending="" bad=""
  for service in "${ha_services[@]}"; do
    id=$("${compose[@]}" --profile ha ps -q "$service")
    state=$([ -n "$id" ] && "$DOCKER" inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id" || echo missing)
    case "$state" in
      "running healthy") ;;
      "running unhealthy" | exited* | dead* | missing) bad+=" $service($state)" ;;
      *) pending+=" $service($state)" ;;
    esac
  done
  [ -z "$bad$pending" ] && break
  if [ -n "$bad" ] || [ "$SECONDS" -ge "$deadline" ]; then
    dump_logs
    die "not healthy:$bad$pending"
  fi
  sleep 2
done
step "all ${#ha_services[@]} ha containers healthy"

step "one system: three gateways on one Postgres, the balancer in front"
# three gateways starting together on an empty database: none may crash on the way up
restarts=$(for service in gateway-1 gateway-2 gateway-3; do
  "$DOCKER" inspect -f '{{.RestartCount}}' "$("${compose[@]}" --profile ha ps -q "$service")"
done | paste -sd' ' -)
check "no gateway restarted while the three started together (restart counts: $restarts)" [ "$restarts" = "0 0 0" ]
postgres_id=$("${compose[@]}" --profile ha ps -q postgres)
# each gateway holds connections of its own pool: count the distinct client addresses
clients=$("$DOCKER" exec "$postgres_id" psql -h /tmp -U postgres -d aether -Atc \
  "select count(distinct client_addr) from pg_stat_activity where datname = 'aether' and client_addr is not null")
check "3 gateways connected to the one Postgres (distinct clients: $clients)" [ "$clients" -ge 3 ]
services_json=$(curl -fsS --max-time 10 "$balancer/api/services" || echo '[]')
service_count=$(node -e 'console.log(JSON.parse(process.argv[1]).length)' "$services_json")
check "the balancer serves GET /api/services ($service_count services)" [ "$service_count" -gt 0 ]
check "the balancer's own readiness (/balancer/ready) is 200" \
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$balancer/balancer/ready")" = 200 ]
shell_port=$("${compose[@]}" --profile ha port shell-ha 5173)
check "shell-ha serves its page with a CSP naming the balancer" \
  bash -c "curl -fsS -D - -o /dev/null --max-time 10 'http://$shell_port/' | grep -i '^content-security-policy:.*localhost:$balancer_port' >/dev/null"

# show_cluster JSON: one line, each member's host, shards and checks.
show_cluster() {
  # shellcheck disable=SC2016 # a node program: ${…} is JavaScript
  echo "    /api/cluster: $(node -e 'for (const m of JSON.parse(process.argv[1]).members) console.log(`${m.host}: ${m.shards} shards, ${m.checks} checks`)' "$1" | paste -sd';' -)"
}

# With shard leases (GET /api/cluster), the victim is the gateway probing the most checks, and
# the members must split the checks without overlap.
victim=gateway-2
cluster_json=$(curl -fsS --max-time 10 "$balancer/api/cluster" 2>/dev/null || true)
if [ -n "$cluster_json" ]; then
  total_checks=$(node -e 'console.log(JSON.parse(process.argv[1]).reduce((n, s) => n + s.checks.length, 0))' "$services_json")
  # members report their leases after their first heartbeats: give them one lease TTL
  for _ in $(seq 1 "$lease_ttl"); do
    summary=$(node -e '
      const c = JSON.parse(process.argv[1]);
      console.log(c.members.length, c.members.reduce((n, m) => n + m.checks, 0), new Set(c.members.map((m) => m.configHash)).size);' \
      "$cluster_json")
    read -r members probing hashes <<<"$summary"
    [ "$members" -eq 3 ] && [ "$probing" -eq "$total_checks" ] && break
    sleep 1
    cluster_json=$(curl -fsS --max-time 10 "$balancer/api/cluster" || echo '{"members":[]}')
  done
  show_cluster "$cluster_json"
  check "GET /api/cluster shows 3 members (got $members)" [ "$members" -eq 3 ]
  check "the members' check counts add up to the $total_checks checks (got $probing)" [ "$probing" -eq "$total_checks" ]
  check "the members run one config (distinct config hashes: $hashes)" [ "$hashes" -eq 1 ]
  victim=$(node -e 'const m = JSON.parse(process.argv[1]).members.sort((a, b) => b.checks - a.checks)[0]; console.log(m.host)' "$cluster_json")
  case "$victim" in gateway-[123]) ;; *) fail "member host '$victim' is not a gateway-N service: killing gateway-2"; victim=gateway-2 ;; esac
else
  echo "    GET /api/cluster is not served by this gateway build: no lease assertions (each gateway is checked through the balancer)"
fi

step "events: every gateway's SSE stream carries every check's results, wherever it was probed"
sse_streams=("balancer=$balancer")
for service in gateway-1 gateway-2 gateway-3; do
  sse_streams+=("$service=http://$("${compose[@]}" --profile ha port "$service" 8080)")
done
check "each gateway's /api/events (and the balancer's) relays the results the other gateways probe" \
  node scripts/ci-ha-sse.mjs --api "$balancer" --seconds 16 "${sse_streams[@]}"

step "failover: docker kill $victim, watch probing through the balancer for ${watch_seconds}s (leaseTtl ${lease_ttl}s)"
victim_id=$("${compose[@]}" --profile ha ps -q "$victim")
watch_log=$(mktemp)
node scripts/ci-ha-watch.mjs --url "$balancer" --seconds "$watch_seconds" --lease-ttl "$lease_ttl" >"$watch_log" 2>&1 &
watch_pid=$!
sleep 5
"$DOCKER" kill "$victim_id" >/dev/null
killed_at=$SECONDS
echo "    killed $victim (${victim_id:0:12})"
watch_rc=0
wait "$watch_pid" || watch_rc=$?
cat "$watch_log"
rm -f "$watch_log"
check "no check went unprobed longer than leaseTtl + interval + 8 s, no failed request via the balancer" [ "$watch_rc" -eq 0 ]
check "$victim stays down (killed $((SECONDS - killed_at))s ago)" \
  [ "$("$DOCKER" inspect -f '{{.State.Status}}' "$victim_id")" = exited ]
for service in gateway-1 gateway-2 gateway-3; do
  [ "$service" = "$victim" ] && continue
  check "$service still healthy" \
    [ "$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$("${compose[@]}" --profile ha ps -q "$service")")" = healthy ]
done
check "the balancer still serves GET /api/services" curl -fsS -o /dev/null --max-time 10 "$balancer/api/services"
if [ -n "$cluster_json" ]; then
  cluster_json=$(curl -fsS --max-time 10 "$balancer/api/cluster" || echo '{"members":[]}')
  # the dead member may stay listed (its last heartbeat); what counts is that it holds no lease
  # and that the live ones cover every check between them
  read -r victim_shards probing <<<"$(node -e '
    const c = JSON.parse(process.argv[1]);
    const dead = (m) => m.host === process.argv[2];
    console.log(
      c.members.filter(dead).reduce((n, m) => n + m.shards, 0),
      c.members.filter((m) => !dead(m)).reduce((n, m) => n + m.checks, 0),
    );' "$cluster_json" "$victim")"
  show_cluster "$cluster_json"
  check "$victim holds no shard lease any more (got $victim_shards)" [ "$victim_shards" -eq 0 ]
  check "the survivors probe all $total_checks checks between them (got $probing)" [ "$probing" -eq "$total_checks" ]
fi

step "database outage: Postgres stopped for ~12 s, then started again"
# The gateways turn unready (/ready 503) but keep probing and serving their last known state; the
# balancer then sends traffic to any live one (docker/balancer/haproxy.cfg) instead of a 503.
"${compose[@]}" --profile ha stop postgres >/dev/null 2>&1
codes="" ready_codes=""
for _ in 1 2 3 4 5 6; do
  sleep 2
  codes+="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$balancer/api/services") "
  ready_codes+="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$balancer/ready") "
done
"${compose[@]}" --profile ha start postgres >/dev/null 2>&1
check "the balancer served GET /api/services on every poll while Postgres was down (${codes% })" \
  [ "${codes// /}" = 200200200200200200 ]
# the last poll's /ready: by then every gateway has noticed (the first may still be 200)
check "the gateways said not ready meanwhile (/ready: ${ready_codes% })" [ "${ready_codes%503 }" != "$ready_codes" ]
back=""
for _ in $(seq 1 30); do
  back=$(for service in gateway-1 gateway-2 gateway-3; do
    [ "$service" = "$victim" ] && continue
    port=$("${compose[@]}" --profile ha port "$service" 8080)
    curl -s -o /dev/null -w '%{http_code} ' --max-time 5 "http://$port/ready"
  done)
  [ "$back" = "200 200 " ] && break
  sleep 2
done
check "the surviving gateways are ready again once Postgres is back (/ready: ${back% })" [ "$back" = "200 200 " ]

if [ "$failures" -gt 0 ]; then
  dump_logs all
  die "ci-ha: $failures check(s) failed"
fi
step "ci-ha: every check passed"

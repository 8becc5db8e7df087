# shellcheck shell=bash
# Host-side Docker engine management for machines without a running engine (CI here).
# Sourced by scripts/seed-base-image.sh and scripts/ci-docker.sh; needs root.
# Records the host's network state before the engine touches it, so that it can be put back.

AETHER_STATE_DIR=${AETHER_STATE_DIR:-/var/tmp/aether-docker-host}
DOCKERD_LOG=${DOCKERD_LOG:-$AETHER_STATE_DIR/dockerd.log}
DOCKER_SOCKET=/var/run/docker.sock

# shellcheck source=scripts/lib/log.sh
. "$(dirname "${BASH_SOURCE[0]}")/log.sh"

require_root() { [ "$(id -u)" -eq 0 ] || die "$1 must run as root"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    step "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    apt_updated=1
  fi
  step "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    die "apt-get install $* failed"
}

# The Debian mirror this machine's apt already uses (never a host name written in the repo).
apt_mirror_for() {
  local suite=$1
  apt-cache policy 2>/dev/null |
    awk -v s=" $suite/main " 'index($0, s) && $2 ~ /^https?:\/\// { print $2; exit }'
}

engine_install() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
    missing+=(docker-compose)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# Saves ip_forward, the iptables rules and whether docker0 existed, once per run.
host_record_state() {
  mkdir -p "$AETHER_STATE_DIR"
  [ -f "$AETHER_STATE_DIR/recorded" ] && return 0
  sysctl -n net.ipv4.ip_forward >"$AETHER_STATE_DIR/ip_forward"
  iptables-save >"$AETHER_STATE_DIR/iptables.rules" 2>/dev/null || true
  if ip link show docker0 >/dev/null 2>&1; then echo yes; else echo no; fi >"$AETHER_STATE_DIR/docker0"
  ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' >"$AETHER_STATE_DIR/bridges"
  if engine_running; then echo yes; else echo no; fi >"$AETHER_STATE_DIR/engine_was_running"
  touch "$AETHER_STATE_DIR/recorded"
  step "host state recorded in $AETHER_STATE_DIR (ip_forward=$(cat "$AETHER_STATE_DIR/ip_forward"), docker0 existed: $(cat "$AETHER_STATE_DIR/docker0"))"
}

engine_running() { [ -S "$DOCKER_SOCKET" ] && docker version >/dev/null 2>&1; }

engine_start() {
  if engine_running; then step "Docker engine already running"; return 0; fi
  mkdir -p "$AETHER_STATE_DIR"
  step "starting dockerd (overlay2)"
  dockerd --storage-driver=overlay2 --pidfile "$AETHER_STATE_DIR/dockerd.pid" >"$DOCKERD_LOG" 2>&1 &
  local i
  for i in $(seq 1 60); do
    if engine_running; then step "dockerd up after ${i}s"; return 0; fi
    sleep 1
  done
  tail -n 30 "$DOCKERD_LOG" >&2
  die "dockerd did not answer on $DOCKER_SOCKET within 60s (log: $DOCKERD_LOG)"
}

# Stops only a dockerd this script started (its pidfile), then puts the network state back.
engine_stop_and_restore() {
  [ -f "$AETHER_STATE_DIR/recorded" ] || { step "no recorded host state: nothing to restore"; return 0; }
  if [ "$(cat "$AETHER_STATE_DIR/engine_was_running")" = yes ]; then
    step "the engine was running before: leaving it and the host as they are"
    return 0
  fi
  local pid
  if [ -f "$AETHER_STATE_DIR/dockerd.pid" ]; then
    pid=$(cat "$AETHER_STATE_DIR/dockerd.pid")
    step "stopping dockerd (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { step "dockerd still up after 30s: SIGKILL"; kill -9 "$pid" || true; }
  fi
  local br
  for br in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}'); do
    case "$br" in docker0 | br-*) ;; *) continue ;; esac
    if ! grep -qx "$br" "$AETHER_STATE_DIR/bridges"; then
      step "removing bridge $br"
      ip link delete "$br" || true
    fi
  done
  restore_iptables
  step "restoring net.ipv4.ip_forward=$(cat "$AETHER_STATE_DIR/ip_forward")"
  sysctl -qw net.ipv4.ip_forward="$(cat "$AETHER_STATE_DIR/ip_forward")"
  rm -f "$AETHER_STATE_DIR/recorded"
}

# Puts every iptables table back as recorded. A table absent from the recording was empty with
# ACCEPT policies (dockerd creates nat and filter rules, DOCKER* chains and FORWARD DROP), so
# it is flushed and reset; a recorded one is restored exactly.
restore_iptables() {
  local table chain
  step "restoring iptables (DOCKER chains removed, FORWARD policy back)"
  for table in filter nat mangle raw; do
    if grep -qx "\*$table" "$AETHER_STATE_DIR/iptables.rules" 2>/dev/null; then continue; fi
    iptables -t "$table" -S >/dev/null 2>&1 || continue
    iptables -t "$table" -F && iptables -t "$table" -X
    for chain in $(iptables -t "$table" -S | awk '$1 == "-P" {print $2}'); do
      iptables -t "$table" -P "$chain" ACCEPT
    done
  done
  if [ -s "$AETHER_STATE_DIR/iptables.rules" ]; then
    iptables-restore <"$AETHER_STATE_DIR/iptables.rules"
  fi
}

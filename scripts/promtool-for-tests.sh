#!/usr/bin/env bash
# Makes sure `promtool` is on PATH for the gateway's /metrics test (`promtool check metrics`):
# uses the one installed, or installs Debian's prometheus package (promtool comes with it; ~96 MB)
# without letting its service start — the tests need the binary, not a Prometheus server.
# Needs root when it has to install.
set -euo pipefail
AETHER_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/log.sh
. "$AETHER_ROOT/scripts/lib/log.sh"

if command -v promtool >/dev/null; then
  step "promtool: $(promtool --version 2>&1 | head -1)"
  exit 0
fi

step "promtool: installing Debian's prometheus (for promtool only)"
# policy-rc.d answering 101 keeps invoke-rc.d from starting the service the package installs
policy=/usr/sbin/policy-rc.d
placed=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  placed=1
fi
trap '[ -z "$placed" ] || rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v promtool >/dev/null || die "prometheus installed but promtool is not on PATH"
step "promtool: $(promtool --version 2>&1 | head -1)"

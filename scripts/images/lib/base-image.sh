# The tools and the locally-made `node:22-bookworm-slim` base; sourced by build-and-smoke.
# No image can be pulled on these machines, so the base is assembled from a Debian debootstrap
# (Debian mirror) plus the Node binary and npm from the npm registry, then `podman import`ed
# under the public name so the Dockerfiles build unchanged. Both tarballs are cached by version.
# shellcheck shell=bash

BASE_IMAGE="docker.io/library/node:22-bookworm-slim"
DEBIAN_SUITE="bookworm"
NODE_VERSION="${MCPGW_IMAGES_NODE_VERSION:-22.23.3}"
NPM_VERSION="${MCPGW_IMAGES_NPM_VERSION:-10.9.9}"
# Bump when the recipe below changes, so cached tarballs made by an older recipe are not reused.
BASE_RECIPE=1
APT_TIMEOUT="${MCPGW_IMAGES_APT_TIMEOUT:-900}"
FETCH_TIMEOUT="${MCPGW_IMAGES_FETCH_TIMEOUT:-900}"

ensure_tools() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  # Ubuntu runners lack Debian's keys; debootstrap needs them to verify the bookworm release.
  [[ -s /usr/share/keyrings/debian-archive-keyring.gpg ]] || missing+=(debian-archive-keyring)
  for tool in node npm tar chroot timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required on PATH"
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "missing ${missing[*]} and no apt-get to install them; install them by hand"
  log "installing ${missing[*]} with apt-get (first run only)"
  local aptlog
  aptlog="$(logfile apt-get.log)"
  if ! { timeout "$APT_TIMEOUT" apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive timeout "$APT_TIMEOUT" apt-get install -y -q --no-install-recommends \
      "${missing[@]}"; } >"$aptlog" 2>&1; then
    show_log_tail "$aptlog"
    die "apt-get install ${missing[*]} failed"
  fi
}

# The Debian mirror apt already uses (reachable here by definition), else deb.debian.org.
debian_mirror() {
  if [[ -n "${MCPGW_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "$MCPGW_DEBIAN_MIRROR"
    return
  fi
  local uri
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -Eo 'https?://[^ ]+/debian/?( |$)' | grep -v -- '-security' | head -n 1 | tr -d ' ')" || true
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

machine_arch() { # prints "<debian arch> <node arch>"
  case "$(uname -m)" in
    x86_64) echo 'amd64 x64' ;;
    aarch64) echo 'arm64 arm64' ;;
    *) die "unsupported machine architecture $(uname -m) (amd64 and arm64 are)" ;;
  esac
}

# The extra CA bundle this machine's Node trusts (an egress proxy here), if any. The real base
# image does not need it; the local stand-in carries it so `npm ci` in the build can reach the
# registry. MCPGW_IMAGES_EXTRA_CA overrides; set it to "none" to leave it out.
extra_ca_file() {
  local file="${MCPGW_IMAGES_EXTRA_CA:-${NODE_EXTRA_CA_CERTS:-}}"
  [[ -z "$file" || "$file" == none ]] && return 0
  [[ -s "$file" ]] || die "extra CA bundle $file (MCPGW_IMAGES_EXTRA_CA / NODE_EXTRA_CA_CERTS) is missing or empty"
  printf '%s\n' "$file"
}

# cache_entry NAME BUILD_FUNCTION — builds into NAME.partial, renames into place; an interrupted
# build is never mistaken for a finished one. The builder is not called in an `||` list on
# purpose: that would switch off `set -e` inside it. Leftovers of a failed build are removed by
# clean_cache_leftovers on the next run.
cache_entry() {
  local target="$IMAGES_CACHE/$1" builder="$2"
  [[ -s "$target" ]] && return 0
  "$builder" "$target.partial"
  mv "$target.partial" "$target"
}

clean_cache_leftovers() {
  rm -rf "$IMAGES_CACHE"/*.partial "$IMAGES_CACHE"/debootstrap.* "$IMAGES_CACHE"/rootfs.* \
    "$IMAGES_CACHE"/pack.*
}

build_debian_rootfs_tar() {
  local out="$1" mirror dir log_file
  log_file="$(logfile debootstrap.log)"
  mirror="$(debian_mirror)"
  dir="$(mktemp -d "$IMAGES_CACHE/debootstrap.XXXXXX")"
  log "debootstrap --variant=minbase $DEBIAN_SUITE from $mirror (first run only)"
  if ! timeout "$FETCH_TIMEOUT" debootstrap --variant=minbase --arch="$DEB_ARCH" \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    "$DEBIAN_SUITE" "$dir" "$mirror" >"$log_file" 2>&1; then
    show_log_tail "$log_file"
    rm -rf "$dir"
    die "debootstrap of $DEBIAN_SUITE from $mirror failed (set MCPGW_DEBIAN_MIRROR to another mirror)"
  fi
  # What debian:bookworm-slim also leaves out: package caches and lists, and the host's identity.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
  : >"$dir/etc/resolv.conf"
  printf 'localhost\n' >"$dir/etc/hostname"
  tar -C "$dir" -cf "$out" .
  rm -rf "$dir"
}

npm_pack_into() { # npm_pack_into DIR SPEC — prints the tarball path
  local dir="$1" spec="$2" name
  name="$(cd "$dir" && timeout "$FETCH_TIMEOUT" npm pack --silent "$spec" 2>>"$(logfile "npm-pack.log")" | tail -n 1)" ||
    die "npm pack $spec failed (see $LOG_DIR/npm-pack.log)"
  [[ -s "$dir/$name" ]] || die "npm pack $spec produced no tarball"
  printf '%s\n' "$dir/$name"
}

build_node_base_tar() {
  local out="$1" dir work node_tgz npm_tgz ca
  dir="$(mktemp -d "$IMAGES_CACHE/rootfs.XXXXXX")"
  work="$(mktemp -d "$IMAGES_CACHE/pack.XXXXXX")"
  log "assembling the base: Debian $DEBIAN_SUITE + node $NODE_VERSION + npm $NPM_VERSION (first run only)"
  tar -C "$dir" -xf "$IMAGES_CACHE/$DEBIAN_TAR"
  # The same layout as the official image: node and npm under /usr/local, user node (1000).
  node_tgz="$(npm_pack_into "$work" "node-linux-$NODE_ARCH@$NODE_VERSION")"
  tar -C "$work" -xzf "$node_tgz" package/bin/node
  install -m 0755 "$work/package/bin/node" "$dir/usr/local/bin/node"
  npm_tgz="$(npm_pack_into "$work" "npm@$NPM_VERSION")"
  mkdir -p "$dir/usr/local/lib/node_modules/npm"
  tar -C "$dir/usr/local/lib/node_modules/npm" --strip-components=1 -xzf "$npm_tgz"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  chroot "$dir" groupadd --gid 1000 node
  chroot "$dir" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  ca="$(extra_ca_file)"
  if [[ -n "$ca" ]]; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    install -m 0644 "$ca" "$dir/usr/local/share/ca-certificates/mcpgw-extra-ca.crt"
  fi
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/*
  find "$dir/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  local version
  version="$(chroot "$dir" /usr/local/bin/node --version)" || die "node $NODE_VERSION does not run on $DEBIAN_SUITE"
  [[ "$version" == "v$NODE_VERSION" ]] || die "expected node v$NODE_VERSION in the base, found $version"
  tar -C "$dir" -cf "$out" .
  rm -rf "$dir" "$work"
}

# ensure_base_image — leaves $BASE_IMAGE in podman's storage, made from the cached tarballs.
ensure_base_image() {
  local arches ca ca_tag=''
  arches="$(machine_arch)"
  read -r DEB_ARCH NODE_ARCH <<<"$arches"
  ca="$(extra_ca_file)"
  [[ -n "$ca" ]] && ca_tag="-ca$(sha256sum "$ca" | cut -c1-12)"
  DEBIAN_TAR="debian-$DEBIAN_SUITE-minbase-$DEB_ARCH-r$BASE_RECIPE.tar"
  local key="node-$NODE_VERSION-npm-$NPM_VERSION-$DEBIAN_SUITE-$DEB_ARCH-r$BASE_RECIPE$ca_tag"
  local label
  label="$(pm image inspect --format '{{index .Labels "org.mcpgw.base"}}' "$BASE_IMAGE" 2>/dev/null)" || label='absent'
  [[ "$label" == '<no value>' ]] && label=''
  if [[ "$label" == "$key" ]]; then
    log "base $BASE_IMAGE is current ($key)"
    return 0
  fi
  if [[ "$label" != absent && -z "$label" && "${MCPGW_IMAGES_REPLACE_BASE:-0}" != 1 ]]; then
    # Pulled from a registry on a machine that can: use it as is.
    log "base $BASE_IMAGE exists and was not made here: using it (MCPGW_IMAGES_REPLACE_BASE=1 replaces it)"
    return 0
  fi
  cache_entry "$DEBIAN_TAR" build_debian_rootfs_tar
  cache_entry "$key.tar" build_node_base_tar
  log "importing $IMAGES_CACHE/$key.tar as $BASE_IMAGE"
  local changes=(
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    --change "ENV NODE_VERSION=$NODE_VERSION"
    --change "LABEL org.mcpgw.base=$key"
    --change 'CMD ["node"]'
  )
  [[ -n "$ca" ]] && changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/mcpgw-extra-ca.crt')
  pm import "${changes[@]}" "$IMAGES_CACHE/$key.tar" "$BASE_IMAGE" >"$(logfile "import.log")" 2>&1 || {
    show_log_tail "$(logfile "import.log")"
    die "podman import of the base failed"
  }
}

# shellcheck shell=bash
# `lab.sh build`: base rootfs, local apt repo, prebaked and flatcar layers. Each step is cached
# by a stamp holding BUILD_VERSION; bump it when a step's recipe changes.

BUILD_VERSION=2
HKLAB_MIRROR=${HKLAB_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
BASE_PACKAGES=openssh-server,sudo,systemd-sysv,libpam-systemd,dbus,iproute2,iputils-ping,procps,curl,python3,ca-certificates,openssl,less,netbase
REPO_PACKAGES=(haproxy keepalived socat)

stamp_ok() { [[ -f $1.stamp && $(cat "$1.stamp") == "$BUILD_VERSION" ]]; }
stamp_set() { echo "$BUILD_VERSION" >"$1.stamp"; }

cmd_build() {
  need_root
  mkdir -p "$HKLAB_STATE/rootfs" "$LAYERS"
  with_lock "$HKLAB_STATE/.build.lock" build_all
}

build_all() {
  if stamp_ok "$ROOTFS" && stamp_ok "$REPO" && stamp_ok "$LAYERS/prebaked" && stamp_ok "$LAYERS/flatcar"; then
    log "build: cached (rootfs, repo, layers up to date)"
    return 0
  fi
  local t0; t0=$(now)
  stamp_ok "$ROOTFS" || { build_rootfs; rm -f "$REPO.stamp" "$LAYERS"/*.stamp; }
  stamp_ok "$REPO" || { build_repo; rm -f "$LAYERS/prebaked.stamp"; }
  stamp_ok "$LAYERS/prebaked" || build_prebaked
  stamp_ok "$LAYERS/flatcar" || build_flatcar
  log "build: done in $(elapsed "$t0") s"
}

build_rootfs() {
  local tmp="$ROOTFS.tmp" t0; t0=$(now)
  busy_check
  rm -rf "$tmp" "$ROOTFS"
  log "build: debootstrap $SUITE from $HKLAB_MIRROR (minbase + $BASE_PACKAGES)"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$tmp" "$HKLAB_MIRROR" >"$HKLAB_STATE/debootstrap.log" 2>&1 \
    || die "debootstrap failed, see $HKLAB_STATE/debootstrap.log"
  log "build: debootstrap took $(elapsed "$t0") s; customising base"
  echo "deb $HKLAB_MIRROR $SUITE main" >"$tmp/etc/apt/sources.list"
  nspawn_run "$tmp" --private-network /bin/bash -s <"$LAB_SRC/guest/customize-base.sh" \
    || die "base customisation failed"
  install -m 0755 "$LAB_SRC/guest/hk-backend.py" "$tmp/usr/local/lib/hk-backend.py"
  install -m 0644 "$LAB_SRC/guest/hk-backend.service" "$tmp/usr/local/lib/hk-backend.service"
  mv "$tmp" "$ROOTFS"
  stamp_set "$ROOTFS"
}

# Refuse to rebuild shared images while a lab is mounted on them.
busy_check() {
  if grep -q " $HKLAB_STATE/lab[0-9]/hosts/" /proc/mounts; then
    die "a lab is running on the shared images; run 'lab.sh down' for every LAB_ID first"
  fi
}

# A throw-away overlay over the base rootfs, for steps that must not change it.
scratch_overlay() {
  local dir=$1
  rm -rf "$dir"; mkdir -p "$dir/upper" "$dir/work" "$dir/root"
  mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
}

build_repo() {
  local scratch="$HKLAB_STATE/scratch" tmp="$REPO.tmp" t0; t0=$(now)
  busy_check
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "build: fetching closure of ${REPO_PACKAGES[*]} (with Recommends) into the local repo"
  scratch_overlay "$scratch"
  nspawn_run "$scratch/root" --resolv-conf=copy-host --bind="$tmp:/repo" /bin/sh -c \
    "apt-get -q update >/dev/null && apt-get -q -y -d -o Dir::Cache::archives=/repo install ${REPO_PACKAGES[*]} >/dev/null" \
    || { umount "$scratch/root"; die "apt download of the repo closure failed"; }
  umount "$scratch/root"; rm -rf "$scratch" "$tmp/partial" "$tmp/lock"
  repo_index "$tmp"
  rm -rf "$REPO"; mv "$tmp" "$REPO"
  stamp_set "$REPO"
  log "build: repo has $(ls "$REPO"/*.deb | wc -l) packages ($(du -sh "$REPO" | cut -f1)) in $(elapsed "$t0") s"
}

# Flat repo index (Packages + Packages.xz); apt asks for .xz first.
repo_index() {
  local dir=$1 deb
  : >"$dir/Packages"
  for deb in "$dir"/*.deb; do
    {
      dpkg-deb -f "$deb"
      echo "Filename: ./$(basename "$deb")"
      echo "Size: $(stat -c %s "$deb")"
      echo "SHA256: $(sha256sum "$deb" | cut -d' ' -f1)"
      echo
    } >>"$dir/Packages"
  done
  xz -kf "$dir/Packages"
  : >"$dir/Translation-en"   # apt asks for it; an empty one spares a 404 retry loop
}

# Build an overlay layer: mount upper=layers/NAME over the base, run a guest script in it.
build_layer() {
  local name=$1 script=$2 layer="$LAYERS/$1" work="$LAYERS/.$1.work" root="$LAYERS/.$1.root" t0; t0=$(now)
  busy_check
  rm -rf "$layer" "$work" "$root"; mkdir -p "$layer" "$work" "$root"
  mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$layer,workdir=$work" "$root"
  local rc=0
  nspawn_run "$root" --private-network --bind-ro="$REPO:/repo" /bin/bash -s <"$script" || rc=$?
  umount "$root"; rm -rf "$work" "$root"
  rmdir "$layer/repo" 2>/dev/null || true   # mount point of the bind above
  [[ $rc == 0 ]] || die "building layer $name failed ($script)"
  stamp_set "$layer"
  log "build: layer $name ($(du -sh "$layer" | cut -f1)) in $(elapsed "$t0") s"
}

build_prebaked() { build_layer prebaked "$LAB_SRC/guest/layer-prebaked.sh"; }
build_flatcar() { build_layer flatcar "$LAB_SRC/guest/layer-flatcar.sh"; }

# shellcheck shell=bash
# Shared settings and helpers for lab.sh. Sourced, never executed.

HKLAB_STATE=${HKLAB_STATE:-/var/lib/hklab}          # shared: rootfs, layers, repo
LAB_ID=${LAB_ID:-0}
[[ $LAB_ID =~ ^[0-9]$ ]] || { echo "lab: LAB_ID must be 0..9 (got '$LAB_ID')" >&2; exit 2; }

LAB_DIR="$HKLAB_STATE/lab$LAB_ID"                   # per-lab runtime state
LAB_BRIDGE="hkbr$LAB_ID"
LAB_NET="10.88.$LAB_ID"
LAB_SUBNET="$LAB_NET.0/24"
LAB_GW="$LAB_NET.1"
LAB_REPO_PORT=8080
LAB_PREFIX="hk$LAB_ID-"                             # netns, veth and cgroup names
LAB_UNREACHABLE="10.88.0.0/16"
LAB_UNREACHABLE_METRIC=4000
ROOTFS="$HKLAB_STATE/rootfs/debian"
LAYERS="$HKLAB_STATE/layers"
REPO="$HKLAB_STATE/repo"
LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)   # the lab/ folder of the checkout
REPO_ROOT=$(dirname "$LAB_SRC")
if [[ $LAB_ID == 0 ]]; then OUT_DIR="$REPO_ROOT/.lab"; else OUT_DIR="$REPO_ROOT/.lab/lab$LAB_ID"; fi
# Hybrid cgroups (this CI VM): the named systemd hierarchy + cgroup2 at unified/. Pure cgroup2: one root.
if [[ $(stat -f -c %T /sys/fs/cgroup 2>/dev/null) == cgroup2fs ]]; then
  CG_ROOTS=(/sys/fs/cgroup)
else
  CG_ROOTS=(/sys/fs/cgroup/systemd /sys/fs/cgroup/unified)
fi

log() { printf 'lab%s: %s\n' "$LAB_ID" "$*" >&2; }
die() { printf 'lab%s: error: %s\n' "$LAB_ID" "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

need_root() { [[ $EUID == 0 ]] || die "must run as root (try: sudo $0 $*)"; }

# Serialise commands that change one lab (or the shared build) across processes.
with_lock() {
  local file=$1; shift
  mkdir -p "$(dirname "$file")"
  exec {lockfd}>"$file"
  flock -w 600 "$lockfd" || die "timed out waiting for lock $file"
  "$@"
}

# Move the calling shell into its own cgroup: nspawn --keep-unit on a host without systemd
# creates payload/ and supervisor/ under the caller's cgroup, so two guests must not share one.
cg_enter() {
  local name=$1 root
  for root in "${CG_ROOTS[@]}"; do
    [[ -d $root ]] || continue
    mkdir -p "$root/hklab/$name"
    echo "$BASHPID" >"$root/hklab/$name/cgroup.procs"
  done
}

# All PIDs in a cgroup subtree (empty when the cgroup is gone).
cg_pids() {
  local dir="${CG_ROOTS[0]}/hklab/$1"
  [[ -d $dir ]] || return 0
  find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un
}

# Remove a cgroup subtree once it is empty (children first).
cg_remove() {
  local root dir
  for root in "${CG_ROOTS[@]}"; do
    dir="$root/hklab/$1"
    [[ -d $dir ]] || continue
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# Run a command in a (non-booted) container on ROOT; used by build steps.
# Usage: nspawn_run ROOT [nspawn options...] -- CMD...
nspawn_run() {
  local root=$1; shift
  (
    cg_enter "build-$$"
    # nspawn complains when it cannot remove its propagate dir on a /run that is not its own: noise.
    exec systemd-nspawn -q -D "$root" --machine="hklab-build-$$" --register=no --keep-unit --pipe \
      --timezone=off --link-journal=no -E DEBIAN_FRONTEND=noninteractive -E LC_ALL=C "$@" \
      2> >(grep -v 'Attempted to remove disk file system' >&2)
  )
  local rc=$?
  cg_remove "build-$$"
  nspawn_propagate_clean "hklab-build-$$"
  return $rc
}

is_mounted() { mountpoint -q "$1"; }

# nspawn leaves /run/systemd/nspawn/propagate/MACHINE behind when /run is not a tmpfs of its own.
nspawn_propagate_clean() { rm -rf "/run/systemd/nspawn/propagate/$1"; }

# Start a long-lived process in its own session, without our lock file descriptors (an inherited
# flock fd would keep the lab locked for as long as the guest runs). Prints its PID.
spawn_detached() {
  local logfile=$1; shift
  (
    local fd
    for fd in "/proc/$BASHPID/fd"/*; do
      fd=${fd##*/}
      (( fd > 2 )) && eval "exec $fd>&-"
    done
    exec setsid "$@" >>"$logfile" 2>&1 </dev/null
  ) &
  echo $!
}

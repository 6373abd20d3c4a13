#!/bin/bash
# Per-host supervisor: runs the guest under systemd-nspawn and boots it again when the guest
# reboots (nspawn exits 133). Started detached by host_start; stopped by host_stop.
# Usage: supervisor.sh NAME VARIANT          (env LAB_ID)
set -uo pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
name=$1 variant=$2
dir="$LAB_DIR/hosts/$name"
cg_enter "lab$LAB_ID/$name"

args=(-b -D "$dir/root" --network-namespace-path="/run/netns/$LAB_PREFIX$name"
  --capability=CAP_NET_ADMIN --register=no --keep-unit --console=read-only
  --link-journal=no --resolv-conf=off --timezone=off --hostname="$name" --machine="$LAB_PREFIX$name")
# Flatcar: /usr is read-only at runtime (dm-verity on the real thing).
[[ $variant == flatcar ]] && args+=(--bind-ro="$dir/root/usr:/usr")

while :; do
  # Only net.* of /proc/sys becomes writable (per netns); kernel.*, vm.*, fs.* stay read-only.
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=network systemd-nspawn "${args[@]}" &
  echo $! >"$dir/nspawn.pid"
  wait $!
  rc=$?
  echo "supervisor: nspawn exited $rc" >&2
  [[ $rc == 133 && ! -e $dir/stopping ]] || break
  echo "supervisor: guest rebooted, booting again" >&2
done
rm -f "$dir/nspawn.pid"

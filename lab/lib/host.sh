# shellcheck shell=bash
# One guest's life cycle: overlay mount, first-boot files, supervisor start/stop, wipe.
# Paths: $LAB_DIR/hosts/NAME/{upper,work,root,variant,supervisor.pid,nspawn.pid,console.log}

host_dir() { echo "$LAB_DIR/hosts/$1"; }

# Overlay lower layers per variant (leftmost is the top layer).
variant_lower() {
  case $1 in
    plain | backend) echo "$ROOTFS" ;;
    prebaked) echo "$LAYERS/prebaked:$ROOTFS" ;;
    flatcar) echo "$LAYERS/flatcar:$ROOTFS" ;;
    *) die "unknown variant '$1'" ;;
  esac
}

host_mount() {
  local name=$1 variant=$2 d; d=$(host_dir "$1")
  mkdir -p "$d/upper" "$d/work" "$d/root"
  # An upper dir made for another variant would not fit the new lower: start it fresh.
  if [[ -f $d/variant && $(cat "$d/variant") != "$variant" ]]; then host_wipe "$name"; mkdir -p "$d/upper" "$d/work" "$d/root"; fi
  echo "$variant" >"$d/variant"
  is_mounted "$d/root" || mount -t overlay overlay \
    -o "lowerdir=$(variant_lower "$variant"),upperdir=$d/upper,workdir=$d/work" "$d/root"
}

host_umount() {
  local d; d=$(host_dir "$1")
  if is_mounted "$d/root"; then umount "$d/root" 2>/dev/null || umount -l "$d/root"; fi
}

host_wipe() {
  local d; d=$(host_dir "$1")
  host_umount "$1"
  rm -rf "$d/upper" "$d/work"
}

# Stable per-host SSH host keys (kept across down/reset, so known_hosts stays valid).
host_keys() {
  local keys="$LAB_DIR/hostkeys/$1"
  if [[ ! -f $keys/etc/ssh/ssh_host_ed25519_key ]]; then
    mkdir -p "$keys/etc/ssh"
    ssh-keygen -q -A -f "$keys" >/dev/null
    sed -i "s/ [^ ]*\$/ root@$1/" "$keys"/etc/ssh/*.pub
  fi
  echo "$keys/etc/ssh"
}

host_keygen() { host_keys "$1" >/dev/null; }

# Files that make a guest itself: name, identity, keys, apt source, role services.
host_prepare() {
  local name=$1 role=$2 root; root="$(host_dir "$1")/root"
  echo "$name" >"$root/etc/hostname"
  hosts_file >"$root/etc/hosts"
  [[ -s $root/etc/machine-id ]] || tr -d '-' </proc/sys/kernel/random/uuid >"$root/etc/machine-id"
  install -m 0600 "$(host_keys "$name")"/ssh_host_*_key "$root/etc/ssh/"
  install -m 0644 "$(host_keys "$name")"/ssh_host_*_key.pub "$root/etc/ssh/"
  local user home
  for user in root lab core; do
    home=$(awk -F: -v u="$user" '$1 == u { print $6 }' "$root/etc/passwd")
    [[ -n $home ]] || continue
    install -d -m 0700 "$root$home/.ssh"
    install -m 0600 "$LAB_DIR/ssh/id_ed25519.pub" "$root$home/.ssh/authorized_keys"
    chown -R --reference="$root$home" "$root$home/.ssh"
  done
  if [[ -d $root/etc/apt ]]; then
    echo "deb [trusted=yes] http://$LAB_GW:$LAB_REPO_PORT ./" >"$root/etc/apt/sources.list"
    rm -f "$root"/etc/apt/sources.list.d/*
  fi
  [[ $role == flatcar ]] && flatcar_prepare "$root"
  if [[ $role == backend ]]; then
    install -m 0644 "$root/usr/local/lib/hk-backend.service" "$root/etc/systemd/system/hk-backend.service"
    ln -sf ../hk-backend.service "$root/etc/systemd/system/multi-user.target.wants/hk-backend.service"
  fi
}

host_start() {
  local name=$1 variant=$2 d; d=$(host_dir "$1")
  : >"$d/console.log"
  spawn_detached "$d/console.log" "$LAB_SRC/lib/supervisor.sh" "$name" "$variant" >"$d/supervisor.pid"
}

# A recorded PID counts only while it still runs our program (PIDs are reused after a crash).
pid_alive() { [[ -n ${1:-} ]] && grep -qE 'systemd-nspawn|supervisor\.sh' "/proc/$1/cmdline" 2>/dev/null; }
pidfile() { cat "$1" 2>/dev/null || true; }

# Orderly poweroff (SIGTERM makes nspawn send SIGRTMIN+3 to the guest's systemd), then a
# hard kill of whatever is left in the host's cgroup.
host_stop() {
  local name=$1 timeout=${2:-20} d sup nsp deadline pid
  d=$(host_dir "$name"); sup=$(pidfile "$d/supervisor.pid"); nsp=$(pidfile "$d/nspawn.pid")
  touch "$d/stopping"
  if pid_alive "$nsp"; then kill -TERM "$nsp" 2>/dev/null || true; fi
  deadline=$(( SECONDS + timeout ))
  while pid_alive "$sup" && (( SECONDS < deadline )); do sleep 0.1; done
  if pid_alive "$sup" || [[ -n $(cg_pids "lab$LAB_ID/$name") ]]; then
    log "host $name: no clean poweroff within ${timeout}s, killing"
    pid_alive "$sup" && kill -KILL "$sup" 2>/dev/null
    for pid in $(cg_pids "lab$LAB_ID/$name"); do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
  fi
  cg_remove "lab$LAB_ID/$name"
  nspawn_propagate_clean "$LAB_PREFIX$name"
  rm -f "$d/supervisor.pid" "$d/nspawn.pid" "$d/stopping"
}

host_running() {
  local d; d=$(host_dir "$1")
  pid_alive "$(pidfile "$d/nspawn.pid")"
}

# PID (on this machine) of the guest's systemd: nspawn's child.
host_init_pid() {
  local nsp; nsp=$(pidfile "$(host_dir "$1")/nspawn.pid")
  pid_alive "$nsp" || return 1
  local child; child=$(awk '{ print $1 }' "/proc/$nsp/task/$nsp/children" 2>/dev/null)
  [[ -n $child ]] || return 1
  echo "$child"
}

# Proportional memory (PSS, kB) of everything running in a guest.
host_pss_kb() {
  local pid total=0 kb
  for pid in $(cg_pids "lab$LAB_ID/$1/payload"); do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}

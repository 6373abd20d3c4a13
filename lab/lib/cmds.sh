# shellcheck shell=bash
# Subcommands: up, down, reset, status, vip, exec, ssh.

lab_is_up() { [[ -f $HOSTS_TSV ]] && ip link show "$LAB_BRIDGE" >/dev/null 2>&1; }

cmd_up() {
  need_root
  local n="" variant=plain m=0
  while [[ $# -gt 0 ]]; do
    case $1 in
      --prebaked) variant=prebaked ;;
      --plain) variant=plain ;;
      --flatcar) m=${2:?--flatcar needs a count}; shift ;;
      [0-9]*) n=$1 ;;
      *) die "up: unknown argument '$1' (usage: up N [--prebaked] [--flatcar M])" ;;
    esac
    shift
  done
  [[ -n $n ]] || die "up: how many LB hosts? (usage: up N [--prebaked] [--flatcar M])"
  cmd_build
  with_lock "$LAB_DIR.lock" lab_up "$n" "$variant" "$m"
}

# Every guest's systemd and journald take inotify instances from root's one budget (default 128):
# two or three labs side by side exhaust it and guests fail to boot.
raise_inotify_limit() {
  local want=1024 have
  have=$(cat /proc/sys/fs/inotify/max_user_instances)
  if ((have < want)); then
    log "up: fs.inotify.max_user_instances $have -> $want (the guests share root's budget)"
    sysctl -qw fs.inotify.max_user_instances=$want
  fi
}

lab_up() {
  local t0; t0=$(now)
  raise_inotify_limit
  lab_is_up && die "lab $LAB_ID is already up (bridge $LAB_BRIDGE); run 'lab.sh down' first or 'lab.sh reset'"
  # Leftovers of a crashed or interrupted lab (netns, mounts, guests) go first.
  if [[ -n $(ip netns list | grep "^$LAB_PREFIX") || -n $(cg_pids "lab$LAB_ID") ]] \
    || grep -q " $LAB_DIR/hosts/" /proc/mounts; then
    log "up: cleaning leftovers of a previous lab $LAB_ID"
    lab_down 0
  fi
  mkdir -p "$LAB_DIR/hosts"
  hosts_plan "$@"
  client_key
  net_up
  log "up: booting $(hosts_names | tr '\n' ' ')"
  local name
  parallel_each host_keygen $(hosts_names)   # first up only: RSA host keys take ~0.5 s each
  for name in $(hosts_names); do host_boot "$name"; done
  write_outputs
  parallel_each host_wait $(hosts_names)
  log "up: $(hosts_names | wc -l) hosts answer SSH after $(elapsed "$t0") s"
  cmd_summary
}

cmd_down() {
  need_root
  local keep=0
  [[ ${1:-} == --keep ]] && keep=1
  with_lock "$LAB_DIR.lock" lab_down "$keep"
}

lab_down() {
  local t0 name ns mnt; t0=$(now)
  # Everything this lab started, found from the system itself (survives a lost hosts.tsv).
  local names; names=$( { hosts_names; ls "$LAB_DIR/hosts" 2>/dev/null; } | sort -u)
  log "down: stopping ${names//$'\n'/ }"
  KEEP_UPPER=$1 parallel_each host_teardown $names || true
  for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$LAB_PREFIX" || true); do ip netns del "$ns"; done
  for mnt in $(awk -v p="$LAB_DIR/hosts/" 'index($2, p) == 1 { print $2 }' /proc/mounts); do umount -l "$mnt"; done
  cg_remove "lab$LAB_ID"
  rmdir "${CG_ROOTS[@]/%//hklab}" 2>/dev/null || true   # only when no other lab uses it
  net_down
  rm -f "$HOSTS_TSV"
  remove_outputs
  log "down: done in $(elapsed "$t0") s"
}

# Hosts to reset: the named ones, else every LB and flatcar host plus any backend that is not serving.
reset_targets() {
  if [[ $# -gt 0 ]]; then printf '%s\n' "$@"; return; fi
  awk -F'\t' '$2 == "lb" || $2 == "flatcar" { print $1 }' "$HOSTS_TSV"
  local be
  for be in $(awk -F'\t' '$2 == "backend" { print $1 }' "$HOSTS_TSV"); do
    curl -s -m 2 "http://$(host_addr "$be"):80/" | grep -q "^$be:80 " || echo "$be"
  done
}

cmd_reset() {
  need_root
  local variant="" hosts=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --prebaked) variant=prebaked ;;
      --plain) variant=plain ;;
      -*) die "reset: unknown option '$1'" ;;
      *) hosts+=("$1") ;;
    esac
    shift
  done
  with_lock "$LAB_DIR.lock" lab_reset "$variant" "${hosts[@]}"
}

lab_reset() {
  local variant=$1 t0 name targets; shift; t0=$(now)
  lab_is_up || die "lab $LAB_ID is not up"
  targets=$(reset_targets "$@")
  for name in $targets; do
    host_exists "$name" || die "reset: no host '$name' in lab $LAB_ID"
    if [[ -n $variant && $(host_role "$name") == lb ]]; then host_set_variant "$name" "$variant"; fi
  done
  log "reset: ${targets//$'\n'/ }${variant:+ (variant $variant)}"
  KEEP_UPPER=0 parallel_each host_teardown $targets
  for name in $targets; do host_boot "$name"; done
  write_lab_json
  parallel_each host_wait $targets
  log "reset: done in $(elapsed "$t0") s"
}

cmd_summary() {
  local name
  printf '%-5s %-8s %-9s %-13s %s\n' HOST ROLE VARIANT ADDRESS NETNS
  for name in $(hosts_names); do
    printf '%-5s %-8s %-9s %-13s %s\n' "$name" "$(host_role "$name")" "$(host_variant "$name")" \
      "$(host_addr "$name")" "$LAB_PREFIX$name"
  done
  echo "VIPs: api $LAB_NET.100/24 (vrid 51), ingress $LAB_NET.101/24 (vrid 52)"
  echo "inventory: $OUT_DIR/inventory.yaml   lab.json: $OUT_DIR/lab.json"
  echo "ssh: ssh -i $SSH_KEY -o UserKnownHostsFile=$KNOWN_HOSTS root@$LAB_NET.11   (or: lab/lab.sh ssh lb1)"
}

cmd_status() {
  if ! lab_is_up; then echo "lab $LAB_ID: down"; return 0; fi
  echo "lab $LAB_ID: up (bridge $LAB_BRIDGE $LAB_GW, subnet $LAB_SUBNET)"
  local name state
  printf '%-5s %-8s %-9s %-13s %-8s %-9s %s\n' HOST ROLE VARIANT ADDRESS STATE SYSTEMD PSS
  for name in $(hosts_names); do
    state=stopped; local sys=- pss=-
    if host_running "$name"; then
      state=running
      sys=$(guest_exec "$name" systemctl is-system-running 2>/dev/null || true)
      pss="$(( $(host_pss_kb "$name") / 1024 )) MB"
    fi
    printf '%-5s %-8s %-9s %-13s %-8s %-9s %s\n' "$name" "$(host_role "$name")" "$(host_variant "$name")" \
      "$(host_addr "$name")" "$state" "${sys:--}" "$pss"
  done
  cmd_vip
}

# Which hosts carry each VIP on eth0 (read from their netns on this machine).
vip_holders() {
  local vip=$1 name holders=()
  for name in $(lb_names) $(awk -F'\t' '$2 == "flatcar" { print $1 }' "$HOSTS_TSV"); do
    [[ -e /run/netns/$LAB_PREFIX$name ]] || continue
    if ip -n "$LAB_PREFIX$name" -o -4 addr show dev eth0 2>/dev/null | grep -q " $vip/"; then holders+=("$name"); fi
  done
  echo "${holders[*]:-none}"
}

cmd_vip() {
  lab_is_up || die "lab $LAB_ID is not up"
  echo "api     $LAB_NET.100: $(vip_holders "$LAB_NET.100")"
  echo "ingress $LAB_NET.101: $(vip_holders "$LAB_NET.101")"
}

# Run a command inside a guest (all its namespaces), with a clean root environment.
guest_exec() {
  local name=$1 pid; shift
  pid=$(host_init_pid "$name") || die "host $name is not running"
  nsenter -t "$pid" -a -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" "$@"
}

cmd_exec() {
  need_root
  local name=${1:?usage: exec HOST -- CMD...}; shift
  [[ ${1:-} == -- ]] && shift
  [[ $# -gt 0 ]] || set -- /bin/bash -l
  host_exists "$name" || die "no host '$name' in lab $LAB_ID"
  guest_exec "$name" "$@"
}

cmd_ssh() {
  local name=${1:?usage: ssh HOST [CMD...]} user=root; shift
  host_exists "$name" || die "no host '$name' in lab $LAB_ID"
  [[ $(host_role "$name") == flatcar ]] && user=core
  exec ssh -i "$SSH_KEY" -o UserKnownHostsFile="$KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
    -o IdentitiesOnly=yes -o BatchMode=yes "${SSH_USER:-$user}@$(host_addr "$name")" "$@"
}

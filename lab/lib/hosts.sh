# shellcheck shell=bash
# The lab's host table ($LAB_DIR/hosts.tsv: name role variant address) and parallel helpers.

HOSTS_TSV="$LAB_DIR/hosts.tsv"
PRIORITIES=(150 100 50 40 30 20 10 5)   # lb1..lb8; the track weight (-60) exceeds every gap

hosts_plan() {
  local n=$1 variant=$2 m=$3 i
  (( n >= 1 && n <= 8 )) || die "up: 1..8 LB hosts (got $n)"
  (( m >= 0 && m <= 9 )) || die "up: 0..9 flatcar hosts (got $m)"
  {
    for (( i = 1; i <= n; i++ )); do printf 'lb%d\tlb\t%s\t%s.%d\n' "$i" "$variant" "$LAB_NET" $(( 10 + i )); done
    for (( i = 1; i <= m; i++ )); do printf 'fc%d\tflatcar\tflatcar\t%s.%d\n' "$i" "$LAB_NET" $(( 20 + i )); done
    printf 'be1\tbackend\tbackend\t%s.31\nbe2\tbackend\tbackend\t%s.32\n' "$LAB_NET" "$LAB_NET"
  } >"$HOSTS_TSV"
}

hosts_names() { [[ -f $HOSTS_TSV ]] && cut -f1 "$HOSTS_TSV"; }
host_field() { awk -F'\t' -v n="$1" -v f="$2" '$1 == n { print $f }' "$HOSTS_TSV"; }
host_role() { host_field "$1" 2; }
host_variant() { host_field "$1" 3; }
host_addr() { host_field "$1" 4; }
host_exists() { [[ -f $HOSTS_TSV ]] && [[ -n $(host_field "$1" 1) ]]; }
host_set_variant() {
  awk -F'\t' -v OFS='\t' -v n="$1" -v v="$2" '$1 == n { $3 = v } { print }' "$HOSTS_TSV" >"$HOSTS_TSV.new"
  mv "$HOSTS_TSV.new" "$HOSTS_TSV"
}

hosts_file() {
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
  awk -F'\t' '{ print $4 "\t" $1 }' "$HOSTS_TSV"
}

# Run FUNC NAME for every NAME in parallel; fail if any failed.
parallel_each() {
  local fn=$1 name pids=() rc=0 pid; shift
  for name in "$@"; do "$fn" "$name" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return $rc
}

# Boot one host from whatever its upper dir holds (fresh when wiped).
host_boot() {
  local name=$1
  host_net_up "$name" "$(host_addr "$name")"
  host_mount "$name" "$(host_variant "$name")"
  host_prepare "$name" "$(host_role "$name")"
  host_start "$name" "$(host_variant "$name")"
}

host_wait() {
  local name=$1 addr t0; addr=$(host_addr "$name"); t0=$(now)
  wait_banner "$addr" 120 || die "host $name ($addr): no SSH banner after 120 s; see $(host_dir "$name")/console.log"
  # Settled boot too, so tests never see units still "activating" on a pristine host.
  local state; state=$(timeout 60 "$LAB_SRC/lab.sh" exec "$name" -- systemctl is-system-running --wait 2>/dev/null || true)
  [[ $state == running || $state == degraded ]] || log "host $name: system state '$state' after boot"
  log "host $name: up ($state) after $(elapsed "$t0") s"
}

# Stop, unmount, drop the netns; wipe the upper dir unless KEEP_UPPER=1.
host_teardown() {
  local name=$1 d t0; d=$(host_dir "$1"); t0=$(now)
  host_stop "$name"
  host_umount "$name"
  host_net_down "$name"
  if [[ ${KEEP_UPPER:-0} != 1 ]]; then
    rm -rf "$d/upper" "$d/work" "$d/root" "$d/variant"
    [[ -f $d/console.log ]] && mv "$d/console.log" "$d/console.prev.log"   # for post-mortems
  fi
  log "host $name: stopped in $(elapsed "$t0") s"
}

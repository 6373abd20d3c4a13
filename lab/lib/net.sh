# shellcheck shell=bash
# Network plumbing on this machine: one bridge per lab, one netns + veth per host, the
# unreachable guard route and the local apt repo server. Everything here is undone by net_down.

# Locally administered MAC from the lab id and the last octet: 02:88:0ID:00:00:XX.
lab_mac() { printf '02:88:%02x:00:00:%02x' "$LAB_ID" "${1##*.}"; }

net_up() {
  if ! ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    log "net: bridge $LAB_BRIDGE $LAB_GW/24"
    # A fixed MAC: a bridge otherwise takes its lowest port's MAC, which changes as hosts come and go.
    ip link add "$LAB_BRIDGE" address "$(lab_mac "$LAB_GW")" type bridge
    echo "$LAB_BRIDGE" >"$LAB_DIR/created-bridge"
  fi
  ip addr replace "$LAB_GW/24" dev "$LAB_BRIDGE"
  ip link set "$LAB_BRIDGE" up
  # This VM's default route completes any TCP handshake: make lab addresses without a bridge fail fast.
  if ! ip route show table main | grep -q "^unreachable $LAB_UNREACHABLE .*metric $LAB_UNREACHABLE_METRIC"; then
    ip route replace unreachable "$LAB_UNREACHABLE" metric "$LAB_UNREACHABLE_METRIC"
  fi
  repo_server_start
}

net_down() {
  repo_server_stop
  if [[ -f $LAB_DIR/created-bridge ]] || ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    ip link del "$LAB_BRIDGE" 2>/dev/null || true
    rm -f "$LAB_DIR/created-bridge"
  fi
  # The guard route is shared by all labs: drop it with the last bridge.
  if ! ip -br link show type bridge | grep -q '^hkbr[0-9]'; then
    ip route del unreachable "$LAB_UNREACHABLE" metric "$LAB_UNREACHABLE_METRIC" 2>/dev/null || true
  fi
}

# Fresh netns for a host: a reset also resets its per-netns sysctls (ip_nonlocal_bind) and VIPs.
host_net_up() {
  local name=$1 addr=$2 ns="$LAB_PREFIX$1"
  host_net_down "$name"
  ip netns add "$ns"
  # Stable MAC per address: neighbours' ARP caches stay right across resets (else ~40 s of silence).
  ip link add "$ns" type veth peer name eth0 address "$(lab_mac "$addr")" netns "$ns"
  ip neigh flush to "$addr" dev "$LAB_BRIDGE" 2>/dev/null || true
  ip link set "$ns" master "$LAB_BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
}

host_net_down() {
  local ns="$LAB_PREFIX$1"
  ip link del "$ns" 2>/dev/null || true
  if [[ -e /run/netns/$ns ]]; then ip netns del "$ns"; fi
}

# The flat apt repo, served on the bridge address only.
repo_server_start() {
  local pidf="$LAB_DIR/repo-server.pid"
  if [[ -f $pidf ]] && kill -0 "$(cat "$pidf")" 2>/dev/null; then return 0; fi
  : >"$LAB_DIR/repo-server.log"
  spawn_detached "$LAB_DIR/repo-server.log" \
    /usr/bin/python3 -m http.server --bind "$LAB_GW" --directory "$REPO" "$LAB_REPO_PORT" >"$pidf"
}

repo_server_stop() {
  local pidf="$LAB_DIR/repo-server.pid" pid
  [[ -f $pidf ]] || return 0
  pid=$(cat "$pidf")
  # Only our own server: check the command line before signalling the recorded PID.
  if grep -q 'http.server' "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  rm -f "$pidf"
}

# Wait until TCP 22 answers with an SSH banner (a bare connect proves nothing on this VM).
wait_banner() {
  local addr=$1 deadline=$(( SECONDS + ${2:-90} )) banner
  while (( SECONDS < deadline )); do
    banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/$addr/22 && head -c 4 <&3" 2>/dev/null || true)
    [[ $banner == SSH- ]] && return 0
    sleep 0.2
  done
  return 1
}

# shellcheck shell=bash
# A jump host for a running lab, on demand: `bastion up` boots bh1 (plain Debian, $LAB_NET.5) and
# an operator namespace hkN-op ($LAB_NET.4/32) whose only route is to bh1, so from hkN-op the
# load balancers can be reached only through the bastion (ProxyJump). `bastion down` removes
# both; `down` removes them with the rest of the lab.

BASTION=bh1
BASTION_ADDR="$LAB_NET.5"
OPERATOR_ADDR="$LAB_NET.4"
OPERATOR_NS="${LAB_PREFIX}op"

cmd_bastion() {
  need_root
  case ${1:-} in
    up) with_lock "$LAB_DIR.lock" bastion_up ;;
    down) with_lock "$LAB_DIR.lock" bastion_down ;;
    *) die "usage: bastion up|down" ;;
  esac
}

bastion_up() {
  local t0; t0=$(now)
  lab_is_up || die "lab $LAB_ID is not up"
  if ! host_exists "$BASTION"; then
    printf '%s\tbastion\tplain\t%s\n' "$BASTION" "$BASTION_ADDR" >>"$HOSTS_TSV"
  fi
  host_keygen "$BASTION"
  host_running "$BASTION" || host_boot "$BASTION"
  operator_net_up
  write_known_hosts
  write_lab_json
  host_wait "$BASTION"
  log "bastion: $BASTION $BASTION_ADDR up; operator netns $OPERATOR_NS ($OPERATOR_ADDR) reaches only it; $(elapsed "$t0") s"
}

bastion_down() {
  host_exists "$BASTION" || { log "bastion: not up"; return 0; }
  host_teardown "$BASTION"
  host_net_down op
  awk -F'\t' -v n="$BASTION" '$1 != n' "$HOSTS_TSV" >"$HOSTS_TSV.new"
  mv "$HOSTS_TSV.new" "$HOSTS_TSV"
  write_known_hosts
  write_lab_json
}

# A netns on the bridge with a /32 address and one host route: the bastion, nothing else.
operator_net_up() {
  host_net_up op "$OPERATOR_ADDR"
  ip -n "$OPERATOR_NS" addr flush dev eth0
  ip -n "$OPERATOR_NS" addr add "$OPERATOR_ADDR/32" dev eth0
  ip -n "$OPERATOR_NS" route add "$BASTION_ADDR/32" dev eth0
}

# shellcheck shell=bash
# Files other tools read: the haka inventory, lab.json, known_hosts, the client key and secrets.

SSH_KEY="$LAB_DIR/ssh/id_ed25519"
KNOWN_HOSTS="$LAB_DIR/ssh/known_hosts"

client_key() {
  [[ -f $SSH_KEY ]] && return 0
  mkdir -p "$(dirname "$SSH_KEY")"
  ssh-keygen -q -t ed25519 -N '' -C "hklab$LAB_ID" -f "$SSH_KEY"
}

# Strict host key checking works against this file (host keys are stable per host).
write_known_hosts() {
  local name
  : >"$KNOWN_HOSTS.new"
  for name in $(hosts_names); do
    awk -v a="$(host_addr "$name")" '{ print a, $1, $2 }' "$(host_keys "$name")"/ssh_host_*_key.pub >>"$KNOWN_HOSTS.new"
  done
  mv "$KNOWN_HOSTS.new" "$KNOWN_HOSTS"
}

secret_file() {
  local f="$OUT_DIR/secrets/$1"
  [[ -s $f ]] && return 0
  mkdir -p "$OUT_DIR/secrets"; chmod 0700 "$OUT_DIR/secrets"
  local v; v=$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  (umask 077; printf '%s' "${v:0:$2}" >"$f")
  chmod 0600 "$f"
}

lb_names() { awk -F'\t' '$2 == "lb" { print $1 }' "$HOSTS_TSV"; }
lb_priority() { echo "${PRIORITIES[$(( ${1#lb} - 1 ))]}"; }

write_inventory() {
  local name p be1 be2
  be1=$(host_addr be1); be2=$(host_addr be2)
  {
    echo "# Written by lab/lab.sh up (LAB_ID=$LAB_ID). Regenerated on every up; do not edit."
    echo "cluster: haka-lab"
    echo "ssh:"
    echo "  user: root"
    echo "  identityFile: $SSH_KEY"
    echo "  knownHostsFile: $KNOWN_HOSTS"
    echo "hosts:"
    for name in $(lb_names); do
      p=$(lb_priority "$name")
      echo "  $name:"
      echo "    address: $(host_addr "$name")"
      echo "    priority: { api: $p, ingress: $p }"
    done
    echo "vips:"
    echo "  api:"
    echo "    address: $LAB_NET.100/24"
    echo "    virtualRouterId: 51"
    echo "    intendedHolder: lb1"
    echo "    ports: [6443]"
    echo "    check: tcp"
    echo "    backends: { be1: $be1, be2: $be2 }"
    echo "  ingress:"
    echo "    address: $LAB_NET.101/24"
    echo "    virtualRouterId: 52"
    echo "    ports: [80, 443]"
    echo "    check: tcp"
    echo "    backends: { be1: $be1, be2: $be2 }"
    echo "keepalived:"
    echo "  authPass: file:secrets/vrrp-auth"
    echo "  advertInt: 1"
    echo "  track: { interval: 1, fall: 2, rise: 2, weight: -60 }"
    echo "haproxy:"
    echo "  stats: { bind: \"127.0.0.1:8404\", user: admin, password: file:secrets/stats-password }"
  } >"$OUT_DIR/inventory.yaml"
}

host_users() {
  case $1 in
    flatcar) echo '["core", "root"]' ;;
    *) echo '["root", "lab"]' ;;
  esac
}

write_lab_json() {
  local name first=1
  {
    printf '{\n  "labId": %d,\n  "bridge": "%s",\n  "subnet": "%s",\n  "gateway": "%s",\n' \
      "$LAB_ID" "$LAB_BRIDGE" "$LAB_SUBNET" "$LAB_GW"
    printf '  "aptRepo": "http://%s:%d",\n  "stateDir": "%s",\n' "$LAB_GW" "$LAB_REPO_PORT" "$LAB_DIR"
    printf '  "sshKey": "%s",\n  "knownHosts": "%s",\n  "inventory": "%s",\n' \
      "$SSH_KEY" "$KNOWN_HOSTS" "$OUT_DIR/inventory.yaml"
    printf '  "hosts": [\n'
    for name in $(hosts_names); do
      (( first )) || printf ',\n'; first=0
      printf '    { "name": "%s", "role": "%s", "address": "%s", "netns": "%s", "variant": "%s", "users": %s }' \
        "$name" "$(host_role "$name")" "$(host_addr "$name")" "$LAB_PREFIX$name" "$(host_variant "$name")" \
        "$(host_users "$(host_role "$name")")"
    done
    printf '\n  ],\n  "vips": {\n'
    printf '    "api": { "address": "%s.100", "prefix": 24, "virtualRouterId": 51, "ports": [6443] },\n' "$LAB_NET"
    printf '    "ingress": { "address": "%s.101", "prefix": 24, "virtualRouterId": 52, "ports": [80, 443] }\n' "$LAB_NET"
    printf '  }\n}\n'
  } >"$OUT_DIR/lab.json.new"
  mv "$OUT_DIR/lab.json.new" "$OUT_DIR/lab.json"
}

write_outputs() {
  mkdir -p "$OUT_DIR"
  secret_file vrrp-auth 8
  secret_file stats-password 20
  write_known_hosts
  write_inventory
  write_flatcar_inventory
  write_lab_json
}

remove_outputs() { rm -f "$OUT_DIR/inventory.yaml" "$OUT_DIR/inventory-flatcar.yaml" "$OUT_DIR/lab.json"; }

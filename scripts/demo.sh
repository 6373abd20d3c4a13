#!/usr/bin/env bash
# `make demo`: haka's main job on the built-in lab. Brings up 3 fresh Debian LB hosts and two
# backends (lab/lab.sh), runs `haka check --diff` then `haka install`, and shows which host holds
# each VIP and that a request through each VIP reaches a backend. Leaves the lab up.
# `make demo-flatcar` (DEMO_FLATCAR=1): the same on three Flatcar-like hosts, with HAProxy and
# Keepalived as system extension images (lab/lab.sh sysext).
set -euo pipefail
cd "$(dirname "$0")/.."
lab=lab/lab.sh
inv=.lab/inventory.yaml
flatcar=${DEMO_FLATCAR:-0}
[[ $flatcar == 1 ]] && inv=.lab/inventory-flatcar.yaml
haka() { node dist/src/cli.js "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [[ $flatcar == 1 ]]; then
  $lab sysext
  [[ -e /sys/class/net/hkbr0 ]] && { step "taking the lab down to bring it up with 3 Flatcar-like hosts"; $lab down; }
  step "bringing up the lab: 3 Flatcar-like hosts (+ lb1, unused) + 2 backends"
  $lab up 1 --flatcar 3
elif [[ -e /sys/class/net/hkbr0 && -f .lab/lab.json ]]; then
  step "lab is up: resetting its LB hosts to fresh Debian 12"
  $lab reset --plain
else
  step "bringing up the lab: 3 LB hosts + 2 backends"
  $lab up 3
fi

step "haka lint -i $inv   (schema + preflight, no connection)"
haka lint -i "$inv"

step "haka check --diff -i $inv   (exit 2 = drift: fresh hosts, everything to do)"
rc=0; haka check --diff -i "$inv" || rc=$?
[[ $rc -eq 2 ]] || { echo "demo: expected drift (exit 2) from check, got $rc" >&2; exit 1; }

step "haka install --yes -i $inv"
haka install --yes -i "$inv"

step "haka check -i $inv   (a second look: in sync, exit 0)"
haka check -i "$inv"

step "who holds each VIP"
$lab vip

step "requests through each VIP"
api=$(node -p "JSON.parse(require('fs').readFileSync('.lab/lab.json','utf8')).vips.api.address")
ingress=$(node -p "JSON.parse(require('fs').readFileSync('.lab/lab.json','utf8')).vips.ingress.address")
echo "ingress http://$ingress:80/      -> $(curl -sS -m 5 "http://$ingress:80/")"
echo "ingress      $ingress:443 (tcp) -> $(curl -sS -m 5 "http://$ingress:443/")"
echo "api    https://$api:6443/readyz -> $(curl -sSk -m 5 "https://$api:6443/readyz") (401 to anonymous, like K3s)"

step "done"
echo "The lab stays up: try 'lab/lab.sh status', 'lab/lab.sh ssh lb1', or 'node dist/src/cli.js check --diff -i $inv'."
echo "Tear it down with: make lab-down"

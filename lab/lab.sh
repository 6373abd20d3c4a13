#!/bin/bash
# haka lab: real Debian 12 hosts (systemd-nspawn + overlayfs + netns on a bridge) on this machine.
# Usage: lab/lab.sh build | sysext | up N [--prebaked] [--flatcar M] | down [--keep] | reset [--prebaked|--plain] [HOST...]
#        | status | vip | exec HOST -- CMD... | ssh HOST [CMD...] | bastion up|down   (env LAB_ID=0..9)
set -euo pipefail
LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
for f in common build sysext flatcar net host hosts inventory cmds bastion; do
  # shellcheck source=/dev/null
  source "$LIB/$f.sh"
done

usage() { sed -n '3,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd=${1:-}; [[ $# -gt 0 ]] && shift
case $cmd in
  build) cmd_build "$@" ;;
  sysext) cmd_sysext "$@" ;;
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  reset) cmd_reset "$@" ;;
  status) cmd_status "$@" ;;
  vip) cmd_vip "$@" ;;
  exec) cmd_exec "$@" ;;
  ssh) cmd_ssh "$@" ;;
  bastion) cmd_bastion "$@" ;;
  *) usage ;;
esac

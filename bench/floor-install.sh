#!/bin/bash
# The raw-SSH floor for installs and changes: one plain ssh per host, all hosts at once, no checks,
# no validation, no health gates. It reaches the same end state as `haka install` by unpacking
# the files haka installed on that host (captured by the benchmark) and (re)starting the services.
# Usage: bench/floor-install.sh install|change KEY KNOWN_HOSTS USER DIR HOST...
#   DIR/HOST.tar holds the host's files (paths from /); install: packages (apt-get update only when
#   they are missing), script user, live sysctl, enable + restart; change: reload both services.
set -euo pipefail
mode=$1 key=$2 known=$3 user=$4 dir=$5; shift 5
case $mode in
  install)
    remote='set -e
export DEBIAN_FRONTEND=noninteractive
dpkg-query -W -f="\${Status}\n" haproxy keepalived socat 2>/dev/null | grep -c "ok installed" | grep -qx 3 ||
  { apt-get update -q >/dev/null && apt-get install -y -q haproxy keepalived socat >/dev/null; }
id keepalived_script >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin keepalived_script
tar -x -C / -f -
sysctl -q -w net.ipv4.ip_nonlocal_bind=1
systemctl daemon-reload
systemctl enable -q haproxy keepalived
systemctl restart haproxy keepalived' ;;
  change) remote='set -e; tar -x -C / -f -; systemctl reload haproxy keepalived' ;;
  *) echo "usage: $0 install|change KEY KNOWN_HOSTS USER DIR HOST..." >&2; exit 2 ;;
esac
pids=()
for host in "$@"; do
  ssh -q -i "$key" -o UserKnownHostsFile="$known" -o StrictHostKeyChecking=yes -o BatchMode=yes \
    "$user@$host" "$remote" <"$dir/$host.tar" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc

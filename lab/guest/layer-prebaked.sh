#!/bin/bash
# Runs inside an overlay over the base rootfs (nspawn, no network): haproxy + keepalived + socat
# installed from the local repo (/repo), without starting anything.
set -euo pipefail
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 0755 /usr/sbin/policy-rc.d
echo 'deb [trusted=yes] file:/repo ./' >/etc/apt/sources.list
apt-get -q update >/dev/null
apt-get -q -y install haproxy keepalived socat >/dev/null
rm -f /usr/sbin/policy-rc.d
apt-get clean
rm -rf /var/lib/apt/lists/* /var/log/*.log /var/log/apt

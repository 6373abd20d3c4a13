#!/bin/bash
# Runs inside the fresh base rootfs (nspawn, no network): what every lab host shares.
set -euo pipefail

# A non-root user with passwordless sudo, to exercise become/sudo paths.
id lab >/dev/null 2>&1 || useradd -m -s /bin/bash lab
echo 'lab ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/lab
chmod 0440 /etc/sudoers.d/lab
passwd -d root >/dev/null; passwd -l root >/dev/null   # key login only

# sshd: keys only; host keys are per host, written at `up`.
rm -f /etc/ssh/ssh_host_*
cat >/etc/ssh/sshd_config.d/10-hklab.conf <<'CONF'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
CONF

# Unique machine-id per host: systemd would otherwise copy dbus's shared id.
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -s /etc/machine-id /var/lib/dbus/machine-id

# Only net.* sysctls are writable in the guests: keep the net.* lines of Debian's defaults and
# mask the rest, so `sysctl --system` (and systemd-sysctl) succeed.
if [[ -f /usr/lib/sysctl.d/50-default.conf ]]; then
  grep -E '^\s*-?net\.' /usr/lib/sysctl.d/50-default.conf >/etc/sysctl.d/50-default.conf || true
fi
for f in /usr/lib/sysctl.d/*.conf; do
  b=$(basename "$f")
  [[ -e /etc/sysctl.d/$b ]] && continue
  grep -qE '^\s*-?(kernel|fs|vm|user|dev)\.' "$f" && ln -s /dev/null "/etc/sysctl.d/$b"
done

# Quiet, deterministic guests: no background apt/dpkg work that could hold locks during tests.
for u in apt-daily.timer apt-daily-upgrade.timer apt-daily.service apt-daily-upgrade.service \
  dpkg-db-backup.timer e2scrub_all.timer fstrim.timer man-db.timer \
  systemd-networkd-wait-online.service; do
  ln -sf /dev/null "/etc/systemd/system/$u"
done

# Journal in memory: keeps per-host upper dirs small and resets clean.
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' >/etc/systemd/journald.conf.d/10-hklab.conf

apt-get clean
rm -rf /var/lib/apt/lists/* /var/log/*.log

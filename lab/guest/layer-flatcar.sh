#!/bin/bash
# Runs inside an overlay over the base rootfs (nspawn, no network): a Flatcar-like host.
# Removed files become overlay whiteouts in the layer. /usr is made read-only at boot.
set -euo pipefail

# /etc/os-release is a symlink to ../usr/lib/os-release, as on Flatcar.
cat >/usr/lib/os-release <<'OS'
NAME="Flatcar Container Linux by Kinvolk"
ID=flatcar
ID_LIKE=coreos
VERSION=3975.2.0
VERSION_ID=3975.2.0
BUILD_ID=2024-08-05-2103
SYSEXT_LEVEL=1.0
PRETTY_NAME="Flatcar Container Linux by Kinvolk 3975.2.0 (Oklo)"
ANSI_COLOR="38;5;75"
HOME_URL="https://flatcar.org/"
BUG_REPORT_URL="https://issues.flatcar.org"
FLATCAR_BOARD="amd64-usr"
CPE_NAME="cpe:2.3:o:flatcar-linux:flatcar_linux:3975.2.0:*:*:*:*:*:*:*"
OS
ln -sf ../usr/lib/os-release /etc/os-release

# The `core` user with passwordless sudo; the Debian `lab` user does not exist on Flatcar.
useradd -m -s /bin/bash -G sudo core
echo 'core ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/core
chmod 0440 /etc/sudoers.d/core
userdel -r lab 2>/dev/null || true
rm -f /etc/sudoers.d/lab

# No package manager and no Python, like the real thing.
rm -rf /usr/bin/apt /usr/bin/apt-get /usr/bin/apt-cache /usr/bin/apt-config /usr/bin/apt-mark \
  /usr/bin/apt-key /usr/bin/dpkg /usr/bin/dpkg-deb /usr/bin/dpkg-query /usr/bin/dpkg-divert \
  /usr/bin/dpkg-split /usr/bin/dpkg-trigger /usr/bin/dpkg-statoverride /usr/bin/dpkg-maintscript-helper \
  /usr/bin/dnf /usr/bin/yum /usr/bin/python3 /usr/bin/python3.11 /usr/bin/pydoc3 /usr/bin/pydoc3.11 \
  /var/lib/dpkg /var/lib/apt /var/cache/apt /etc/apt

# Flatcar's writable places for extra binaries and system extensions.
mkdir -p /opt/bin /etc/extensions /var/lib/extensions
# shellcheck disable=SC2016  # $PATH expands at login, not here
echo 'PATH="/opt/bin:$PATH"' >/etc/profile.d/opt-bin.sh
systemctl enable systemd-sysext.service 2>/dev/null   # merges /var/lib/extensions at boot, as on Flatcar

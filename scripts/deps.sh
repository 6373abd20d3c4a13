#!/usr/bin/env bash
# Everything the build, the tests and the demo need on a fresh Debian 12 machine (run as root):
# Debian packages (lab tooling; haproxy/keepalived/socat whose real binaries validate rendered
# configs in unit tests; squashfs-tools, which builds the lab's .raw system extension images and
# lets haka read the extension-release inside a .raw image), then the npm dependencies
# (scripts/npm-deps.sh). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "deps: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root (the lab needs namespaces, mounts and apt)"

pkgs=(debootstrap systemd-container iproute2 util-linux openssh-client curl xz-utils python3 openssl
      haproxy keepalived socat make squashfs-tools)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
  echo "deps: apt-get install ${missing[*]}"
  apt-get update -q
  # haproxy/keepalived are needed here only as config validators: keep their services from
  # starting on this machine while installing (policy-rc.d 101 = "action forbidden").
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; own_policy=1; fi
  trap '[[ $own_policy -eq 1 ]] && rm -f "$policy"' EXIT
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  echo "deps: Debian packages present (${pkgs[*]})"
fi

scripts/npm-deps.sh

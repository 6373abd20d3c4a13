#!/usr/bin/env bash
# The operator's install path, tested: `npm pack` → `npm install -g` into a temporary prefix →
# `haka --version`, `haka --help`, `haka lint` on the shipped inventory, `haka import` and `haka check -F`, run from a folder
# outside the repository. Lint runs without a network (unshare -n): it must connect to nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
fail() { echo "pack-test: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(node -p 'require("./package.json").version')

npm pack --silent --pack-destination "$tmp" >/dev/null
tarball=$tmp/haka-$version.tgz
[[ -f $tarball ]] || fail "npm pack made no $tarball"
contents=$(tar -tzf "$tarball")
for want in package/bin/haka package/dist/src/cli.js package/dist/tasks/templates.js \
            package/templates/haproxy.cfg.hbs package/inventory.yaml package/README.md \
            package/docs/inventory.md; do
  grep -qx "$want" <<<"$contents" || fail "$want is not in the tarball"
done
if grep -E '^package/(src|test|lab|bench|fixtures|node_modules)/|\.ts$|\.map$' <<<"$contents"; then
  fail "the tarball holds sources, tests or the lab (above)"
fi
echo "pack-test: $(wc -l <<<"$contents") files in $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

prefix=$tmp/prefix
# --ignore-scripts: ssh2's optional native add-ons are not needed (and building them waits on
# downloads this machine cannot make); README says the same to operators.
npm install --global --prefix "$prefix" --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error "$tarball"
installed=$prefix/lib/node_modules/haka
for dev in typescript vitest eslint tsx; do
  [[ ! -e $installed/node_modules/$dev ]] || fail "development dependency $dev was installed"
done

mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
export PATH="$prefix/bin:$PATH"
[[ $(command -v haka) == "$prefix/bin/haka" ]] || fail "haka is not the installed one: $(command -v haka)"

got=$(haka --version)
[[ $got == "$version" ]] || fail "haka --version printed '$got', expected $version"
help=$(haka --help)
for cmd in lint check install uninstall rollback import; do
  grep -qE "^  $cmd( |$)" <<<"$help" || fail "haka --help does not list $cmd"
done

# As root `unshare -n` is enough; elsewhere a user namespace grants it.
netns=(unshare -n)
(( $(id -u) == 0 )) || netns=(unshare -rn)
rc=0
out=$("${netns[@]}" "$prefix/bin/haka" lint -i "$installed/inventory.yaml" 2>&1) || rc=$?
(( rc == 1 )) || fail "haka lint on the shipped inventory exited $rc (expected 1: its known problems)"$'\n'"$out"
grep -q 'priority [0-9]* (line [0-9]*) is the lowest' <<<"$out" || fail "lint did not report the principal's lowest priority"$'\n'"$out"
grep -q 'outside the subnet of loadbalancer1' <<<"$out" || fail "lint did not report the two subnets"$'\n'"$out"

# haka import (an Ansible repository → inventory.yaml), then ssh_config read through the packed
# ssh-config dependency: its ProxyCommand is refused before any connection (no network here).
ans=$tmp/ansible
mkdir -p "$ans/inventory" "$ans/host_vars"
printf '[haproxy_keepalived]\n127.0.0.11\n127.0.0.12\n\n[masters]\n127.0.1.21\n\n[workers]\n127.0.1.24\n' >"$ans/inventory/hosts.ini"
printf 'keepalived_priority_api: 120\nkeepalived_priority_ingress: 120\n' >"$ans/host_vars/127.0.0.11.yml"
printf 'keepalived_priority_api: 100\nkeepalived_priority_ingress: 100\n' >"$ans/host_vars/127.0.0.12.yml"
out=$("${netns[@]}" "$prefix/bin/haka" import "$ans" --name 127.0.0.11=lb1 --name 127.0.0.12=lb2 \
  --api-vip 127.0.0.100/8 --ingress-vip 127.0.0.101/8 --principal lb1 -o imported.yaml 2>&1) \
  || fail "haka import failed"$'\n'"$out"
grep -q 'lint of .*imported.yaml: 0 error' <<<"$out" || fail "the imported inventory was not linted clean"$'\n'"$out"
printf 'Host 127.0.0.11\n  ProxyCommand nc %%h %%p\n' >ssh_config
rc=0
out=$(HAKA_VRRP_AUTH=pack1234 "${netns[@]}" "$prefix/bin/haka" check -i imported.yaml -F ssh_config 2>&1) || rc=$?
(( rc == 1 )) && grep -q 'ProxyCommand is set for 127.0.0.11 and haka cannot run it' <<<"$out" \
  || fail "haka check -F did not read the ssh_config (exit $rc)"$'\n'"$out"

echo "pack-test: installed $version into a temporary prefix; --version, --help, lint, import and check -F (no network) from $PWD: ok"

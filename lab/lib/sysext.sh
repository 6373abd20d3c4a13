# shellcheck shell=bash
# `lab.sh sysext`: systemd-sysext images of haproxy, keepalived and socat for the Flatcar-like
# hosts, built from the Debian packages of the local repo (the lab's Flatcar-like hosts share the
# Debian rootfs's libraries, so an image holds its package plus the dependencies the rootfs lacks).
# Each component yields two images with the same tree:
#   NAME-VERSION-x86-64.tar  a directory image, packed (the lab hosts merge directories only:
#                            they have no loop devices)
#   NAME-VERSION-x86-64.raw  a squashfs image, as Flatcar's sysext-bakery ships them
# plus images.json (name, version, arch, file, sha256 of each) for tests and the demo, and
# images.tsv (name, version, base name) for lab.sh itself.
# Output: $HKLAB_STATE/sysext/ (shared, cached by a stamp like the other build steps).

SYSEXT_VERSION=3
SYSEXT_DIR="$HKLAB_STATE/sysext"
SYSEXT_COMPONENTS=(haproxy keepalived socat)
# What the Flatcar-like host's os-release says (lab/guest/layer-flatcar.sh).
SYSEXT_ID=flatcar
SYSEXT_LEVEL=1.0

cmd_sysext() {
  need_root
  cmd_build   # leaves .build.lock held (its fd stays open) until we exit: do not take it twice
  sysext_all
}

sysext_all() {
  if [[ -f $SYSEXT_DIR.stamp && $(cat "$SYSEXT_DIR.stamp") == "$SYSEXT_VERSION-$(cat "$REPO.stamp")" ]]; then
    log "sysext: cached ($SYSEXT_DIR)"
    return 0
  fi
  command -v mksquashfs >/dev/null || die "sysext: mksquashfs missing (apt-get install squashfs-tools, or make lab-deps)"
  local t0 tmp="$SYSEXT_DIR.tmp" name; t0=$(now)
  rm -rf "$tmp"; mkdir -p "$tmp"
  for name in "${SYSEXT_COMPONENTS[@]}"; do sysext_image "$name" "$tmp"; done
  sysext_index "$tmp"
  rm -rf "$SYSEXT_DIR"; mv "$tmp" "$SYSEXT_DIR"
  echo "$SYSEXT_VERSION-$(cat "$REPO.stamp")" >"$SYSEXT_DIR.stamp"
  log "sysext: ${SYSEXT_COMPONENTS[*]} in $SYSEXT_DIR ($(du -sh "$SYSEXT_DIR" | cut -f1)) in $(elapsed "$t0") s"
}

# Packages of the repo that installing NAME would add to the base rootfs (apt's own answer).
sysext_closure() {
  local name=$1 scratch="$HKLAB_STATE/scratch-sysext"
  scratch_overlay "$scratch"
  local rc=0
  nspawn_run "$scratch/root" --private-network --bind-ro="$REPO:/repo" /bin/sh -c \
    "echo 'deb [trusted=yes] file:/repo ./' >/etc/apt/sources.list && rm -f /etc/apt/sources.list.d/* \
     && apt-get -q update >/dev/null && apt-get -s --no-install-recommends install $name | awk '\$1 == \"Inst\" { print \$2 }'" \
    || rc=$?
  umount "$scratch/root"; rm -rf "$scratch"
  return $rc
}

sysext_image() {
  local name=$1 out=$2 tree pkg deb version
  tree="$out/$name.tree"
  mkdir -p "$tree"
  for pkg in $(sysext_closure "$name"); do
    deb=$(ls "$REPO/${pkg}"_*.deb 2>/dev/null | head -1)
    [[ -n $deb ]] || die "sysext: $pkg (needed by $name) is not in $REPO"
    dpkg-deb -x "$deb" "$tree"
    [[ $pkg == "$name" ]] && version=$(dpkg-deb -f "$deb" Version)
  done
  version=${version#*:}; version=${version%%-*}   # upstream version: 2.6.12
  sysext_usr_only "$tree"
  sysext_fixups "$name" "$tree"
  mkdir -p "$tree/usr/lib/extension-release.d"
  printf 'ID=%s\nSYSEXT_LEVEL=%s\n' "$SYSEXT_ID" "$SYSEXT_LEVEL" \
    >"$tree/usr/lib/extension-release.d/extension-release.$name"
  local base="$name-$version-x86-64"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tree" -cf "$out/$base.tar" usr
  mksquashfs "$tree" "$out/$base.raw" -all-root -noappend -quiet -mkfs-time 0 -all-time 0 >/dev/null
  rm -rf "$tree"
  printf '%s\t%s\t%s\n' "$name" "$version" "$base" >>"$out/images.tsv"
}

# A sysext holds /usr only: Debian 12 still ships some files under /lib, /bin and /sbin.
sysext_usr_only() {
  local tree=$1 d
  for d in lib bin sbin lib64; do
    [[ -d $tree/$d ]] || continue
    mkdir -p "$tree/usr/$d"; cp -a "$tree/$d/." "$tree/usr/$d/"; rm -rf "${tree:?}/$d"
  done
  find "$tree" -mindepth 1 -maxdepth 1 ! -name usr -exec rm -rf {} +
  # Programs, units and shared libraries are what runs; perl modules, data and docs are not.
  rm -rf "$tree/usr/share" "$tree/usr/include"
  find "$tree/usr/lib/x86_64-linux-gnu" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + 2>/dev/null || true
}

# What a Debian postinst would have done, done the sysext way.
sysext_fixups() {
  local name=$1 tree=$2
  [[ $name == haproxy ]] || return 0
  # The haproxy user comes from sysusers.d (merged images are read by systemd-sysusers).
  mkdir -p "$tree/usr/lib/sysusers.d"
  printf 'u haproxy - "HAProxy load balancer" /var/lib/haproxy\n' >"$tree/usr/lib/sysusers.d/haproxy.conf"
  # Debian's unit binds /dev/log into a chroot folder that its postinst creates: not used here.
  sed -i '/^BindReadOnlyPaths=/d' "$tree/usr/lib/systemd/system/haproxy.service"
}

sysext_index() {
  local out=$1 name version base first=1
  {
    printf '{\n  "id": "%s",\n  "sysextLevel": "%s",\n  "images": [\n' "$SYSEXT_ID" "$SYSEXT_LEVEL"
    while IFS=$'\t' read -r name version base; do
      (( first )) || printf ',\n'; first=0
      printf '    { "name": "%s", "version": "%s", "arch": "x86-64", "tar": "%s", "tarSha256": "%s", "raw": "%s", "rawSha256": "%s" }' \
        "$name" "$version" "$SYSEXT_DIR/$base.tar" "$(sha256sum "$out/$base.tar" | cut -d' ' -f1)" \
        "$SYSEXT_DIR/$base.raw" "$(sha256sum "$out/$base.raw" | cut -d' ' -f1)"
    done <"$out/images.tsv"
    printf '\n  ]\n}\n'
  } >"$out/images.json"
}

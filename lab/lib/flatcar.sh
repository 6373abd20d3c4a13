# shellcheck shell=bash
# Per-host files of a Flatcar-like guest that Flatcar ships in /usr and the shared flatcar layer
# lacks. Written into the guest's /etc at every up/reset (the layer itself stays as it is).

# Flatcar's ensure-sysext.service: once systemd-sysext has merged the images at boot, reload
# systemd so units that live in the images load, then start what multi-user.target wants.
# Without it an enabled unit from an image is "not found" at boot.
flatcar_prepare() {
  local root=$1
  cat >"$root/etc/systemd/system/ensure-sysext.service" <<'UNIT'
# Lab stand-in for Flatcar's ensure-sysext.service (lab/lib/flatcar.sh).
[Unit]
Description=Reload systemd after merging system extensions
BindsTo=systemd-sysext.service
After=systemd-sysext.service
DefaultDependencies=no
Before=sysinit.target
Conflicts=shutdown.target
Before=shutdown.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/systemctl daemon-reload
ExecStart=/usr/bin/systemctl restart --no-block sockets.target timers.target multi-user.target

[Install]
WantedBy=sysinit.target
UNIT
  # Flatcar's update settings as a fresh node has them: the release channel only.
  mkdir -p "$root/etc/flatcar"
  [[ -f $root/etc/flatcar/update.conf ]] || echo 'GROUP=stable' >"$root/etc/flatcar/update.conf"
  mkdir -p "$root/etc/systemd/system/sysinit.target.wants"
  ln -sf ../ensure-sysext.service "$root/etc/systemd/system/sysinit.target.wants/ensure-sysext.service"
}

# .lab/.../inventory-flatcar.yaml: the lab inventory with the flatcar hosts as load balancers
# (user core) and flatcar.images naming the directory images of `lab.sh sysext`. Written by up
# when the lab has flatcar hosts and the images are built.
write_flatcar_inventory() {
  local out="$OUT_DIR/inventory-flatcar.yaml" tsv="$SYSEXT_DIR/images.tsv" names name p i=0
  names=$(awk -F'\t' '$2 == "flatcar" { print $1 }' "$HOSTS_TSV")
  rm -f "$out"
  [[ -n $names && -f $tsv ]] || return 0
  write_inventory
  {
    sed -n '1,/^hosts:/p' "$OUT_DIR/inventory.yaml"
    for name in $names; do
      p=${PRIORITIES[$i]}; i=$(( i + 1 ))
      printf '  %s:\n    address: %s\n    priority: { api: %s, ingress: %s }\n    ssh: { user: core }\n' \
        "$name" "$(host_addr "$name")" "$p" "$p"
    done
    sed -n '/^vips:/,$p' "$OUT_DIR/inventory.yaml" | sed 's/intendedHolder: lb1/intendedHolder: fc1/'
    echo "flatcar:"
    echo "  images:"
    local version base
    while IFS=$'\t' read -r name version base; do
      printf '    %s: { source: %s, sha256: %s, version: "%s" }\n' "$name" "$SYSEXT_DIR/$base.tar" \
        "$(sha256sum "$SYSEXT_DIR/$base.tar" | cut -d' ' -f1)" "$version"
    done <"$tsv"
    echo "  rebootWindow: { start: \"Thu 04:00\", lengthMinutes: 60 }"
  } >"$out"
}

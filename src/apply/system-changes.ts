// Commands for the non-file changes: packages, accounts, live sysctl, services, handlers.
import type {
  Handler,
  PackageChange,
  ServiceChange,
  SysctlChange,
  UserChange,
} from '../plan/types.js';
import { sh, type Shell } from '../transport/sh.js';
import { INSTALLED_PACKAGES_FILE, STATE_DIR } from '../../tasks/paths.js';

const INSTALLED_DEB = sh`dpkg-query -W -f='\${db:Status-Abbrev} \${Package}\n' | awk '$1 == "ii" { print $2 }' | sort`;
const INSTALLED_RPM = sh`rpm -qa --qf '%{NAME}\n' | sort`;

/** Install/remove packages; an install records every package it brought in, dependencies included. */
export function packageCommand(change: PackageChange): Shell {
  const list = change.manager === 'apt' ? INSTALLED_DEB : INSTALLED_RPM;
  const record = sh`mkdir -p ${STATE_DIR} && ${list} > "$t/after" && comm -13 "$t/before" "$t/after" >> ${INSTALLED_PACKAGES_FILE} && sort -u -o ${INSTALLED_PACKAGES_FILE} ${INSTALLED_PACKAGES_FILE}`;
  if (change.manager === 'apt') {
    const apt = sh`DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confold`;
    if (change.action === 'install')
      return sh`t=$(mktemp -d) && ${list} > "$t/before" && ${apt} update && ${apt} install ${change.names} && ${record}; rc=$?; rm -rf "$t"; exit $rc`;
    // Purge what haka's install brought in (recorded), not whatever apt considers unneeded.
    return sh`extra=$(cat ${INSTALLED_PACKAGES_FILE} 2>/dev/null); ${apt} ${change.action} ${change.names} $extra && rm -f ${INSTALLED_PACKAGES_FILE}`;
  }
  const dnf = sh`${change.manager} -y -q`;
  if (change.action === 'install')
    return sh`t=$(mktemp -d) && ${list} > "$t/before" && ${dnf} install ${change.names} && ${record}; rc=$?; rm -rf "$t"; exit $rc`;
  return sh`extra=$(cat ${INSTALLED_PACKAGES_FILE} 2>/dev/null); ${dnf} remove ${change.names} $extra && rm -f ${INSTALLED_PACKAGES_FILE}`;
}

export function userCommand(change: UserChange): Shell {
  return change.action === 'create'
    ? sh`id -u ${change.name} >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${change.name}`
    : sh`! id -u ${change.name} >/dev/null 2>&1 || userdel ${change.name}`;
}

export function sysctlCommand(change: SysctlChange): Shell {
  return sh`sysctl -q -w ${`${change.key}=${change.after}`}`;
}

export function serviceCommand(change: ServiceChange): Shell {
  return sh`systemctl ${change.action} ${`${change.unit}.service`}`;
}

/** reload-or-restart: a reload where the unit runs, a start where it does not (e.g. it crashed). */
export function handlerCommand(handler: Handler): Shell {
  if (handler.kind === 'daemon-reload') return sh`systemctl daemon-reload`;
  const unit = `${handler.unit}.service`;
  return handler.kind === 'reload'
    ? sh`systemctl reload-or-restart ${unit}`
    : sh`systemctl restart ${unit}`;
}

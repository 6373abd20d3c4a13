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

/**
 * What an install brought in: new since before the install and, with apt, either named or marked
 * automatic (a dependency); a package someone else installed by hand at the same moment is
 * marked manual and stays out of the record, so `--purge` never removes it.
 */
export function broughtInCommand(change: PackageChange): Shell {
  return change.manager === 'apt'
    ? sh`comm -13 "$t/before" "$t/after" > "$t/new" && { apt-mark showauto; printf '%s\n' ${change.names}; } | sort -u > "$t/ours" && comm -12 "$t/new" "$t/ours"`
    : sh`comm -13 "$t/before" "$t/after"`;
}

function recordCommand(change: PackageChange): Shell {
  const list = change.manager === 'apt' ? INSTALLED_DEB : INSTALLED_RPM;
  const ours = broughtInCommand(change);
  return sh`mkdir -p ${STATE_DIR} && ${list} > "$t/after" && { ${ours}; } >> ${INSTALLED_PACKAGES_FILE} && sort -u -o ${INSTALLED_PACKAGES_FILE} ${INSTALLED_PACKAGES_FILE}`;
}

/** Install/remove packages; an install records the packages it brought in (see recordCommand). */
export function packageCommand(change: PackageChange): Shell {
  const list = change.manager === 'apt' ? INSTALLED_DEB : INSTALLED_RPM;
  const record = recordCommand(change);
  if (change.manager === 'apt') {
    const apt = sh`DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confold`;
    if (change.action === 'install')
      return sh`t=$(mktemp -d) && ${list} > "$t/before" && ${apt} update && ${apt} install ${change.names} && ${record}; rc=$?; rm -rf "$t"; exit $rc`;
    // The planned names: haka's packages and the dependencies its install recorded (facts).
    return sh`${apt} ${change.action} ${change.names}`;
  }
  const dnf = sh`${change.manager} -y -q`;
  if (change.action === 'install')
    return sh`t=$(mktemp -d) && ${list} > "$t/before" && ${dnf} install ${change.names} && ${record}; rc=$?; rm -rf "$t"; exit $rc`;
  return sh`${dnf} remove ${change.names}`;
}

/**
 * Create or remove the script user. An uninstall removes it before the reloads, while keepalived
 * may still be running one of haka's check scripts as that user: userdel then refuses with exit 8
 * ("currently used by process"). The scripts live for milliseconds, so it is tried again for up
 * to 10 s; any other failure, or a user still busy after that, fails the step.
 */
export function userCommand(change: UserChange): Shell {
  if (change.action === 'create')
    return sh`id -u ${change.name} >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${change.name}`;
  const userdel = sh`userdel ${change.name}`;
  return sh`! id -u ${change.name} >/dev/null 2>&1 || { n=0; while :; do ${userdel}; rc=$?; [ "$rc" -eq 8 ] && [ "$n" -lt 20 ] || break; n=$((n + 1)); sleep 0.5; done; [ "$rc" -eq 0 ]; }`;
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

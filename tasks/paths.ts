// Where haka's files live on a load-balancer host (docs/ARCHITECTURE.md). Templates, tasks,
// the fact request, uninstall and apply all read these, so a path is spelled exactly once.
import { posix } from 'node:path';

export const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';
export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
export const NOTIFY_SCRIPT = '/etc/keepalived/haka-notify.sh';
export const CHECK_SCRIPT = '/etc/keepalived/haka-check-haproxy.sh';
export const SYSCTL_CONF = '/etc/sysctl.d/90-haka.conf';
export const KEEPALIVED_DROPIN = '/etc/systemd/system/keepalived.service.d/override.conf';
/** Creates the runtime API socket's folder before HAProxy starts (RHEL does not ship /run/haproxy). */
export const HAPROXY_DROPIN = '/etc/systemd/system/haproxy.service.d/haka.conf';

/** Read to decide whether the keepalived script user exists. */
export const PASSWD = '/etc/passwd';

/**
 * haka's state on the host, all under one folder. The planner's: the manifest and the originals
 * of files it replaced. Apply's: the last known good set, the handlers owed by an interrupted
 * run and the packages an install brought in.
 */
export const STATE_DIR = '/var/lib/haka';
export const MANIFEST = `${STATE_DIR}/manifest.json`;
export const ORIGINALS_DIR = `${STATE_DIR}/originals`;
/** Handlers owed by a run that wrote files but has not finished its reloads yet. */
export const PENDING_FILE = `${STATE_DIR}/pending.json`;
/** Previous versions of the files the last run replaced: the last known good set. */
export const PREVIOUS_DIR = `${STATE_DIR}/previous`;
/** Packages the install step brought in (names + dependencies), so --purge removes exactly those. */
export const INSTALLED_PACKAGES_FILE = `${STATE_DIR}/installed-packages.list`;
/** The run lock; on tmpfs so a reboot releases it. */
export const LOCK_FILE = '/run/haka.lock';

/** Where apply stages a new version of `path` (hidden, beside it) before one rename(2) over it. */
export function stagedPathOf(path: string): string {
  return posix.join(posix.dirname(path), `.${posix.basename(path)}.haka-new`);
}

/** Runtime state (tmpfs): the notify script records each VRRP instance's state here. */
export const RUNTIME_DIR = '/run/haka';
export const VRRP_STATE_DIR = `${RUNTIME_DIR}/vrrp`;

/**
 * keepalived's track file for one VIP (vrrp_track_file): the number in it is added to this host's
 * priority for that VIP. 0 normally; `haka drill` writes a negative number for a few seconds so
 * the holder gives the VIP up. On tmpfs, so a reboot clears it.
 */
export function drillTrackPath(vip: string): string {
  return posix.join(RUNTIME_DIR, `drill-${vip}`);
}

/**
 * Files the tools haka replaces are known to leave (the Ansible role's sysctl file and notify
 * scripts). The plan lists them as found; haka removes them only when the inventory says
 * `takeover.leftovers: adopt` (their originals kept, so uninstall puts them back).
 */
export const KNOWN_LEFTOVERS: readonly string[] = [
  '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf',
  '/etc/keepalived/vip_master.sh',
  '/etc/keepalived/vip_backup.sh',
  '/etc/keepalived/vip_fault.sh',
];

/** Every file haka installs, in install order. The manifest records each one's prior state. */
export const MANAGED_FILES: readonly string[] = [
  SYSCTL_CONF,
  NOTIFY_SCRIPT,
  CHECK_SCRIPT,
  HAPROXY_CFG,
  KEEPALIVED_CONF,
  KEEPALIVED_DROPIN,
  HAPROXY_DROPIN,
];

/**
 * Folders haka may have to create for its files. Their existence is gathered as a fact so the
 * manifest knows which ones haka created and uninstall can remove them again (when empty).
 */
export const MANAGED_DIRS: readonly string[] = [
  '/etc/haproxy',
  '/etc/keepalived',
  '/etc/sysctl.d',
  '/etc/systemd/system/keepalived.service.d',
  '/etc/systemd/system/haproxy.service.d',
];

/** Where the original of a file haka replaced is kept: the originals folder + the file's path. */
export function originalPath(path: string): string {
  return posix.join(ORIGINALS_DIR, path);
}

/**
 * Where the last known good set keeps `path` (`dir` is PREVIOUS_DIR, or PREVIOUS_DIR.old when a
 * run was cut between the two renames of its swap); `.absent` beside it: the file did not exist.
 */
export function keptPathOf(path: string, dir = PREVIOUS_DIR): string {
  return posix.join(dir, path);
}

/** Kept in place of a version when the file did not exist before the change. */
export function absentMarkerOf(kept: string): string {
  return `${kept}.absent`;
}

/** Both the set and its `.old` twin: a run cut between the two renames of a swap leaves only the latter. */
export const KEPT_SET_DIRS: readonly string[] = [PREVIOUS_DIR, `${PREVIOUS_DIR}.old`];

/** Flatcar only: the update settings, where haka sets this host's reboot window. */
export const UPDATE_CONF = '/etc/flatcar/update.conf';

/** Every file an install can replace, so every file the last known good set can hold. */
export const RESTORABLE_FILES: readonly string[] = [
  ...MANAGED_FILES,
  UPDATE_CONF,
  MANIFEST,
  ...KNOWN_LEFTOVERS,
  ...[...MANAGED_FILES, UPDATE_CONF, ...KNOWN_LEFTOVERS].map(originalPath),
];

/** The file in which the notify script records one VRRP instance's state (MASTER, BACKUP, ...). */
export function vrrpStatePath(instance: string): string {
  return posix.join(VRRP_STATE_DIR, instance);
}

/**
 * HAProxy's local health endpoint, asked by keepalived's check script. The script runs as the
 * unprivileged script user, which cannot open the admin socket (mode 600), so HAProxy answers
 * a plain HTTP request on loopback instead.
 */
export const HEALTH_ENDPOINT = { address: '127.0.0.1', port: 8405, uri: '/haka-health' } as const;

/** Folders between `path` and `stop` (exclusive), deepest first: /a/b/c/f, /a → [/a/b/c, /a/b]. */
export function foldersBetween(path: string, stop: string): string[] {
  const out: string[] = [];
  for (let dir = posix.dirname(path); dir.startsWith(`${stop}/`); dir = posix.dirname(dir))
    out.push(dir);
  return out;
}

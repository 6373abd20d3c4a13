// What replacing a file haka manages requires: the validator its new version must pass and the
// handlers it notifies. The install tasks declare their files with it and the rollback planner
// puts older versions back with it, so the two can never disagree. A rollback also needs to know
// whether an older version may hold a password; a file not listed (a saved original) may.
import type { Handler, Validator } from '../src/change/types.js';
import {
  CHECK_SCRIPT,
  HAPROXY_CFG,
  HAPROXY_DROPIN,
  KEEPALIVED_CONF,
  KEEPALIVED_DROPIN,
  MANIFEST,
  NOTIFY_SCRIPT,
  SYSCTL_CONF,
  UPDATE_CONF,
} from './paths.js';

export interface FileHandling {
  validate?: Validator;
  notify: Handler[];
}

export interface RestoreRule extends FileHandling {
  /** An older version may hold an older password: its diff is masked like the current one's. */
  sensitive: boolean;
}

const HANDLING: ReadonlyMap<string, FileHandling> = new Map<string, FileHandling>([
  [HAPROXY_CFG, { validate: 'haproxy', notify: [{ kind: 'reload', unit: 'haproxy' }] }],
  [KEEPALIVED_CONF, { validate: 'keepalived', notify: [{ kind: 'reload', unit: 'keepalived' }] }],
  // A reload, not a restart: restarting keepalived on the VIP holder moves the VIPs away and
  // back. The daemon-reload comes first so that this reload already runs the drop-in's own
  // ExecReload, which creates the notify-state and track-file folders (ExecStartPre only runs at
  // a start, and the first reload of a host taken over from another tool is not one).
  [
    KEEPALIVED_DROPIN,
    { notify: [{ kind: 'daemon-reload' }, { kind: 'reload', unit: 'keepalived' }] },
  ],
  [HAPROXY_DROPIN, { notify: [{ kind: 'daemon-reload' }] }],
]);

/** Never hold a password, in any version. */
const PLAIN_FILES: ReadonlySet<string> = new Set([
  KEEPALIVED_DROPIN,
  HAPROXY_DROPIN,
  NOTIFY_SCRIPT,
  CHECK_SCRIPT,
  SYSCTL_CONF,
  MANIFEST,
  // Flatcar's update settings: no validator (locksmith reads them at its next check).
  UPDATE_CONF,
]);

/** A fresh copy each time: plans hold their own handler lists. */
export function handlingOf(path: string): FileHandling {
  const h = HANDLING.get(path);
  return {
    ...(h?.validate ? { validate: h.validate } : {}),
    notify: (h?.notify ?? []).map((n) => ({ ...n })),
  };
}

export function restoreRule(path: string): RestoreRule {
  return { ...handlingOf(path), sensitive: !PLAIN_FILES.has(path) };
}

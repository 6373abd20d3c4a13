// What putting back an older version of a file haka manages requires: the validator and the
// handlers its install task declares (a unit test holds the two together), and whether it may
// hold a password. A file not listed here (a saved original) is treated as sensitive.
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

export interface RestoreRule {
  validate?: Validator;
  notify: Handler[];
  /** An older version may hold an older password: its diff is masked like the current one's. */
  sensitive: boolean;
}

const PLAIN: RestoreRule = { notify: [], sensitive: false };

const RULES: ReadonlyMap<string, RestoreRule> = new Map([
  [
    HAPROXY_CFG,
    { validate: 'haproxy', notify: [{ kind: 'reload', unit: 'haproxy' }], sensitive: true },
  ],
  [
    KEEPALIVED_CONF,
    { validate: 'keepalived', notify: [{ kind: 'reload', unit: 'keepalived' }], sensitive: true },
  ],
  [
    KEEPALIVED_DROPIN,
    {
      notify: [{ kind: 'daemon-reload' }, { kind: 'reload', unit: 'keepalived' }],
      sensitive: false,
    },
  ],
  [HAPROXY_DROPIN, { notify: [{ kind: 'daemon-reload' }], sensitive: false }],
  [NOTIFY_SCRIPT, PLAIN],
  [CHECK_SCRIPT, PLAIN],
  [SYSCTL_CONF, PLAIN],
  [MANIFEST, PLAIN],
  // Flatcar's update settings: no validator (locksmith reads them at its next check).
  [UPDATE_CONF, PLAIN],
]);

export function restoreRule(path: string): RestoreRule {
  return RULES.get(path) ?? { notify: [], sensitive: true };
}

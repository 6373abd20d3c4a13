// Restore the originals of the configs and scripts haka replaced; delete the ones it created.
import type { Handler } from '../../src/change/types.js';
import { HAPROXY_CFG, KEEPALIVED_CONF, SYSCTL_CONF } from '../paths.js';
import type { Task } from '../task.js';
import { DROPINS } from './dropins.js';
import { planRestore, restoreOutcome } from './restore.js';
import { withManifest } from './with-manifest.js';

/** A restored config is reloaded (where its service keeps running; the planner drops it otherwise). */
const RELOAD: Record<string, Handler[]> = {
  [HAPROXY_CFG]: [{ kind: 'reload', unit: 'haproxy' }],
  [KEEPALIVED_CONF]: [{ kind: 'reload', unit: 'keepalived' }],
};

/** Files other uninstall tasks own. */
const ELSEWHERE = new Set([...DROPINS, SYSCTL_CONF]);

export const task: Task = {
  name: 'files',
  plan: (ctx) =>
    withManifest('files', ctx, (manifest) => {
      const paths = Object.keys(manifest.files)
        .filter((p) => !ELSEWHERE.has(p))
        .sort();
      const plans = paths.map((path) =>
        planRestore(ctx.facts, manifest, path, {
          notifyOnRestore: RELOAD[path] ?? [],
          sensitive:
            path === KEEPALIVED_CONF ||
            (path === HAPROXY_CFG && ctx.inventory.haproxy.stats !== undefined),
        }),
      );
      return restoreOutcome('files', plans, `${paths.join(', ')} are as haka found them`);
    }),
};

// Remove haka's systemd drop-ins (or put back what was there), then daemon-reload.
import { HAPROXY_DROPIN, KEEPALIVED_DROPIN } from '../paths.js';
import type { Task } from '../task.js';
import { planRestore, restoreOutcome } from './restore.js';
import { withManifest } from './with-manifest.js';

export const DROPINS: readonly string[] = [KEEPALIVED_DROPIN, HAPROXY_DROPIN];

export const task: Task = {
  name: 'systemd drop-ins',
  plan: (ctx) =>
    withManifest('systemd drop-ins', ctx, (manifest) => {
      const plans = DROPINS.map((path) =>
        planRestore(ctx.facts, manifest, path, {
          notifyOnRestore: [{ kind: 'daemon-reload' }],
          sensitive: false,
        }),
      );
      // A deleted drop-in needs the daemon-reload too.
      for (const change of plans.flatMap((p) => p.changes))
        change.notify = [{ kind: 'daemon-reload' }];
      return restoreOutcome('systemd drop-ins', plans, 'no haka drop-ins left');
    }),
};

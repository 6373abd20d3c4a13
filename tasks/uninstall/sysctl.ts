// Delete (or restore) the sysctl file and put the live value back to what it was before haka.
import type { Change } from '../../src/change/types.js';
import { SYSCTL_CONF } from '../paths.js';
import { NONLOCAL_BIND } from '../sysctl.js';
import type { Task } from '../task.js';
import { planRestore } from './restore.js';
import { withManifest } from './with-manifest.js';

export const task: Task = {
  name: 'sysctl',
  plan: (ctx) =>
    withManifest('sysctl', ctx, (manifest) => {
      const file = planRestore(ctx.facts, manifest, SYSCTL_CONF, {
        notifyOnRestore: [],
        sensitive: false,
      });
      const original = manifest.sysctl[NONLOCAL_BIND] ?? null;
      const live = ctx.facts.sysctl[NONLOCAL_BIND] ?? null;
      const changes: Change[] = [...file.changes];
      const summaries = file.summary ? [file.summary] : [];
      // null: the key did not exist before haka, so there is no value to put back.
      if (original !== null && live !== original) {
        changes.push({ kind: 'sysctl', key: NONLOCAL_BIND, before: live, after: original });
        summaries.push(`set ${NONLOCAL_BIND} ${live ?? '(absent)'} → ${original} now`);
      }
      const reason =
        summaries.length > 0
          ? summaries.join('; ')
          : `${SYSCTL_CONF} and ${NONLOCAL_BIND} = ${live ?? '(absent)'} are as haka found them`;
      return { task: 'sysctl', changes, reason };
    }),
};

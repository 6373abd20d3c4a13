// Remove the script user, only when haka created it.
import type { UserChange } from '../../src/change/types.js';
import { userExists } from '../host-facts.js';
import { PASSWD } from '../paths.js';
import type { Task } from '../task.js';
import { withManifest } from './with-manifest.js';

export const task: Task = {
  name: 'script-user',
  plan: (ctx) =>
    withManifest('script-user', ctx, (manifest) => {
      const changes: UserChange[] = manifest.createdUsers
        .filter((name) => userExists(ctx.facts, PASSWD, name) === true)
        .map((name) => ({ kind: 'user', name, action: 'remove' }));
      const reason =
        changes.length > 0
          ? `remove user ${changes.map((c) => c.name).join(', ')} (haka created it)`
          : manifest.createdUsers.length > 0
            ? `user ${manifest.createdUsers.join(', ')} already gone`
            : `haka created no user here (${ctx.inventory.keepalived.scriptUser} existed before)`;
      return { task: 'script-user', changes, reason };
    }),
};

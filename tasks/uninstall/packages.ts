// Packages haka installed are removed only with --purge (a package may have found other users).
import type { PackageChange } from '../../src/change/types.js';
import { packageVersion } from '../host-facts.js';
import { packageManagerFor } from '../packages.js';
import { noop, type Task } from '../task.js';
import { withManifest } from './with-manifest.js';

export const task: Task = {
  name: 'packages',
  plan: (ctx) =>
    withManifest('packages', ctx, (manifest) => {
      const installed = manifest.packages.installed.filter(
        (name) => packageVersion(ctx.facts, name) !== null,
      );
      if (installed.length === 0)
        return noop(
          'packages',
          manifest.packages.installed.length > 0
            ? `packages ${manifest.packages.installed.join(', ')} (installed by haka) already removed`
            : 'haka installed no packages here',
        );
      if (!ctx.purge)
        return noop(
          'packages',
          `packages ${installed.join(', ')} kept (installed by haka; --purge removes them)`,
        );
      const manager = manifest.packages.manager ?? packageManagerFor(ctx.facts);
      if (manager === null)
        return noop('packages', `no package manager to remove ${installed.join(', ')}`);
      const change: PackageChange = { kind: 'package', manager, action: 'purge', names: installed };
      return {
        task: 'packages',
        changes: [change],
        reason: `purge ${installed.join(', ')} (${manager}; installed by haka)`,
      };
    }),
};

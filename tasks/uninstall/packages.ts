// Packages haka installed are removed only with --purge (a package may have found other users):
// the ones the manifest names and the dependencies the install recorded, read as facts, so
// `uninstall --purge --check` lists exactly what `uninstall --purge` removes.
import type { PackageChange } from '../../src/change/types.js';
import { fileContent, packageVersion } from '../host-facts.js';
import { packageManagerFor } from '../packages.js';
import { INSTALLED_PACKAGES_FILE } from '../paths.js';
import { PACKAGE } from '../../src/schema/state-schemas.js';
import { noop, type Task } from '../task.js';
import { withManifest } from './with-manifest.js';

/** Anything else in the record is not handed to apt: the manifest's rule for package names. */
const PACKAGE_NAME = new RegExp(PACKAGE);

/** Pure: the dependencies the install recorded (one name per line), safe names only. */
export function recordedDependencies(content: string | null): string[] {
  return (content ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => PACKAGE_NAME.test(l));
}

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
      const deps = recordedDependencies(fileContent(ctx.facts, INSTALLED_PACKAGES_FILE)).filter(
        (d) => !installed.includes(d),
      );
      const names = [...installed, ...deps];
      const change: PackageChange = { kind: 'package', manager, action: 'purge', names };
      const brought = deps.length > 0 ? ` and ${deps.length} dependencies it brought in` : '';
      return {
        task: 'packages',
        changes: [change],
        reason: `purge ${installed.join(', ')}${brought} (${manager}; installed by haka)`,
      };
    }),
};

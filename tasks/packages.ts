// HAProxy, Keepalived and socat (socat talks to HAProxy's runtime API for verification).
import type { HostFacts } from '../src/facts/types.js';
import type { PackageChange } from '../src/change/types.js';
import { packageVersion } from './host-facts.js';
import { noop, type Task } from './task.js';

export const PACKAGES: readonly string[] = ['haproxy', 'keepalived', 'socat'];

/** apt on the Debian family; dnf (or yum where that is all there is) on the RHEL family. */
export function packageManagerFor(facts: HostFacts): PackageChange['manager'] | null {
  if (facts.os.family === 'debian') return 'apt';
  if (facts.os.family === 'rhel') return facts.packageManager === 'yum' ? 'yum' : 'dnf';
  return null;
}

export function missingPackages(facts: HostFacts): string[] {
  return PACKAGES.filter((name) => packageVersion(facts, name) === null);
}

function alreadyInstalled(facts: HostFacts, names: readonly string[]): string {
  return `${names.join(', ')} already installed (${names.map((n) => packageVersion(facts, n)).join(', ')})`;
}

export const task: Task = {
  name: 'packages',
  plan({ facts }) {
    const missing = missingPackages(facts);
    const present = PACKAGES.filter((n) => !missing.includes(n));
    if (missing.length === 0)
      return noop('packages', `packages ${alreadyInstalled(facts, PACKAGES)}`);
    const manager = packageManagerFor(facts);
    if (manager === null) return noop('packages', `no package manager for ${facts.os.prettyName}`);
    const already = present.length > 0 ? `; ${alreadyInstalled(facts, present)}` : '';
    return {
      task: 'packages',
      changes: [{ kind: 'package', manager, action: 'install', names: missing }],
      reason: `install ${missing.join(', ')} (${manager})${already}`,
    };
  },
};

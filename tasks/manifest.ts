// The manifest task: record what haka installs and what was there before. It is written before
// haka's other files (right after packages and the script user, which apply needs first), from
// this run's facts, which are the "before". Merged with an existing manifest, so the first run's
// "before" is kept for good.
import type { HostFacts } from '../src/facts/types.js';
import type { ServiceName } from '../src/change/types.js';
import { exists, fileFact, normalizeMode, unitState, userExists } from './host-facts.js';
import { HAKA_MARKER, priorStateOf } from './managed-file.js';
import {
  MANIFEST_FORMAT,
  manifestOf,
  serializeManifest,
  type Manifest,
  type ManifestService,
} from './manifest-model.js';
import { adoptedLeftovers } from './leftovers.js';
import { missingPackages, packageManagerFor } from './packages.js';
import { MANAGED_DIRS, MANAGED_FILES, MANIFEST, PASSWD, STATE_DIR } from './paths.js';
import { SERVICES } from './services.js';
import { NONLOCAL_BIND } from './sysctl.js';
import type { Task, TaskContext } from './task.js';

const union = (a: readonly string[], b: readonly string[]): string[] =>
  [...new Set([...a, ...b])].sort();

function servicesBefore(
  facts: HostFacts,
  previous: Manifest | null,
): Partial<Record<ServiceName, ManifestService>> {
  const out: Partial<Record<ServiceName, ManifestService>> = {};
  for (const unit of SERVICES) {
    const state = unitState(facts, unit);
    out[unit] = previous?.services[unit] ?? {
      enabledBefore: state.enabled,
      activeBefore: state.active,
    };
  }
  return out;
}

/** Pure: the manifest this install leaves on the host (the facts are the "before" of this run). */
export function desiredManifest({ inventory, facts }: TaskContext): Manifest {
  const previous = manifestOf(facts);
  const user = inventory.keepalived.scriptUser;
  const sysctlBefore =
    previous && NONLOCAL_BIND in previous.sysctl
      ? previous.sysctl[NONLOCAL_BIND]
      : facts.sysctl[NONLOCAL_BIND];
  return {
    comment: `${HAKA_MARKER}: what haka installed on this host and what was there before; read by haka uninstall. Do not edit.`,
    format: MANIFEST_FORMAT,
    cluster: inventory.cluster,
    files: Object.fromEntries(
      [...MANAGED_FILES, ...adoptedLeftovers({ inventory, facts })].map((path) => [
        path,
        priorStateOf(facts, previous, path),
      ]),
    ),
    createdDirs: union(
      previous?.createdDirs ?? [],
      [...MANAGED_DIRS, STATE_DIR].filter((dir) => !exists(facts, dir)),
    ),
    packages: {
      manager: previous?.packages.manager ?? packageManagerFor(facts),
      // Flatcar has no packages: its images are found by their place, not recorded here.
      installed: union(
        previous?.packages.installed ?? [],
        packageManagerFor(facts) === null ? [] : missingPackages(facts),
      ),
    },
    sysctl: { ...previous?.sysctl, [NONLOCAL_BIND]: sysctlBefore ?? null },
    services: servicesBefore(facts, previous),
    createdUsers: union(
      previous?.createdUsers ?? [],
      userExists(facts, PASSWD, user) === false ? [user] : [],
    ),
  };
}

export const task: Task = {
  name: 'manifest',
  plan(ctx) {
    const content = serializeManifest(desiredManifest(ctx));
    const current = fileFact(ctx.facts, MANIFEST);
    const modeBefore = normalizeMode(current?.mode ?? null);
    if (current?.content === content && modeBefore === '0644')
      return { task: 'manifest', changes: [], reason: `${MANIFEST} up to date` };
    return {
      task: 'manifest',
      changes: [
        {
          kind: 'file',
          path: MANIFEST,
          before: current?.content ?? null,
          after: content,
          modeBefore,
          mode: '0644',
          notify: [],
          sensitive: false,
        },
      ],
      reason: `${current ? 'update' : 'create'} ${MANIFEST}`,
    };
  },
};

// Another tool's files that haka makes redundant (the Ansible role's sysctl file and notify
// scripts): with `takeover.leftovers: adopt`, each one found is removed, its original saved
// first, so uninstall puts it back (the manifest lists it among the files haka manages).
import type { FileChange } from '../src/change/types.js';
import type { HostFacts } from '../src/facts/types.js';
import { manifestOf } from './manifest-model.js';
import { fileFact, normalizeMode } from './host-facts.js';
import { foreignFileAt, originalCopy } from './managed-file.js';
import { KNOWN_LEFTOVERS, originalPath } from './paths.js';
import type { Task, TaskContext } from './task.js';

/**
 * The leftovers haka has taken on for this host: those an earlier run adopted (the manifest
 * says so) and, when the inventory adopts, those found now. Pure.
 */
export function adoptedLeftovers(ctx: Pick<TaskContext, 'inventory' | 'facts'>): string[] {
  const previous = manifestOf(ctx.facts);
  return KNOWN_LEFTOVERS.filter(
    (path) =>
      previous?.files[path] !== undefined ||
      (ctx.inventory.takeover.leftovers === 'adopt' && foreignFileAt(ctx.facts, path)),
  );
}

/** Save the original (once: a kept one is the first version found), then delete the file. */
function removal(facts: HostFacts, path: string): FileChange[] {
  const current = fileFact(facts, path);
  if (!current) return [];
  const save = fileFact(facts, originalPath(path))
    ? null
    : originalCopy(facts, path, originalPath(path), false);
  const remove: FileChange = {
    kind: 'file',
    path,
    before: current.content,
    after: null,
    modeBefore: normalizeMode(current.mode),
    mode: normalizeMode(current.mode) ?? '0644',
    notify: [],
    sensitive: false,
  };
  return save ? [save, remove] : [remove];
}

export const task: Task = {
  name: 'leftovers',
  plan(ctx) {
    const adopted = adoptedLeftovers(ctx);
    // An adopted file that came back (the other tool ran again) is removed again.
    const present = adopted.filter((path) => foreignFileAt(ctx.facts, path));
    const changes = present.flatMap((path) => removal(ctx.facts, path));
    if (changes.length > 0)
      return {
        task: 'leftovers',
        changes,
        reason: `remove another tool's ${present.join(', ')} (takeover.leftovers: adopt; original saved, uninstall puts it back)`,
      };
    const found = KNOWN_LEFTOVERS.filter((path) => foreignFileAt(ctx.facts, path));
    return {
      task: 'leftovers',
      changes: [],
      reason:
        found.length > 0
          ? `another tool's ${found.join(', ')} left alone (takeover.leftovers: leave)`
          : adopted.length > 0
            ? `another tool's ${adopted.join(', ')} removed (adopted; uninstall puts it back)`
            : "no other tool's files found",
    };
  },
};

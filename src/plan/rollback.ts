// `haka rollback` as a plan. PURE: the last known good set is read as facts (each kept version
// and each ".absent" marker), so --check, --diff and --json show which files come back, and
// how, before anything is touched. Apply then stages, validates and commits them like any other
// change and rolls the reloads host by host behind the health gate. The set itself is left as it
// is: a rollback is idempotent, and running it again changes nothing.
import type { FileFact, HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { fileFact, normalizeMode } from '../../tasks/host-facts.js';
import { KEPT_SET_DIRS, RESTORABLE_FILES, absentMarkerOf, keptPathOf } from '../../tasks/paths.js';
import { restoreRule } from '../../tasks/file-handling.js';
import { planHandlers } from './handlers.js';
import { withPendingHandlers } from './pending.js';
import type { FileChange, Handler, HostPlan, Plan } from './types.js';

const TASK = 'rollback';

/** The set to restore from: the live one, or the one a swap cut half-way left under `.old`. */
export function keptSetDir(facts: HostFacts): string | null {
  return KEPT_SET_DIRS.find((dir) => facts.files[dir]?.exists) ?? null;
}

/** Why a file cannot be put back faithfully; null when it can. */
function unreadable(what: string, fact: FileFact | undefined): string | null {
  if (!fact?.problem) return null;
  const why = {
    directory: 'a directory',
    special: 'not a regular file',
    unreadable: 'unreadable',
    'not-utf8': 'not UTF-8 text (haka would change its bytes)',
  }[fact.problem];
  return `${what} is ${why}`;
}

type Restore = { change: FileChange } | { refused: string } | null;

function restoreOf(facts: HostFacts, dir: string, path: string): Restore {
  const kept = fileFact(facts, keptPathOf(path, dir));
  const absent = fileFact(facts, absentMarkerOf(keptPathOf(path, dir)));
  if (!kept && !absent) return null;
  const current = fileFact(facts, path);
  const problem =
    unreadable(`the kept version of ${path} (${keptPathOf(path, dir)})`, kept) ??
    (current?.problem === 'directory' || current?.problem === 'special'
      ? unreadable(path, current)
      : null);
  if (problem) return { refused: problem };
  const after = kept ? kept.content : null;
  const mode = normalizeMode(kept?.mode ?? current?.mode ?? null) ?? '0644';
  const modeBefore = normalizeMode(current?.mode ?? null);
  if (after === null && !current) return null;
  if (after !== null && current?.content === after && modeBefore === mode) return null;
  const rule = restoreRule(path);
  return {
    change: {
      kind: 'file',
      path,
      before: current?.content ?? null,
      after,
      modeBefore,
      mode,
      ...(after !== null && rule.validate ? { validate: rule.validate } : {}),
      notify: rule.notify,
      sensitive: rule.sensitive,
    },
  };
}

/** Reloads only for units that run: a rollback never starts a service that is stopped. */
function runningOnly(handlers: Handler[], facts: HostFacts): Handler[] {
  return handlers.filter(
    (h) => h.kind === 'daemon-reload' || facts.units[`${h.unit}.service`]?.activeState === 'active',
  );
}

export function planRollbackHost(host: string, facts: HostFacts): HostPlan {
  const base = { host, os: facts.os.prettyName };
  const dir = keptSetDir(facts);
  if (!dir)
    return {
      ...base,
      tasks: [{ task: TASK, changes: [], reason: 'nothing to roll back: no last known good set' }],
      handlers: [],
    };
  const restores = RESTORABLE_FILES.map((p) => restoreOf(facts, dir, p)).filter(
    (r): r is NonNullable<Restore> => r !== null,
  );
  const refusals = restores.flatMap((r) => ('refused' in r ? [r.refused] : []));
  if (refusals.length > 0)
    return {
      ...base,
      tasks: [],
      handlers: [],
      refused: `cannot roll back: ${refusals.join('; ')}`,
    };
  const changes = restores.flatMap((r) => ('change' in r ? [r.change] : []));
  const reason =
    changes.length > 0
      ? `restore ${changes.length} file(s) from ${dir}`
      : `every file is as the last known good set (${dir}) keeps it`;
  return {
    ...base,
    tasks: [{ task: TASK, changes, reason }],
    handlers: runningOnly(planHandlers(changes), facts),
  };
}

/** Every inventory host that has facts, in inventory order, with the handlers still owed. */
export function planRollback(inventory: Inventory, facts: Record<string, HostFacts>): Plan {
  const hosts = inventory.hosts.flatMap((h) => {
    const f = facts[h.name];
    return f ? [planRollbackHost(h.name, f)] : [];
  });
  return withPendingHandlers({ command: 'rollback', hosts }, facts);
}

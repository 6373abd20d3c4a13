// `haka rollback` as a plan. PURE: the last known good set is read as facts (each kept version,
// each kept image link and each ".absent" marker), so --check, --diff and --json show which files
// and images come back, and how, before anything is touched. Apply then stages, validates and commits them like any other
// change and rolls the reloads host by host behind the health gate. The set itself is left as it
// is: a rollback is idempotent, and running it again changes nothing.
import type { FileFact, HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { fileFact, normalizeMode } from '../../tasks/host-facts.js';
import { KEPT_SET_DIRS, RESTORABLE_FILES, absentMarkerOf, keptPathOf } from '../../tasks/paths.js';
import { restoreRule } from '../../tasks/file-handling.js';
import { planHandlers } from './handlers.js';
import { withPendingHandlers } from './pending.js';
import type {
  Change,
  FileChange,
  Handler,
  HostPlan,
  Plan,
  SysextLinkChange,
  SysextRefreshChange,
} from './types.js';
import { RESTORABLE_LINKS, componentOfLink, serviceOfImage } from '../../tasks/flatcar/paths.js';

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

/**
 * Image links (Flatcar) back as the set keeps them: a kept link names the image it pointed at,
 * a marker says there was none. The image itself must still be in place (an install keeps the
 * previous one). A link whose component would be left with no image at all stays: a rollback
 * puts an older program back, it does not uninstall one (as on Debian, where packages stay).
 */
function linkRestores(
  facts: HostFacts,
  dir: string,
): { changes: SysextLinkChange[]; refused: string[] } {
  const current = facts.sysext?.links ?? {};
  const wanted = new Map<string, string | null>();
  for (const link of RESTORABLE_LINKS) {
    const kept = facts.links?.[keptPathOf(link, dir)] ?? null;
    if (kept !== null) wanted.set(link, kept);
    else if (fileFact(facts, absentMarkerOf(keptPathOf(link, dir)))) wanted.set(link, null);
  }
  const after = (link: string): string | null =>
    wanted.has(link) ? (wanted.get(link) as string | null) : (current[link] ?? null);
  const changes: SysextLinkChange[] = [];
  const refused: string[] = [];
  for (const [link, target] of wanted) {
    const before = current[link] ?? null;
    if (before === target) continue;
    const name = componentOfLink(link);
    if (target === null) {
      const others = RESTORABLE_LINKS.filter((l) => l !== link && componentOfLink(l) === name);
      if (!others.some((l) => after(l) !== null)) continue;
    } else if (!imageInPlace(facts, target)) {
      refused.push(`the image ${link} linked to before (${target}) is no longer on the host`);
      continue;
    }
    const unit = serviceOfImage(name);
    changes.push({
      kind: 'sysext-link',
      name,
      link,
      before,
      target,
      // The running service keeps the newer program until it restarts.
      ...(target !== null && unit ? { notify: [{ kind: 'restart', unit }] } : {}),
    });
  }
  return { changes, refused };
}

/** A .raw image is its own file; a directory image's folder was unpacked from NAME.tar beside it. */
function imageInPlace(facts: HostFacts, target: string): boolean {
  const images = facts.sysext?.images ?? {};
  return images[target] !== undefined || images[`${target}.tar`] !== undefined;
}

/** After the links: merge what they name then (nothing: every extension leaves /usr). */
function remerge(facts: HostFacts, links: SysextLinkChange[]): SysextRefreshChange[] {
  if (links.length === 0) return [];
  const after = { ...(facts.sysext?.links ?? {}) };
  for (const c of links) {
    if (c.target === null) delete after[c.link];
    else after[c.link] = c.target;
  }
  return [{ kind: 'sysext-refresh', merged: Object.keys(after).map(componentOfLink).sort() }];
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
  const links = linkRestores(facts, dir);
  const refusals = [
    ...links.refused,
    ...restores.flatMap((r) => ('refused' in r ? [r.refused] : [])),
  ];
  if (refusals.length > 0)
    return {
      ...base,
      tasks: [],
      handlers: [],
      refused: `cannot roll back: ${refusals.join('; ')}`,
    };
  const files = restores.flatMap((r) => ('change' in r ? [r.change] : []));
  // Images first, like an install: the restored files are validated by the programs they go with.
  const changes: Change[] = [...links.changes, ...remerge(facts, links.changes), ...files];
  const restored = [
    ...(links.changes.length > 0 ? [`${links.changes.length} image link(s)`] : []),
    ...(files.length > 0 ? [`${files.length} file(s)`] : []),
  ];
  const reason =
    restored.length > 0
      ? `restore ${restored.join(' and ')} from ${dir}`
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

// A pure simulator of what apply does to a host, expressed on HostFacts: enough to check that
// planning again after applying finds nothing left to do, and that uninstall gives back the
// host haka found. Package installs do not create files here (their conffiles are not modeled).
import { posix } from 'node:path';
import type { FileFact, HostFacts, UnitFact } from '../../../../src/facts/types.js';
import type { Change, HostPlan } from '../../../../src/plan/types.js';

const SERVICE_PACKAGES = new Set(['haproxy', 'keepalived']);

function absent(path: string): FileFact {
  return { path, exists: false, content: null, mode: null, owner: null, group: null };
}

function markParentsExisting(facts: HostFacts, path: string): void {
  for (let dir = posix.dirname(path); dir !== '/'; dir = posix.dirname(dir)) {
    const fact = facts.files[dir];
    if (fact && !fact.exists)
      facts.files[dir] = {
        path: dir,
        exists: true,
        content: null,
        mode: '0755',
        owner: 'root',
        group: 'root',
      };
  }
}

function removeIfEmpty(facts: HostFacts, dir: string): void {
  const inside = Object.values(facts.files).some((f) => f.exists && f.path.startsWith(`${dir}/`));
  if (!inside) facts.files[dir] = absent(dir);
}

function unit(facts: HostFacts, name: string): UnitFact {
  const key = `${name}.service`;
  facts.units[key] ??= {
    name: key,
    loadState: 'not-found',
    activeState: 'inactive',
    subState: 'dead',
    unitFileState: '',
  };
  return facts.units[key];
}

function applyOne(facts: HostFacts, change: Change): void {
  switch (change.kind) {
    case 'file':
      if (change.after === null) {
        facts.files[change.path] = absent(change.path);
        for (const dir of change.removeEmptyDirs ?? []) removeIfEmpty(facts, dir);
      } else {
        facts.files[change.path] = {
          path: change.path,
          exists: true,
          content: change.after,
          mode: change.mode,
          owner: 'root',
          group: 'root',
        };
        markParentsExisting(facts, change.path);
      }
      return;
    case 'package':
      for (const name of change.names) {
        facts.packages[name] = change.action === 'install' ? 'simulated-1.0' : null;
        if (!SERVICE_PACKAGES.has(name)) continue;
        const u = unit(facts, name);
        if (change.action === 'install')
          Object.assign(u, { loadState: 'loaded', unitFileState: 'disabled' });
        else
          Object.assign(u, {
            loadState: 'not-found',
            activeState: 'inactive',
            subState: 'dead',
            unitFileState: '',
          });
      }
      return;
    case 'sysctl':
      facts.sysctl[change.key] = change.after;
      return;
    case 'service': {
      const u = unit(facts, change.unit);
      if (change.action === 'enable') u.unitFileState = 'enabled';
      if (change.action === 'disable') u.unitFileState = 'disabled';
      if (change.action === 'start')
        Object.assign(u, { activeState: 'active', subState: 'running' });
      if (change.action === 'stop') Object.assign(u, { activeState: 'inactive', subState: 'dead' });
      return;
    }
    case 'user': {
      const passwd = facts.files['/etc/passwd'];
      if (!passwd?.content) throw new Error('simulator: no /etc/passwd');
      passwd.content =
        change.action === 'create'
          ? `${passwd.content}${change.name}:x:999:999::/nonexistent:/usr/sbin/nologin\n`
          : passwd.content
              .split('\n')
              .filter((l) => l.split(':')[0] !== change.name)
              .join('\n');
      return;
    }
  }
}

/** The host's facts after apply ran every change of its plan, in order. */
export function applyHostPlan(facts: HostFacts, plan: HostPlan): HostFacts {
  const next = structuredClone(facts);
  for (const change of plan.tasks.flatMap((t) => t.changes)) applyOne(next, change);
  return next;
}

/** What "the host as found" means for comparisons: existing paths with content and mode, and sysctl. */
export function observable(facts: HostFacts): {
  files: Record<string, { content: string | null; mode: string | null }>;
  sysctl: HostFacts['sysctl'];
} {
  const files = Object.fromEntries(
    Object.values(facts.files)
      .filter((f) => f.exists)
      .map((f) => [f.path, { content: f.content, mode: f.mode }]),
  );
  return { files, sysctl: facts.sysctl };
}

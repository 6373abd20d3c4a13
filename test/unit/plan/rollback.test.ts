// `haka rollback` planned from the last known good set read as facts (converged lab host facts,
// with a kept set written the way apply's previous-set command writes it).
import { describe, expect, it } from 'vitest';
import type { FileFact, HostFacts } from '../../../src/facts/types.js';
import { plan } from '../../../src/plan/index.js';
import { planRollback, planRollbackHost } from '../../../src/plan/rollback.js';
import { withRunRecord } from '../../../src/plan/run-record.js';
import type { FileChange } from '../../../src/plan/types.js';
import {
  HAPROXY_CFG,
  KEEPALIVED_CONF,
  KEEPALIVED_DROPIN,
  PREVIOUS_DIR,
  keptPathOf,
} from '../../../tasks/paths.js';
import { restoreRule } from '../../../tasks/file-handling.js';
import {
  SECRETS,
  TEMPLATES,
  factsForAll,
  loadFacts,
  loadInventory,
} from '../tasks/support/fixtures.js';

const inventory = loadInventory('lab');
const OLD_CFG = '# managed by haka\nglobal\n  maxconn 1000\n';

function file(path: string, content: string | null, mode = '0644'): FileFact {
  return { path, exists: true, content, mode, owner: 'root', group: 'root' };
}

/** Converged facts plus a kept set in `dir`: each entry a kept content, or null for ".absent". */
function withKept(kept: Record<string, string | null>, dir = PREVIOUS_DIR): HostFacts {
  const facts = structuredClone(loadFacts('debian12-converged'));
  facts.files[dir] = { ...file(dir, null, '0700'), problem: 'directory' };
  for (const [path, content] of Object.entries(kept)) {
    const at = keptPathOf(path, dir);
    if (content === null) facts.files[`${at}.absent`] = file(`${at}.absent`, '');
    else facts.files[at] = file(at, content, path === KEEPALIVED_CONF ? '0640' : '0644');
  }
  return facts;
}

const changesOf = (facts: HostFacts): FileChange[] =>
  planRollbackHost('lb1', facts).tasks.flatMap((t) => t.changes) as FileChange[];

describe('planRollbackHost', () => {
  it('no kept set: nothing to roll back, and says so', () => {
    const hp = planRollbackHost('lb1', loadFacts('debian12-converged'));
    expect(hp.refused).toBeUndefined();
    expect(hp.handlers).toEqual([]);
    expect(hp.tasks).toEqual([
      { task: 'rollback', changes: [], reason: 'nothing to roll back: no last known good set' },
    ]);
  });

  it('restores kept versions, deletes files that were absent, validates and reloads like install', () => {
    const facts = withKept({
      [HAPROXY_CFG]: OLD_CFG,
      [KEEPALIVED_CONF]: facts0().files[KEEPALIVED_CONF]?.content ?? '',
      [KEEPALIVED_DROPIN]: null,
    });
    const hp = planRollbackHost('lb1', facts);
    const byPath = new Map(changesOf(facts).map((c) => [c.path, c]));
    // keepalived.conf is as kept: not a change.
    expect([...byPath.keys()]).toEqual([HAPROXY_CFG, KEEPALIVED_DROPIN]);
    expect(byPath.get(HAPROXY_CFG)).toMatchObject({
      before: facts.files[HAPROXY_CFG]?.content,
      after: OLD_CFG,
      mode: '0644',
      validate: 'haproxy',
      sensitive: true,
    });
    expect(byPath.get(KEEPALIVED_DROPIN)).toMatchObject({ after: null });
    expect(byPath.get(KEEPALIVED_DROPIN)?.validate).toBeUndefined();
    expect(hp.handlers).toEqual([
      { kind: 'daemon-reload' },
      { kind: 'reload', unit: 'haproxy' },
      { kind: 'reload', unit: 'keepalived' },
    ]);
    expect(hp.tasks[0]?.reason).toBe(`restore 2 file(s) from ${PREVIOUS_DIR}`);
  });

  it('never starts a stopped service: no reload for a unit that is not active', () => {
    const facts = withKept({ [HAPROXY_CFG]: OLD_CFG });
    (facts.units['haproxy.service'] as { activeState: string }).activeState = 'inactive';
    expect(planRollbackHost('lb1', facts).handlers).toEqual([]);
  });

  it('is idempotent: once the files are as kept, a second rollback plans nothing', () => {
    const facts = withKept({ [HAPROXY_CFG]: OLD_CFG });
    (facts.files[HAPROXY_CFG] as FileFact).content = OLD_CFG;
    (facts.files[HAPROXY_CFG] as FileFact).mode = '0644';
    const hp = planRollbackHost('lb1', facts);
    expect(changesOf(facts)).toEqual([]);
    expect(hp.handlers).toEqual([]);
    expect(hp.tasks[0]?.reason).toContain('every file is as the last known good set');
  });

  it('a mode change alone is a change', () => {
    const facts = withKept({ [HAPROXY_CFG]: OLD_CFG });
    (facts.files[HAPROXY_CFG] as FileFact).content = OLD_CFG;
    (facts.files[HAPROXY_CFG] as FileFact).mode = '0600';
    expect(changesOf(facts).map((c) => [c.path, c.modeBefore, c.mode])).toEqual([
      [HAPROXY_CFG, '0600', '0644'],
    ]);
  });

  it('a swap cut between its two renames: plans from the set left under .old', () => {
    const dir = `${PREVIOUS_DIR}.old`;
    const facts = withKept({ [HAPROXY_CFG]: OLD_CFG }, dir);
    expect(changesOf(facts).map((c) => c.after)).toEqual([OLD_CFG]);
    expect(planRollbackHost('lb1', facts).tasks[0]?.reason).toBe(`restore 1 file(s) from ${dir}`);
  });

  it('a kept version haka cannot reproduce byte for byte refuses the host, naming the file', () => {
    const facts = withKept({ [HAPROXY_CFG]: OLD_CFG });
    (facts.files[keptPathOf(HAPROXY_CFG)] as FileFact).problem = 'not-utf8';
    const hp = planRollbackHost('lb1', facts);
    expect(hp.tasks).toEqual([]);
    expect(hp.refused).toBe(
      `cannot roll back: the kept version of ${HAPROXY_CFG} (${keptPathOf(HAPROXY_CFG)}) is not UTF-8 text (haka would change its bytes)`,
    );
  });
});

describe('planRollback', () => {
  it('every host with facts, in inventory order, with a run record naming the rollback', () => {
    const facts = factsForAll(inventory, withKept({ [HAPROXY_CFG]: OLD_CFG }));
    delete facts[inventory.hosts[1]?.name as string];
    const planned = withRunRecord(planRollback(inventory, facts), facts, {
      command: 'rollback',
      at: '2026-12-02T09:00:00.000Z',
      from: 'op@jump',
      version: '0.1.0',
    });
    expect(planned.command).toBe('rollback');
    expect(planned.hosts.map((h) => h.host)).toEqual(
      inventory.hosts.filter((_, i) => i !== 1).map((h) => h.name),
    );
    for (const hp of planned.hosts)
      expect(hp.tasks.map((t) => t.task)).toEqual(['rollback', 'run record']);
  });
});

function facts0(): HostFacts {
  return loadFacts('debian12-converged');
}

describe('restore rules', () => {
  it('validate and notify what the install tasks declare for the same files', () => {
    const installPlan = plan({
      command: 'install',
      inventory,
      secrets: SECRETS,
      templates: TEMPLATES,
      facts: factsForAll(inventory, loadFacts('debian12-fresh')),
    });
    const files = (installPlan.hosts[0]?.tasks ?? [])
      .flatMap((t) => t.changes)
      .filter((c): c is FileChange => c.kind === 'file');
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const rule = restoreRule(f.path);
      expect({ path: f.path, validate: rule.validate, notify: rule.notify }).toEqual({
        path: f.path,
        validate: f.validate,
        notify: f.notify,
      });
      // Never less careful than install: a file install treats as secret stays secret.
      if (f.sensitive) expect(rule.sensitive, f.path).toBe(true);
    }
  });
});

// Another tool's leftovers (the Ansible role's sysctl file and notify scripts) with
// `takeover.leftovers: adopt`: removed by the install with their originals saved, never planned
// again, and put back byte for byte by uninstall, also after an install cut short. With the
// default (leave) they are not touched. PURE (fixture facts through the simulator).
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/facts/types.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { countChanges, plan } from '../../../src/plan/index.js';
import type { HostPlan, Plan, PlanCommand } from '../../../src/plan/types.js';
import { KNOWN_LEFTOVERS, MANIFEST, originalPath } from '../../../tasks/paths.js';
import {
  SECRETS,
  factsForAll,
  loadFacts,
  loadInventory,
  TEMPLATES,
} from '../tasks/support/fixtures.js';
import { applyHostPlan, observable } from '../tasks/support/simulate.js';
import { setFile } from '../tasks/support/tweaks.js';

type Facts = Record<string, HostFacts>;

const ROLE_FILES: Record<string, { content: string; mode: string }> = {
  '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf': {
    content: 'net.ipv4.ip_nonlocal_bind=1\n',
    mode: '0644',
  },
  '/etc/keepalived/vip_master.sh': { content: '#!/bin/sh\nlogger MASTER\n', mode: '0755' },
  '/etc/keepalived/vip_backup.sh': { content: '#!/bin/sh\nlogger BACKUP\n', mode: '0755' },
  '/etc/keepalived/vip_fault.sh': { content: '#!/bin/sh\nlogger FAULT\n', mode: '0700' },
};

function inventoryWith(leftovers: 'leave' | 'adopt'): Inventory {
  const inventory = loadInventory('lab');
  inventory.takeover = { leftovers };
  return inventory;
}

function withRoleFiles(inventory: Inventory): Facts {
  const facts = factsForAll(inventory, loadFacts('debian12-fresh'));
  for (const f of Object.values(facts)) {
    // The role's scripts live in /etc/keepalived, so that folder was there before haka.
    f.files['/etc/keepalived'] = {
      path: '/etc/keepalived',
      exists: true,
      content: null,
      mode: '0755',
      owner: 'root',
      group: 'root',
    };
    for (const [path, { content, mode }] of Object.entries(ROLE_FILES))
      setFile(f, path, content, mode);
  }
  return facts;
}

const run = (inventory: Inventory, command: PlanCommand, facts: Facts): Plan =>
  plan({ templates: TEMPLATES, command, inventory, secrets: SECRETS, facts });

const apply = (p: Plan, facts: Facts): Facts =>
  Object.fromEntries(p.hosts.map((h) => [h.host, applyHostPlan(facts[h.host] as HostFacts, h)]));

const leftoversTask = (hp: HostPlan) => hp.tasks.find((t) => t.task === 'leftovers');

// Generous bounds: the first case pays for loading the templates and fixtures on a loaded machine.
describe("another tool's leftovers", { timeout: 60_000 }, () => {
  it('leave (the default): listed, never touched, and uninstall leaves them as they are', () => {
    const inventory = loadInventory('lab');
    expect(inventory.takeover.leftovers).toBe('leave');
    const before = withRoleFiles(inventory);
    const install = run(inventory, 'install', before);
    const task = leftoversTask(install.hosts[0] as HostPlan);
    expect(task?.changes).toEqual([]);
    expect(task?.reason).toContain('left alone (takeover.leftovers: leave)');
    const installed = apply(install, before);
    for (const path of KNOWN_LEFTOVERS)
      expect(installed.lb1?.files[path]?.content).toBe(ROLE_FILES[path]?.content);
    const back = apply(run(inventory, 'uninstall', installed), installed);
    expect(observable(back.lb1 as HostFacts)).toEqual(observable(before.lb1 as HostFacts));
  });

  it('adopt: each one removed with its original saved first, recorded in the manifest', () => {
    const inventory = inventoryWith('adopt');
    const before = withRoleFiles(inventory);
    const install = run(inventory, 'install', before);
    const task = leftoversTask(install.hosts[0] as HostPlan);
    const paths = (task?.changes ?? []).map((c) => (c.kind === 'file' ? [c.path, c.after] : []));
    expect(paths).toEqual(
      KNOWN_LEFTOVERS.flatMap((p) => [
        [originalPath(p), ROLE_FILES[p]?.content],
        [p, null],
      ]),
    );
    const installed = apply(install, before);
    const manifest = JSON.parse(installed.lb1?.files[MANIFEST]?.content ?? '{}') as {
      files: Record<string, { existedBefore: boolean; original: string | null }>;
    };
    for (const path of KNOWN_LEFTOVERS) {
      expect(installed.lb1?.files[path]?.exists).toBe(false);
      expect(manifest.files[path]).toMatchObject({
        existedBefore: true,
        original: originalPath(path),
      });
    }
    const again = run(inventory, 'install', installed);
    expect(countChanges(again)).toBe(0);
    expect(leftoversTask(again.hosts[0] as HostPlan)?.reason).toContain('removed (adopted');
  });

  it('adopt, then the other tool writes a file again: removed again, the first original kept', () => {
    const inventory = inventoryWith('adopt');
    const before = withRoleFiles(inventory);
    const installed = apply(run(inventory, 'install', before), before);
    const path = '/etc/keepalived/vip_master.sh';
    for (const f of Object.values(installed)) setFile(f, path, '#!/bin/sh\nlogger again\n', '0755');
    const again = run(inventory, 'install', installed);
    const changes = leftoversTask(again.hosts[0] as HostPlan)?.changes ?? [];
    expect(changes.map((c) => (c.kind === 'file' ? [c.path, c.after] : []))).toEqual([
      [path, null],
    ]);
    const back = apply(
      run(inventory, 'uninstall', apply(again, installed)),
      apply(again, installed),
    );
    expect(back.lb1?.files[path]?.content).toBe(ROLE_FILES[path]?.content);
  });

  it('adopt: uninstall gives every file back byte for byte and mode, also after a cut-short install', () => {
    const inventory = inventoryWith('adopt');
    const before = withRoleFiles(inventory);
    const host = run(inventory, 'install', before).hosts[0] as HostPlan;
    const total = host.tasks.flatMap((t) => t.changes).length;
    const cuts = [total, total - 1, total - 2, total - 5];
    for (const cut of cuts) {
      let left = cut;
      const partialPlan: HostPlan = {
        ...host,
        tasks: host.tasks.map((t) => {
          const changes = t.changes.slice(0, Math.max(0, left));
          left -= t.changes.length;
          return { ...t, changes };
        }),
      };
      const partial = { [host.host]: applyHostPlan(before[host.host] as HostFacts, partialPlan) };
      const done = apply(run(inventory, 'install', partial), partial);
      expect(countChanges(run(inventory, 'install', done)), `cut after ${cut}`).toBe(0);
      const back = apply(run(inventory, 'uninstall', done), done);
      const got = observable(back[host.host] as HostFacts);
      expect(got, `uninstall after a run cut after ${cut}`).toEqual(
        observable(before[host.host] as HostFacts),
      );
      for (const [path, { content, mode }] of Object.entries(ROLE_FILES))
        expect(back[host.host]?.files[path], path).toMatchObject({ content, mode });
    }
  });
});

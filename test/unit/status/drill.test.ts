// `haka drill`'s plan (pure) and its host commands, from the healthy lab snapshot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoteCommand, restoreCommand } from '../../../src/apply/drill-run.js';
import { planDrill } from '../../../src/plan/drill.js';
import { renderDrillPlan } from '../../../src/render/drill-text.js';
import type { ClusterStatus } from '../../../src/verify/status.js';
import { loadInventory } from '../tasks/support/fixtures.js';

const load = (name: string): ClusterStatus =>
  JSON.parse(readFileSync(`fixtures/status/${name}.json`, 'utf8')) as ClusterStatus;
const inventory = loadInventory('lab');

describe('planDrill', () => {
  it('healthy: the holder drops to priority 1 for a bounded time; the next host takes it', () => {
    const plan = planDrill(inventory, load('lab-healthy'), ['api']);
    expect(plan.refused).toBeNull();
    expect(plan.steps).toEqual([
      expect.objectContaining({ vip: 'api', from: 'lb1', to: 'lb2', offset: -149, lifetimeS: 6 }),
    ]);
    const text = renderDrillPlan(plan);
    expect(text).toContain('lb1: write -149 to /run/haka/drill-api');
    expect(text).toContain('systemd timer haka-drill-api removes /run/haka/drill-api after 6 s');
  });

  it('degraded: refused, with the problems', () => {
    const plan = planDrill(inventory, load('lab-degraded'), ['api', 'ingress']);
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/^the cluster is not healthy \(\d+ problem\(s\)\): .*split brain/);
  });

  it('the timer is set up before the drop, so a failed timer changes nothing', () => {
    const [step] = planDrill(inventory, load('lab-healthy'), ['ingress']).steps;
    const demote = demoteCommand(step as never).toString();
    expect(demote.indexOf('systemd-run')).toBeLessThan(demote.indexOf('mv -f'));
    expect(demote).toContain('--on-active=6');
    expect(restoreCommand(step as never).toString()).toContain('rm -f /run/haka/drill-ingress');
  });
});

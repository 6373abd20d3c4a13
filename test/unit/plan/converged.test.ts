// fixtures/hostfacts/debian12-converged.json is a host haka already installed (lab inventory,
// lb1): the fresh Debian facts after applying the install plan (simulated). It is regenerated
// with HAKA_UPDATE_FIXTURES=1 when a template changes, like a golden file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/facts/types.js';
import { countChanges, plan } from '../../../src/plan/index.js';
import {
  REPO,
  SECRETS,
  factsFor,
  hostOf,
  loadFacts,
  loadInventory,
  TEMPLATES,
} from '../tasks/support/fixtures.js';
import { applyHostPlan } from '../tasks/support/simulate.js';

const PATH = join(REPO, 'fixtures/hostfacts/debian12-converged.json');

function convergedFacts(): HostFacts {
  const inventory = loadInventory('lab');
  const host = hostOf(inventory, 'lb1');
  const fresh = factsFor(loadFacts('debian12-fresh'), host);
  const installed = plan({
    templates: TEMPLATES,
    command: 'install',
    inventory,
    secrets: SECRETS,
    facts: { lb1: fresh },
  });
  const hostPlan = installed.hosts[0];
  if (!hostPlan) throw new Error('no plan for lb1');
  const facts = applyHostPlan(fresh, hostPlan);
  // As a real host reports them (the simulator does not know versions).
  facts.packages = { haproxy: '2.6.12-1+deb12u4', keepalived: '1:2.2.7-1+b2', socat: '1.7.4.4-2' };
  return facts;
}

describe('debian12-converged fixture', () => {
  it('is what installing on debian12-fresh leaves (HAKA_UPDATE_FIXTURES=1 to regenerate)', () => {
    const expected = convergedFacts();
    if (process.env.HAKA_UPDATE_FIXTURES === '1')
      writeFileSync(PATH, `${JSON.stringify(expected, null, 2)}\n`);
    expect(loadFacts('debian12-converged')).toEqual(expected);
  });

  it('plans no change and no handler for install', () => {
    const inventory = loadInventory('lab');
    const result = plan({
      templates: TEMPLATES,
      command: 'install',
      inventory,
      secrets: SECRETS,
      facts: { lb1: loadFacts('debian12-converged') },
    });
    expect(countChanges(result)).toBe(0);
    expect(result.hosts[0]?.handlers).toEqual([]);
    expect(result.hosts[0]?.tasks.map((t) => t.reason)).toContain(
      '/etc/haproxy/haproxy.cfg up to date',
    );
  });
});

// Which hosts start together and which roll, decided from captured facts.
import { describe, expect, it } from 'vitest';
import { rolloutOf, servingNow } from '../../../src/plan/rollout.js';
import { HAPROXY_CFG } from '../../../tasks/paths.js';
import { loadFacts, loadInventory } from '../tasks/support/fixtures.js';

const inventory = loadInventory('lab');

describe('rolloutOf', () => {
  it('a fresh host (nothing installed) starts together with the others', () => {
    const r = rolloutOf(inventory, loadFacts('debian12-fresh'));
    expect(r.mode).toBe('together');
    expect(r.reason).toContain('haproxy inactive, keepalived inactive, no VIP held');
  });

  it("packages preinstalled: Debian's own haproxy.cfg has no frontend, it serves nothing", () => {
    const facts = loadFacts('debian12-preinstalled');
    expect(facts.units['haproxy.service']?.activeState).toBe('active');
    const r = rolloutOf(inventory, facts);
    expect(r.mode).toBe('together');
    expect(r.reason).toContain('haproxy active without a frontend');
  });

  it('a converged host serves: it rolls, and the plan says what it serves', () => {
    const r = rolloutOf(inventory, loadFacts('debian12-converged'));
    expect(r.mode).toBe('rolling');
    expect(r.reason).toMatch(
      /^serving before the run \(.*keepalived active, haproxy active with frontend\(s\) /,
    );
  });

  it('haproxy serving frontends without keepalived still serves', () => {
    const converged = loadFacts('debian12-converged');
    const facts = loadFacts('debian12-preinstalled');
    facts.files[HAPROXY_CFG] = converged.files[HAPROXY_CFG] as (typeof facts.files)[string];
    expect(servingNow(inventory, facts)).toEqual([
      expect.stringMatching(/^haproxy active with frontend\(s\) /),
    ]);
  });

  it('a host holding a VIP address serves, whatever runs', () => {
    const facts = loadFacts('debian12-fresh');
    const eth = facts.interfaces.find((i) => i.addresses.length > 0 && i.name !== 'lo');
    eth?.addresses.push({ address: inventory.vips.api.address, prefix: 24 });
    expect(servingNow(inventory, facts)).toEqual(['holds VIP api']);
  });
});

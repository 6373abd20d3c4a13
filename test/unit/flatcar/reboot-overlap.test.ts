// Reboot windows across hosts: overlaps read from each Flatcar host's update.conf now (a plan
// note for check and install), and inventories whose staggered windows could not avoid overlap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest, HostFacts } from '../../../src/facts/types.js';
import { loadInventory } from '../../../src/inventory/load.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { plan } from '../../../src/plan/index.js';
import { rebootOverlaps, windowsFit } from '../../../tasks/flatcar/reboot-overlap.js';
import { currentRebootPolicy } from '../../../tasks/flatcar/update-conf.js';
import { loadTemplates } from '../../../tasks/templates.js';
import { REPO } from '../tasks/support/fixtures.js';

const read = (p: string): string => readFileSync(join(REPO, p), 'utf8');
const request = JSON.parse(read('fixtures/facts/lab-flatcar-converged.request.json')) as {
  request: FactRequest;
};
const captured = parseProbe(
  read('fixtures/facts/lab-flatcar-converged.probe.txt'),
  request.request,
  'fc1',
);
const inventory: Inventory = loadInventory(join(REPO, 'fixtures/inventories/flatcar-lab.yaml'));

/** The captured host with another update.conf. */
function withUpdateConf(content: string | null): HostFacts {
  const facts = structuredClone(captured);
  const conf = facts.files['/etc/flatcar/update.conf'];
  if (!conf) throw new Error('fixture lacks update.conf');
  Object.assign(conf, content === null ? { exists: false, content: null } : { content });
  return facts;
}

const window = (start: string, length: string): string =>
  `GROUP=stable\nREBOOT_STRATEGY=reboot\nLOCKSMITHD_REBOOT_WINDOW_START="${start}"\nLOCKSMITHD_REBOOT_WINDOW_LENGTH=${length}\n`;

describe('reboot policy from update.conf', () => {
  it('a window, any time (no window, or no file), never (off; the last line wins)', () => {
    expect(currentRebootPolicy(window('Thu 04:00', '1h30m'))).toEqual({
      start: 'Thu 04:00',
      lengthMinutes: 90,
    });
    expect(currentRebootPolicy('GROUP=stable\n')).toBe('any time');
    expect(currentRebootPolicy(null)).toBe('any time');
    expect(currentRebootPolicy('REBOOT_STRATEGY=reboot\nREBOOT_STRATEGY="off"\n')).toBe('never');
  });
});

describe('overlapping reboot windows', () => {
  it('fresh hosts (no window: any time) overlap pairwise; install cures it', () => {
    const facts = {
      fc1: withUpdateConf('GROUP=stable\n'),
      fc2: withUpdateConf(null),
      fc3: withUpdateConf('GROUP=stable\nREBOOT_STRATEGY=off\n'),
    };
    expect(rebootOverlaps(inventory, facts)).toEqual([
      'reboot windows overlap: fc1 (any time) and fc2 (any time) may reboot for an update at the same time (/etc/flatcar/update.conf)',
    ]);
  });

  it('windows that share a minute overlap, back to back ones do not; a daily window recurs on Thursday too', () => {
    const facts = {
      fc1: withUpdateConf(window('Thu 04:00', '1h')),
      fc2: withUpdateConf(window('Thu 04:59', '1h')),
      fc3: withUpdateConf(window('Thu 05:58', '1h')),
    };
    expect(rebootOverlaps(inventory, facts)).toEqual([
      'reboot windows overlap: fc1 (Thu 04:00 for 1h) and fc2 (Thu 04:59 for 1h) may reboot for an update at the same time (/etc/flatcar/update.conf)',
      'reboot windows overlap: fc2 (Thu 04:59 for 1h) and fc3 (Thu 05:58 for 1h) may reboot for an update at the same time (/etc/flatcar/update.conf)',
    ]);
    const staggered = {
      fc1: withUpdateConf(window('Thu 04:00', '1h')),
      fc2: withUpdateConf(window('Thu 05:00', '1h')),
      fc3: withUpdateConf(window('06:30', '30m')),
    };
    expect(rebootOverlaps(inventory, staggered)).toEqual([]);
    const daily = { ...staggered, fc3: withUpdateConf(window('04:30', '10m')) };
    expect(rebootOverlaps(inventory, daily)).toEqual([
      'reboot windows overlap: fc1 (Thu 04:00 for 1h) and fc3 (04:30 for 10m) may reboot for an update at the same time (/etc/flatcar/update.conf)',
    ]);
  });

  it('check shows the overlap as a plan note with the update.conf changes that cure it (drift)', () => {
    const facts = { fc1: withUpdateConf('GROUP=stable\n'), fc2: withUpdateConf('GROUP=stable\n') };
    const p = plan({
      command: 'install',
      inventory,
      secrets: { vrrpAuthPass: 'x', statsPassword: 'y' },
      templates: loadTemplates(),
      facts,
      images: [],
    });
    expect(p.notes).toContain(
      'reboot windows overlap: fc1 (any time) and fc2 (any time) may reboot for an update at the same time (/etc/flatcar/update.conf)',
    );
  });

  it('an inventory whose windows cannot all fit in their day or week is refused', () => {
    const crowded = {
      ...inventory,
      flatcar: { ...inventory.flatcar!, rebootWindow: { start: '04:00', lengthMinutes: 600 } },
    };
    expect(windowsFit(crowded)).toMatch(
      /^flatcar.rebootWindow: 3 hosts × 600 minutes do not fit in a day without two windows overlapping; shorten lengthMinutes or start with a weekday$/,
    );
    expect(windowsFit(inventory)).toBeNull();
  });
});

// Golden files: the exact text haka renders for the production-like and the lab-like inventory.
// A template change shows up here as a reviewable diff. Regenerate: HAKA_UPDATE_GOLDEN=1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import {
  renderCheckScript,
  renderHaproxyDropin,
  renderKeepalivedDropin,
  renderNotifyScript,
  renderSysctlConf,
} from '../../../tasks/content/system-files.js';
import { REPO, SECRETS, loadInventory, type InventoryName, TEMPLATES } from '../tasks/support/fixtures.js';
import { keepalivedConfFor } from './support.js';

const UPDATE = process.env.HAKA_UPDATE_GOLDEN === '1';

function golden(relative: string, actual: string): void {
  const path = join(REPO, 'fixtures/golden', relative);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`missing golden ${relative}: run with HAKA_UPDATE_GOLDEN=1 and review it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual, `fixtures/golden/${relative} (HAKA_UPDATE_GOLDEN=1 to accept)`).toBe(readFileSync(path, 'utf8'));
}

describe.each<InventoryName>(['production', 'lab'])('golden files for the %s inventory', (name) => {
  const inventory = loadInventory(name);

  it('haproxy.cfg (the same on every host)', () => {
    golden(`${name}/haproxy.cfg`, renderHaproxyCfg(TEMPLATES, inventory, SECRETS));
  });

  it.each(inventory.hosts.map((h) => h.name))('keepalived.conf for %s', (host) => {
    const lb = inventory.hosts.find((h) => h.name === host);
    if (!lb) throw new Error(host);
    golden(`${name}/keepalived-${host}.conf`, keepalivedConfFor(inventory, lb));
  });

  it('scripts, sysctl file and drop-ins', () => {
    golden(`${name}/haka-notify.sh`, renderNotifyScript(TEMPLATES, inventory));
    golden(`${name}/haka-check-haproxy.sh`, renderCheckScript(TEMPLATES, inventory));
    golden(`${name}/90-haka.conf`, renderSysctlConf(TEMPLATES, inventory));
    golden(`${name}/keepalived-override.conf`, renderKeepalivedDropin(TEMPLATES, inventory));
    golden(`${name}/haproxy-override.conf`, renderHaproxyDropin(TEMPLATES, inventory));
  });

  it('renders the same text every time (no clock, no randomness, no map-order effects)', () => {
    const host = inventory.hosts[1];
    if (!host) throw new Error('needs two hosts');
    expect(renderHaproxyCfg(TEMPLATES, inventory, SECRETS)).toBe(renderHaproxyCfg(TEMPLATES, structuredClone(inventory), { ...SECRETS }));
    expect(keepalivedConfFor(inventory, host)).toBe(keepalivedConfFor(structuredClone(inventory), host));
  });
});

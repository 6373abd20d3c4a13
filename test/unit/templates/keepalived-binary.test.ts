// The rendered keepalived.conf passes the real keepalived 2.2.7 config test (`keepalived -t -f`)
// for every host of both fixture inventories; broken ones are rejected with their lines.
//
// Two things differ from a real LB host, on purpose:
// - The script user (keepalived_script) does not exist on this test machine; on a host, the
//   script-user task creates it before keepalived.conf is validated. These tests render with an
//   account that exists here (nobody); the real name is tested to be *detected* when missing.
// - The scripts under /etc/keepalived do not exist here. keepalived 2.2.7's -t does not check
//   scripts at all (measured: a missing or world-writable script passes silently); its script
//   security is enforced when the daemon starts, so the verdict here is about the config text.
import { afterAll, describe, expect, it } from 'vitest';
import { judgeValidation } from '../../../src/apply/validate.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { loadInventory } from '../tasks/support/fixtures.js';
import { KEEPALIVED, keepalivedConfFor, run, tempFile, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

function withScriptUser(inventory: Inventory, user: string): Inventory {
  const copy = structuredClone(inventory);
  copy.keepalived.scriptUser = user;
  return copy;
}

function test(config: string) {
  const path = tempFile('keepalived.conf', config);
  return { path, result: run(KEEPALIVED, ['-t', '-f', path]) };
}

const cases = (['production', 'lab'] as const).flatMap((name) =>
  loadInventory(name).hosts.map((h) => [name, h.name] as const),
);

describe('keepalived -t on rendered configs', () => {
  it.each(cases)('%s inventory, host %s: no finding', (name, hostName) => {
    const inventory = withScriptUser(loadInventory(name), 'nobody');
    const host = inventory.hosts.find((h) => h.name === hostName);
    if (!host) throw new Error(hostName);
    const { result } = test(keepalivedConfFor(inventory, host));
    // Exit code is unreliable in 2.2.7 (143 on a valid file); stderr must be empty.
    expect(result.stderr.replace(/^Terminated\n?/m, '')).toBe('');
    expect(judgeValidation('keepalived', result).ok).toBe(true);
  });

  it('detects a script user that does not exist (why the user is created before validation)', () => {
    const inventory = loadInventory('lab');
    const host = inventory.hosts[0];
    if (!host) throw new Error('no host');
    const { result } = test(keepalivedConfFor(withScriptUser(inventory, 'haka_no_such_user'), host));
    const verdict = judgeValidation('keepalived', result);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain('Error setting global script uid/gid');
    expect(verdict.message).toContain('track script haka_check_api not found');
  });

  it.each([
    ['an unknown keyword', (c: string) => c.replace('advert_int 1', 'advert_intx 1'), "Unknown keyword 'advert_intx'"],
    ['an auth_pass over 8 characters', (c: string) => c.replace(/auth_pass .*/, 'auth_pass waytoolongpass'), 'Truncating auth_pass to 8 characters'],
    ['a VRID out of range', (c: string) => c.replace('virtual_router_id 51', 'virtual_router_id 300'), "number '300' outside range [1, 255]"],
    ['a missing brace', (c: string) => c.replace(/^}\n/m, ''), "missing '}'s or extra '{'s"],
    ['vrrp_strict (never rendered; rejected where it does not belong)', (c: string) => `${c}vrrp_strict\n`, "Unknown keyword 'vrrp_strict'"],
  ])('rejects %s and reports the line', (_what, breakIt, expected) => {
    const inventory = withScriptUser(loadInventory('lab'), 'nobody');
    const host = inventory.hosts[0];
    if (!host) throw new Error('no host');
    const { result } = test(breakIt(keepalivedConfFor(inventory, host)));
    const verdict = judgeValidation('keepalived', result);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain(expected);
  });

  it('rejects a file that does not exist although keepalived exits 0', () => {
    const result = run(KEEPALIVED, ['-t', '-f', '/nonexistent/haka/keepalived.conf']);
    expect(result.exitCode).toBe(0);
    const verdict = judgeValidation('keepalived', result);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain('Config files missing');
  });
});

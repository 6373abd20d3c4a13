// The rendered haproxy.cfg passes the real HAProxy 2.6 config check (`haproxy -c -f`), with no
// warning, for both fixture inventories and every health-check kind; a broken one is rejected.
import { afterAll, describe, expect, it } from 'vitest';
import { judgeValidation } from '../../../src/apply/validate.js';
import type { BackendCheck, Inventory } from '../../../src/inventory/types.js';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import { SECRETS, loadInventory, TEMPLATES } from '../tasks/support/fixtures.js';
import { HAPROXY, run, tempFile, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

function check(config: string) {
  const path = tempFile('haproxy.cfg', config);
  return { path, result: run(HAPROXY, ['-c', '-f', path]) };
}

function withCheck(inventory: Inventory, kind: BackendCheck): Inventory {
  const copy = structuredClone(inventory);
  copy.vips.api.check = kind;
  copy.vips.ingress.check = kind;
  return copy;
}

describe('haproxy -c on rendered configs', () => {
  it.each(['production', 'lab'] as const)('the %s inventory: valid, without warnings', (name) => {
    const { result } = check(renderHaproxyCfg(TEMPLATES, loadInventory(name), SECRETS));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Configuration file is valid');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/WARNING|ALERT/);
    expect(judgeValidation('haproxy', result)).toEqual({ ok: true, message: 'Configuration file is valid' });
  });

  it.each<BackendCheck>(['tcp', 'tls', 'http'])('health check kind %s is accepted on every port', (kind) => {
    const config = renderHaproxyCfg(TEMPLATES, withCheck(loadInventory('production'), kind), SECRETS);
    const { result } = check(config);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/WARNING|ALERT/);
  });

  it('a stats password with quotes, spaces and $ is quoted so that HAProxy reads one word', () => {
    const config = renderHaproxyCfg(TEMPLATES, loadInventory('lab'), { ...SECRETS, statsPassword: `it's a $HOME "pw"` });
    expect(config).toContain(`stats auth "admin:it's a \\$HOME \\"pw\\""`);
    const { result } = check(config);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/WARNING|ALERT/);
  });

  it('rejects a broken config, and the verdict names the line and the problem', () => {
    const broken = renderHaproxyCfg(TEMPLATES, loadInventory('lab'), SECRETS).replace('balance roundrobin', 'balance roundrobinx');
    const { path, result } = check(broken);
    expect(result.exitCode).not.toBe(0);
    const verdict = judgeValidation('haproxy', result);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain(`parsing [${path}:`);
    expect(verdict.message).toContain("balance only supports 'roundrobin'");
    expect(verdict.message).not.toContain('[NOTICE]');
  });
});

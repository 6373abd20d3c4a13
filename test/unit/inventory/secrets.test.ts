import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import {
  loadInventory,
  loadInventoryWithSource,
  resolveSecrets,
  secretValues,
  type Inventory,
} from '../../../src/inventory/index.js';
import { FIXTURES } from './markers.js';

const home = { home: '/home/tester' };
const LAB = join(FIXTURES, 'lab.yaml');
const realFiles = (path: string) => readFileSync(path, 'utf8');
const noFiles = (path: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`);
};

function withEnvAuth(): Inventory {
  const inventory = loadInventory(LAB, undefined, home);
  inventory.keepalived.authPass = { ref: 'env:HAKA_VRRP_AUTH', field: 'keepalived.authPass' };
  delete inventory.haproxy.stats;
  return inventory;
}

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveSecrets', () => {
  it('reads file: secrets relative to the inventory, trimming one trailing newline', () => {
    const inventory = loadInventory(LAB, undefined, home);
    expect(resolveSecrets(inventory, { env: {}, readFile: realFiles })).toEqual({
      vrrpAuthPass: 'lab-vrrp',
      statsPassword: 'lab-stats-password',
    });
  });

  it('trims only one newline: a second one is refused as a multi-line secret', () => {
    const inventory = loadInventory(LAB, undefined, home);
    const issues = issuesOf(() => resolveSecrets(inventory, { env: {}, readFile: () => 'pw\n\n' }));
    expect(issues.map((i) => i.field)).toEqual(['keepalived.authPass', 'haproxy.stats.password']);
    expect(issues[0]?.message).toContain('whitespace');
    expect(issues[1]?.message).toContain('several lines');
  });

  it('reads env: secrets from the given environment only', () => {
    const secrets = resolveSecrets(withEnvAuth(), {
      env: { HAKA_VRRP_AUTH: 's3cret' },
      readFile: noFiles,
    });
    expect(secrets).toEqual({ vrrpAuthPass: 's3cret' });
  });

  it('names the variable, the field and the fix when an env var is missing', () => {
    const issues = issuesOf(() => resolveSecrets(withEnvAuth(), { env: {}, readFile: noFiles }));
    expect(issues).toEqual([
      {
        file: LAB,
        line: null,
        field: 'keepalived.authPass',
        severity: 'error',
        message: 'environment variable HAKA_VRRP_AUTH (from env:HAKA_VRRP_AUTH) is not set',
        fix: 'export HAKA_VRRP_AUTH=... before running haka, or point keepalived.authPass at file:PATH',
      },
    ]);
  });

  it('reports every unreadable file at once, with lines when given', () => {
    const { inventory, lines } = loadInventoryWithSource(LAB, undefined, home);
    const issues = issuesOf(() => resolveSecrets(inventory, { env: {}, readFile: noFiles, lines }));
    expect(issues.map((i) => [i.field, i.line])).toEqual([
      ['keepalived.authPass', 34],
      ['haproxy.stats.password', 37],
    ]);
    expect(issues[0]?.message).toContain(join(FIXTURES, 'secrets/vrrp-auth'));
    expect(issues[0]?.fix).toContain('chmod 600');
  });

  it('refuses a VRRP auth_pass longer than 8 characters, without printing it', () => {
    const issues = issuesOf(() =>
      resolveSecrets(withEnvAuth(), {
        env: { HAKA_VRRP_AUTH: 'much-too-long' },
        readFile: noFiles,
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('13 characters; keepalived uses at most 8');
    expect(issues[0]?.message).not.toContain('much-too-long');
    expect(issues[0]?.fix).toContain('1 to 8 characters');
  });

  it('refuses the too-long file fixture too', () => {
    const inventory = withEnvAuth();
    inventory.keepalived.authPass = {
      ref: `file:${join(FIXTURES, 'secrets/vrrp-auth-too-long')}`,
      field: 'keepalived.authPass',
    };
    expect(
      issuesOf(() => resolveSecrets(inventory, { env: {}, readFile: realFiles }))[0]?.message,
    ).toContain('20 characters');
  });

  it('refuses empty values and characters keepalived.conf cannot carry', () => {
    const empty = issuesOf(() =>
      resolveSecrets(withEnvAuth(), { env: { HAKA_VRRP_AUTH: '' }, readFile: noFiles }),
    );
    expect(empty[0]?.message).toBe('env:HAKA_VRRP_AUTH is empty');
    const comment = issuesOf(() =>
      resolveSecrets(withEnvAuth(), { env: { HAKA_VRRP_AUTH: 'ab#cd' }, readFile: noFiles }),
    );
    expect(comment[0]?.message).toContain('#');
  });

  it('accepts exactly 8 characters', () => {
    expect(
      resolveSecrets(withEnvAuth(), { env: { HAKA_VRRP_AUTH: '12345678' }, readFile: noFiles }),
    ).toEqual({
      vrrpAuthPass: '12345678',
    });
  });
});

describe('secretValues', () => {
  it('lists the values to redact, longest first, skipping absent ones', () => {
    expect(secretValues({ vrrpAuthPass: 'short', statsPassword: 'a-longer-one' })).toEqual([
      'a-longer-one',
      'short',
    ]);
    expect(secretValues({ vrrpAuthPass: 'only' })).toEqual(['only']);
  });
});

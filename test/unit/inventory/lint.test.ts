import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInventory } from '../../../src/inventory/index.js';
import { FIXTURES, summarize } from './markers.js';

const SHIPPED = join(import.meta.dirname, '../../../inventory.yaml');
const env = { home: '/home/tester' };

describe('lintInventory', () => {
  it('returns schema problems as issues instead of throwing', () => {
    const result = lintInventory(join(FIXTURES, 'schema/out-of-range.yaml'), undefined, { env });
    expect(result.inventory).toBeUndefined();
    expect(result.issues).toHaveLength(6);
  });

  it('returns an unreadable file as an issue', () => {
    const result = lintInventory('/nonexistent/inventory.yaml');
    expect(result.issues.map((i) => i.field)).toEqual(['(file)']);
  });

  it('returns the inventory and its preflight findings', () => {
    const result = lintInventory(SHIPPED, undefined, { env });
    expect(result.inventory?.cluster).toBe('k3s-prod');
    expect(result.issues.filter((i) => i.severity === 'error')).toHaveLength(4);
  });

  it('resolves secrets only when asked, adding their problems', () => {
    const lab = join(FIXTURES, 'lab.yaml');
    expect(lintInventory(lab, undefined, { env }).issues).toEqual([]);
    const result = lintInventory(lab, undefined, {
      env,
      secrets: { env: {}, readFile: () => 'far-too-long-for-vrrp' },
    });
    expect(result.issues.map(summarize)).toEqual(['error keepalived.authPass @34']);
  });
});

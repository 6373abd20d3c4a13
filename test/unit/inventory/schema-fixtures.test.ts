// Generic runner: every broken fixture reports exactly the issues its `#!` markers name.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { casesIn, summarize } from './markers.js';

const cases = casesIn('schema');

function loadIssues(path: string) {
  try {
    loadInventory(path, undefined, { home: '/home/tester' });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error(`${path} loaded without errors`);
}

describe('schema fixtures', () => {
  it('has broken fixtures to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    expect(testCase.expected.length).toBeGreaterThan(0);
    const issues = loadIssues(testCase.path);
    expect(issues.map(summarize).sort()).toEqual(testCase.expected);
    for (const issue of issues) {
      expect(issue.file).toBe(testCase.path);
      expect(issue.message).not.toMatch(/must NOT|must match pattern|instancePath/);
      expect(issue.fix.length).toBeGreaterThan(5);
    }
  });
});

// Generic runner: one small inventory per preflight check (firing, or `-clean` not firing);
// each reports exactly the findings its `#!` markers name, on those lines.
import { describe, expect, it } from 'vitest';
import { loadInventoryWithSource, preflight } from '../../../src/inventory/index.js';
import { casesIn, summarize } from './markers.js';

const cases = casesIn('preflight');

describe('preflight fixtures', () => {
  it('covers firing and clean cases', () => {
    expect(cases.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.expected.length > 0).length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { inventory, lines } = loadInventoryWithSource(testCase.path, undefined, {
      home: '/home/tester',
    });
    const issues = preflight(inventory, lines);
    expect(issues.map(summarize).sort()).toEqual(testCase.expected);
    for (const issue of issues) {
      expect(issue.file).toBe(testCase.path);
      expect(issue.fix).not.toBe('');
    }
  });
});

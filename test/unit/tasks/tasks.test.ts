// Generic runner for the task case files in ./cases: facts + inventory → changes and reason.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contextFor } from './support/fixtures.js';
import type { CaseFile } from './support/task-case.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.case.ts'))
  .sort();
const loaded = await Promise.all(
  files.map(async (f) => [f, (await import(`./cases/${f}`)) as CaseFile] as const),
);

describe.each(loaded)('%s', (_file, { task, cases }) => {
  it('has a no-op case and a change case', () => {
    expect(cases.some((c) => (c.changes ?? []).length === 0)).toBe(true);
    expect(cases.some((c) => (c.changes ?? []).length > 0)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ctx = contextFor(c.inventory ?? 'lab', c.facts, {
      host: c.host,
      purge: c.purge,
      tweak: c.tweak,
    });
    const outcome = task.plan(ctx);
    expect(outcome.task).toBe(task.name);
    if (typeof c.reason === 'string') expect(outcome.reason).toBe(c.reason);
    else expect(outcome.reason).toMatch(c.reason);
    const expected = c.changes ?? [];
    expect(outcome.changes).toHaveLength(expected.length);
    expected.forEach((change, i) => expect(outcome.changes[i]).toMatchObject(change));
  });
});

// Generic runner: every parser against every case in fixtures/facts/cases/.
import { describe, expect, it } from 'vitest';
import { FactError } from '../../../src/errors.js';
import { caseInput, FACT_BUILDERS, loadFactCases } from './helpers/fact-cases.js';

const cases = loadFactCases();

describe('fact parser cases', () => {
  it('covers every fact with at least one case, and every case is labelled real or hand-written', () => {
    expect(new Set(cases.map((c) => c.fact))).toEqual(new Set(Object.keys(FACT_BUILDERS)));
    for (const c of cases) expect(c.provenance, c.file).toMatch(/^(real|hand-written)/);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_name, c) => {
    const build = FACT_BUILDERS[c.fact];
    if (!build) throw new Error(`${c.file}: unknown fact ${c.fact}`);
    const fact = build(c.args);
    const run = (): unknown => fact.parse(caseInput(c), c.exitCode);
    if (c.error !== undefined) {
      expect(run).toThrow(FactError);
      expect(run).toThrow(c.error);
    } else {
      expect(run()).toEqual(c.expected);
    }
  });
});

// Data-driven parser cases: fixtures/facts/cases/*.json, one small case per file.
// { fact, args, provenance, input: {file} | {text} | {probe, section}, exitCode, expected | error }
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact } from '../../../../src/facts/fact.js';
import { fileFact } from '../../../../src/facts/files.js';
import { firewallFact } from '../../../../src/facts/firewall.js';
import { interfacesFact } from '../../../../src/facts/interfaces.js';
import { osReleaseFact } from '../../../../src/facts/os-release.js';
import { packageManagerFact } from '../../../../src/facts/package-manager.js';
import { packagesFact } from '../../../../src/facts/packages.js';
import { splitSections } from '../../../../src/facts/probe.js';
import { selinuxFact } from '../../../../src/facts/selinux.js';
import { sysctlFact } from '../../../../src/facts/sysctl.js';
import { unitsFact } from '../../../../src/facts/units.js';
import { FIXTURES_DIR } from './probe-fixtures.js';

export interface FactCase {
  file: string;
  fact: string;
  provenance: string;
  args: { names?: string[]; path?: string; key?: string; units?: string[] };
  input: { file?: string; text?: string; probe?: string; section?: string };
  exitCode: number;
  expected?: unknown;
  error?: string;
}

/** Build the fact a case names; new facts get one line here. */
export const FACT_BUILDERS: Record<string, (args: FactCase['args']) => Fact<unknown>> = {
  'os-release': () => osReleaseFact,
  'package-manager': () => packageManagerFact,
  packages: (a) => packagesFact(a.names ?? []),
  file: (a) => fileFact(a.path ?? '/', 0),
  sysctl: (a) => sysctlFact(a.key ?? '', 0),
  units: (a) => unitsFact(a.units ?? []),
  interfaces: () => interfacesFact,
  selinux: () => selinuxFact,
  firewall: () => firewallFact,
};

export function loadFactCases(dir = join(FIXTURES_DIR, 'cases')): FactCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: f,
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<FactCase, 'file'>),
    }));
}

/** The raw output a case feeds to its parser. */
export function caseInput(c: FactCase): string {
  if (c.input.text !== undefined) return c.input.text;
  if (c.input.file) return readFileSync(join(FIXTURES_DIR, c.input.file), 'utf8');
  if (c.input.probe && c.input.section) {
    const section = splitSections(readFileSync(join(FIXTURES_DIR, c.input.probe), 'utf8')).get(
      c.input.section,
    );
    if (!section) throw new Error(`${c.file}: no section ${c.input.section} in ${c.input.probe}`);
    return section.output;
  }
  throw new Error(`${c.file}: input needs text, file, or probe + section`);
}

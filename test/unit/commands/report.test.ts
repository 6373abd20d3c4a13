// --json never says "in sync" about hosts it did not reach.
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { printOutcome, unreachableOutcomes } from '../../../src/commands/report.js';
import { ConnectError } from '../../../src/errors.js';
import { Redactor } from '../../../src/log.js';
import type { Plan } from '../../../src/plan/types.js';

function jsonOf(failures: Map<string, Error>): { plan: { inSync: boolean }; hosts: unknown[] } {
  let out = '';
  const ctx = {
    options: { json: true },
    redactor: new Redactor(),
    print: (text: string) => (out += text),
  } as unknown as CommandContext;
  const plan: Plan = { command: 'install', hosts: [] };
  printOutcome(ctx, plan, unreachableOutcomes(failures), ['lb1', 'lb2']);
  return JSON.parse(out) as { plan: { inSync: boolean }; hosts: unknown[] };
}

describe('printOutcome --json', () => {
  it('an empty plan with every host answering is in sync', () => {
    expect(jsonOf(new Map()).plan.inSync).toBe(true);
  });

  it('is not in sync when a host was unreachable', () => {
    const lost = new ConnectError('lb1', 'unreachable', 'lb1 (10.0.0.1:22): unreachable');
    const json = jsonOf(new Map([['lb1', lost]]));
    expect(json.plan.inSync).toBe(false);
    expect(json.hosts).toEqual([expect.objectContaining({ host: 'lb1', status: 'unreachable' })]);
  });

  it('is not in sync when a host key was refused', () => {
    const refused = new ConnectError('lb2', 'host-key-mismatch', 'lb2: HOST KEY MISMATCH');
    const json = jsonOf(new Map([['lb2', refused]]));
    expect(json.plan.inSync).toBe(false);
    expect(json.hosts).toEqual([expect.objectContaining({ host: 'lb2', status: 'refused' })]);
  });
});

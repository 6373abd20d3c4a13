import { describe, expect, it } from 'vitest';
import { LAST_RUN_FILE, parseRunRecord, withRunRecord } from '../../../src/plan/run-record.js';
import { planFor } from '../render/support.js';

const record = {
  command: 'install',
  at: '2026-12-02T06:00:00.000Z',
  from: 'op@jump',
  version: '0.1.0',
};

describe('withRunRecord', () => {
  it('a host the plan changes records the run last; its content is the record', () => {
    const plan = withRunRecord(planFor('debian12-fresh'), {}, record);
    for (const host of plan.hosts) {
      const last = host.tasks[host.tasks.length - 1];
      expect(last?.task).toBe('run record');
      const change = last?.changes[0];
      expect(change?.kind === 'file' && change.path).toBe(LAST_RUN_FILE);
      expect(change?.kind === 'file' && parseRunRecord(change.after)).toEqual(record);
    }
  });

  it('a host in sync records nothing (check stays in sync)', () => {
    const plan = planFor('debian12-converged');
    expect(withRunRecord(plan, {}, record)).toEqual(plan);
  });

  it('uninstall removes an existing record', () => {
    const plan = planFor('debian12-converged', { command: 'uninstall' });
    const facts = {
      lb1: { files: { [LAST_RUN_FILE]: { exists: true, content: '{}', mode: '0644' } } },
    } as never;
    const out = withRunRecord(plan, facts, record);
    const last = out.hosts[0]?.tasks.at(-1);
    expect(last?.reason).toBe(`remove ${LAST_RUN_FILE}`);
    expect(last?.changes[0]?.kind === 'file' && last.changes[0].after).toBeNull();
  });
});

describe('parseRunRecord', () => {
  it('null for absent or torn content', () => {
    expect(parseRunRecord(null)).toBeNull();
    expect(parseRunRecord('{"command":')).toBeNull();
    expect(parseRunRecord('{"command":"install"}')).toBeNull();
  });
});

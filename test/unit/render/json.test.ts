// planToJson: a stable, redacted, machine-readable shape.
import { describe, expect, it } from 'vitest';
import { planToJson } from '../../../src/render/index.js';
import { SECRET_VALUES } from '../tasks/support/fixtures.js';
import { planFor } from './support.js';

interface JsonPlan {
  command: string;
  inSync: boolean;
  changeCount: number;
  hosts: {
    host: string;
    os: string | null;
    status: string;
    refused: string | null;
    warnings: string[];
    handlers: string[];
    tasks: { task: string; status: string; reason: string; changes: Record<string, unknown>[] }[];
  }[];
}

const json = (p: ReturnType<typeof planFor>) => planToJson(p, SECRET_VALUES) as JsonPlan;

describe('planToJson', () => {
  it('top level and host shape', () => {
    const out = json(planFor('debian12-fresh'));
    expect(out).toMatchObject({ command: 'install', inSync: false, changeCount: 45 });
    expect(Object.keys(out.hosts[0] ?? {})).toEqual([
      'host',
      'os',
      'status',
      'refused',
      'warnings',
      'handlers',
      'handover',
      'rollout',
      'tasks',
    ]);
    expect(out.hosts[0]).toMatchObject({
      host: 'lb1',
      status: 'change',
      refused: null,
      warnings: [],
      handlers: ['daemon-reload', 'restart haproxy', 'restart keepalived'],
      handover: null,
      rollout: { mode: 'together' },
    });
  });

  it('a file change: action, validator, notify, redacted diff, no raw content', () => {
    const task = json(planFor('debian12-fresh')).hosts[0]?.tasks.find(
      (t) => t.task === 'keepalived.conf',
    );
    const change = task?.changes[0] ?? {};
    expect(Object.keys(change)).toEqual([
      'kind',
      'path',
      'action',
      'mode',
      'modeBefore',
      'validate',
      'notify',
      'sensitive',
      'removeEmptyDirs',
      'diff',
    ]);
    expect(change).toMatchObject({
      kind: 'file',
      action: 'create',
      validate: 'keepalived',
      notify: ['reload keepalived'],
      sensitive: true,
    });
    expect(change.diff).toContain('+        auth_pass ********\n');
  });

  it('other changes as they are', () => {
    const tasks = json(planFor('debian12-fresh')).hosts[0]?.tasks ?? [];
    expect(tasks[0]?.changes[0]).toEqual({
      kind: 'package',
      manager: 'apt',
      action: 'install',
      names: ['haproxy', 'keepalived', 'socat'],
    });
    expect(tasks.find((t) => t.task === 'services')?.changes[0]).toEqual({
      kind: 'service',
      unit: 'haproxy',
      action: 'enable',
    });
  });

  it('in sync, and refused hosts', () => {
    expect(json(planFor('debian12-converged'))).toMatchObject({ inSync: true, changeCount: 0 });
    const refused = json(planFor('flatcar'));
    expect(refused.hosts[0]).toMatchObject({ status: 'refused', tasks: [] });
    expect(refused.hosts[0]?.refused).toMatch(/name them in flatcar.images/);
  });

  it('survives JSON round trips unchanged (plain data)', () => {
    const out = json(planFor('debian12-preinstalled'));
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

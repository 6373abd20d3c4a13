import { describe, expect, it } from 'vitest';
import { parsePending, withPendingHandlers } from '../../../src/plan/pending.js';
import { PENDING_FILE } from '../../../tasks/paths.js';
import type { HostFacts } from '../../../src/facts/types.js';
import type { Plan } from '../../../src/plan/types.js';

function factsWith(content: string | null): HostFacts {
  return {
    host: 'lb1',
    os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian 12', family: 'debian' },
    packageManager: 'apt',
    packages: {},
    files: {
      [PENDING_FILE]: {
        path: PENDING_FILE,
        exists: content !== null,
        content,
        mode: null,
        owner: null,
        group: null,
      },
    },
    sysctl: {},
    units: {},
    interfaces: [],
    selinux: 'absent',
    firewall: { firewalldActive: false, nftablesActive: false },
  };
}

const inSync: Plan = {
  command: 'install',
  hosts: [
    {
      host: 'lb1',
      tasks: [{ task: 'haproxy.cfg', changes: [], reason: 'up to date' }],
      handlers: [],
    },
  ],
};

describe('pending handlers from an interrupted run', () => {
  it('adds them to an otherwise empty plan and marks the host', () => {
    const record = JSON.stringify({
      handlers: [{ kind: 'reload', unit: 'haproxy' }],
      files: [],
      startedUnits: [],
    });
    const plan = withPendingHandlers(inSync, { lb1: factsWith(record) });
    expect(plan.hosts[0]?.handlers).toEqual([{ kind: 'reload', unit: 'haproxy' }]);
    expect(plan.hosts[0]?.pendingFromEarlierRun).toBe(true);
  });

  it('does not duplicate handlers and keeps daemon-reload first', () => {
    const record = JSON.stringify({
      handlers: [{ kind: 'reload', unit: 'haproxy' }, { kind: 'daemon-reload' }],
    });
    const plan: Plan = {
      ...inSync,
      hosts: [{ ...inSync.hosts[0]!, handlers: [{ kind: 'reload', unit: 'haproxy' }] }],
    };
    const merged = withPendingHandlers(plan, { lb1: factsWith(record) });
    expect(merged.hosts[0]?.handlers).toEqual([
      { kind: 'daemon-reload' },
      { kind: 'reload', unit: 'haproxy' },
    ]);
  });

  it('leaves the plan alone when nothing is pending', () => {
    expect(withPendingHandlers(inSync, { lb1: factsWith(null) })).toEqual(inSync);
  });

  it('treats a torn pending file as "reload everything"', () => {
    expect(parsePending(factsWith('{"handl'))?.handlers).toHaveLength(2);
  });
});

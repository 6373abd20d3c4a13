// Handlers: from the changes' notify, de-duplicated, ordered, reconciled with starts and stops.
import { describe, expect, it } from 'vitest';
import { planHandlers } from '../../../src/plan/handlers.js';
import { planHost } from '../../../src/plan/index.js';
import type { Change, FileChange, Handler } from '../../../src/plan/types.js';
import { contextFor } from '../tasks/support/fixtures.js';

function file(path: string, notify: Handler[]): FileChange {
  return {
    kind: 'file',
    path,
    before: 'a',
    after: 'b',
    modeBefore: '0644',
    mode: '0644',
    notify,
    sensitive: false,
  };
}
const reload = (unit: 'haproxy' | 'keepalived'): Handler => ({ kind: 'reload', unit });
const restart = (unit: 'haproxy' | 'keepalived'): Handler => ({ kind: 'restart', unit });
const start = (unit: 'haproxy' | 'keepalived'): Change => ({
  kind: 'service',
  unit,
  action: 'start',
});
const DROPIN = '/etc/systemd/system/keepalived.service.d/override.conf';

describe('planHandlers', () => {
  it('none without notifying changes', () => {
    expect(planHandlers([{ kind: 'sysctl', key: 'k', before: '0', after: '1' }])).toEqual([]);
  });

  it('de-duplicates, daemon-reload first, HAProxy before keepalived', () => {
    const changes = [
      file('/etc/keepalived/keepalived.conf', [reload('keepalived')]),
      file('/x.conf', [{ kind: 'daemon-reload' }]),
      file('/etc/haproxy/haproxy.cfg', [reload('haproxy')]),
      file('/y.conf', [{ kind: 'daemon-reload' }, reload('haproxy')]),
    ];
    expect(planHandlers(changes)).toEqual([
      { kind: 'daemon-reload' },
      reload('haproxy'),
      reload('keepalived'),
    ]);
  });

  it('restart wins over reload for the same unit', () => {
    expect(
      planHandlers([file('/a', [reload('keepalived')]), file('/b', [restart('keepalived')])]),
    ).toEqual([restart('keepalived')]);
  });

  it('dropped when the unit is started in this run: the start loads the new config', () => {
    expect(
      planHandlers([file('/etc/haproxy/haproxy.cfg', [reload('haproxy')]), start('haproxy')]),
    ).toEqual([]);
  });

  it('a restart when the package is installed in this run (Debian already started it with its default config)', () => {
    const changes: Change[] = [
      {
        kind: 'package',
        manager: 'apt',
        action: 'install',
        names: ['haproxy', 'keepalived', 'socat'],
      },
      file('/etc/haproxy/haproxy.cfg', [reload('haproxy')]),
      start('haproxy'),
    ];
    expect(planHandlers(changes)).toEqual([restart('haproxy')]);
  });

  it('a restart when the unit drop-in changed (the start ran before daemon-reload)', () => {
    const changes: Change[] = [
      file('/etc/keepalived/keepalived.conf', [reload('keepalived')]),
      file(DROPIN, [{ kind: 'daemon-reload' }, restart('keepalived')]),
      start('keepalived'),
    ];
    expect(planHandlers(changes)).toEqual([{ kind: 'daemon-reload' }, restart('keepalived')]);
  });

  it('dropped when the unit is stopped in this run', () => {
    expect(
      planHandlers([
        file('/etc/keepalived/keepalived.conf', [reload('keepalived')]),
        { kind: 'service', unit: 'keepalived', action: 'stop' },
      ]),
    ).toEqual([]);
  });
});

describe('handlers of whole host plans', () => {
  it('fresh Debian: daemon-reload, then restarts (packages installed in this run)', () => {
    expect(
      planHost({ ...contextFor('lab', 'debian12-fresh'), command: 'install' }).handlers,
    ).toEqual([{ kind: 'daemon-reload' }, restart('haproxy'), restart('keepalived')]);
  });

  it('Debian with HAProxy running: HAProxy reloads (no restart), keepalived restarts after its first start', () => {
    expect(
      planHost({ ...contextFor('lab', 'debian12-preinstalled'), command: 'install' }).handlers,
    ).toEqual([{ kind: 'daemon-reload' }, reload('haproxy'), restart('keepalived')]);
  });

  it('a keepalived.conf edit on a converged host: only keepalived reloads', () => {
    const ctx = contextFor('lab', 'debian12-converged', {
      tweak: (_f, inv) => void ((inv.hosts[0] ?? { priority: { api: 0 } }).priority.api = 151),
    });
    expect(planHost({ ...ctx, command: 'install' }).handlers).toEqual([reload('keepalived')]);
  });

  it('uninstall of a fresh install: daemon-reload only (the services are stopped)', () => {
    expect(
      planHost({ ...contextFor('lab', 'debian12-converged'), command: 'uninstall' }).handlers,
    ).toEqual([{ kind: 'daemon-reload' }]);
  });
});

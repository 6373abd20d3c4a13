// Stop and disable what haka started and enabled; leave what was running before haka alone.
import type { ServiceChange, ServiceName } from '../../src/change/types.js';
import { unitState } from '../host-facts.js';
import type { Task } from '../task.js';
import { withManifest } from './with-manifest.js';

export const task: Task = {
  name: 'services',
  plan: (ctx) =>
    withManifest('services', ctx, (manifest) => {
      const changes: ServiceChange[] = [];
      // keepalived first: it gives up the VIPs before HAProxy goes away.
      for (const unit of ['keepalived', 'haproxy'] as ServiceName[]) {
        const before = manifest.services[unit];
        if (!before) continue;
        const state = unitState(ctx.facts, unit);
        if (state.active && !before.activeBefore)
          changes.push({ kind: 'service', unit, action: 'stop' });
        if (state.enabled && !before.enabledBefore)
          changes.push({ kind: 'service', unit, action: 'disable' });
      }
      const reason =
        changes.length > 0
          ? `${changes.map((c) => `${c.action} ${c.unit}`).join(', ')} (haka started/enabled them)`
          : 'haproxy.service and keepalived.service are as haka found them';
      return { task: 'services', changes, reason };
    }),
};

// HAProxy and Keepalived enabled at boot and running. A masked unit is the operator's decision:
// left alone, and the planner warns about it.
import type { ServiceChange, ServiceName } from '../src/change/types.js';
import { unitState } from './host-facts.js';
import type { Task } from './task.js';

export const SERVICES: readonly ServiceName[] = ['haproxy', 'keepalived'];

export const task: Task = {
  name: 'services',
  plan({ facts }) {
    const changes: ServiceChange[] = [];
    const notes: string[] = [];
    for (const unit of SERVICES) {
      const state = unitState(facts, unit);
      if (state.masked) {
        notes.push(`${state.unit} is masked: left alone`);
        continue;
      }
      if (!state.enabled) changes.push({ kind: 'service', unit, action: 'enable' });
      if (!state.active) changes.push({ kind: 'service', unit, action: 'start' });
    }
    const done = changes.length > 0 ? [changes.map((c) => `${c.action} ${c.unit}`).join(', ')] : [];
    if (done.length === 0 && notes.length === 0)
      notes.push('haproxy.service and keepalived.service enabled and running');
    return { task: 'services', changes, reason: [...done, ...notes].join('; ') };
  },
};

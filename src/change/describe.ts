import type { Change, Handler } from './types.js';

/** One line naming a change, for logs, errors and the recap. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'file':
      if (change.after === null) return `delete ${change.path}`;
      return `${change.before === null ? 'create' : 'update'} ${change.path}`;
    case 'package':
      return `${change.action} packages ${change.names.join(', ')}`;
    case 'sysctl':
      return `sysctl ${change.key}=${change.after}`;
    case 'service':
      return `${change.action} ${change.unit}`;
    case 'user':
      return `${change.action} user ${change.name}`;
    case 'sysext-image':
      return `${change.action} image ${change.path}`;
    case 'sysext-link':
      return change.target === null
        ? `remove link ${change.link}`
        : `link ${change.link} → ${change.target}`;
    case 'sysext-refresh':
      return 'merge system extensions';
  }
}

export function describeHandler(handler: Handler): string {
  return handler.kind === 'daemon-reload'
    ? 'systemctl daemon-reload'
    : `${handler.kind} ${handler.unit}`;
}

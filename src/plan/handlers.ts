// Handlers: collected from the file and image-link changes' notify, then reconciled with the service changes of
// the same run, de-duplicated and ordered (daemon-reload first, then HAProxy, then keepalived).
import type { Change, FileChange, Handler, ServiceName } from './types.js';

const UNIT_ORDER: readonly ServiceName[] = ['haproxy', 'keepalived'];

function unitsWith(changes: Change[], action: 'start' | 'stop'): Set<ServiceName> {
  return new Set(
    changes.flatMap((c) => (c.kind === 'service' && c.action === action ? [c.unit] : [])),
  );
}

function installedPackages(changes: Change[]): Set<string> {
  return new Set(
    changes.flatMap((c) => (c.kind === 'package' && c.action === 'install' ? c.names : [])),
  );
}

function dropinChanged(files: FileChange[], unit: ServiceName): boolean {
  return files.some((f) => f.path.startsWith(`/etc/systemd/system/${unit}.service.d/`));
}

/**
 * What to do for `unit` after the changes, given what they notified:
 * - stopped in this run: nothing;
 * - started in this run: nothing (a start loads the new config), unless the start may have
 *   used old definitions: its package was installed in this run (Debian starts a service at
 *   installation, so `start` is then a no-op) or its drop-in changed (daemon-reload only comes
 *   with the handlers). Then a restart;
 * - else the strongest notified: restart over reload.
 */
function unitHandler(
  unit: ServiceName,
  notified: Handler[],
  changes: Change[],
  files: FileChange[],
): Handler | null {
  const kinds = new Set(
    notified.flatMap((h) => (h.kind !== 'daemon-reload' && h.unit === unit ? [h.kind] : [])),
  );
  if (kinds.size === 0 || unitsWith(changes, 'stop').has(unit)) return null;
  if (unitsWith(changes, 'start').has(unit)) {
    const stale = installedPackages(changes).has(unit) || dropinChanged(files, unit);
    return stale ? { kind: 'restart', unit } : null;
  }
  return { kind: kinds.has('restart') ? 'restart' : 'reload', unit };
}

export function planHandlers(changes: Change[]): Handler[] {
  const files = changes.filter((c): c is FileChange => c.kind === 'file');
  // An image link notifies too: a running service keeps the old program until it restarts.
  const notified = changes.flatMap((c) =>
    c.kind === 'file' || c.kind === 'sysext-link' ? (c.notify ?? []) : [],
  );
  const handlers: Handler[] = notified.some((h) => h.kind === 'daemon-reload')
    ? [{ kind: 'daemon-reload' }]
    : [];
  for (const unit of UNIT_ORDER) {
    const handler = unitHandler(unit, notified, changes, files);
    if (handler) handlers.push(handler);
  }
  return handlers;
}

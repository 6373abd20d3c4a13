// The plan as machine-readable JSON (`--json`): stable shape, secrets redacted, file contents
// only as redacted diffs.
//
// Shape:
// {
//   command: 'install' | 'uninstall' | 'rollback',
//   inSync: boolean,                 // no change, no handler, no refusal (false in --json output when a host was not reached)
//   changeCount: number,
//   hosts: [{
//     host: string, os: string | null,
//     status: 'ok' | 'change' | 'refused',
//     refused: string | null,
//     warnings: string[],
//     handlers: string[],            // 'daemon-reload' | 'reload haproxy' | 'restart keepalived' ...
//     handover: null | { why, vips, to, raises: [{ vip, offset, trackFile, timerUnit }],
//                        lifetimeS, text },  // VIPs moved to `to` before this host's reloads
//     rollout: null | { mode: 'together' | 'rolling', reason: string },  // how its reloads are sequenced
//     tasks: [{ task: string, status: 'ok' | 'change', reason: string, changes: JsonChange[] }]
//   }],
//   notes: string[]                  // about the whole cluster, e.g. running VRRP values (takeover)
// }
// JsonChange is one of
//   { kind: 'file', path, action: 'create' | 'update' | 'delete' | 'mode', mode, modeBefore,
//     validate: 'haproxy' | 'keepalived' | null, notify: string[], sensitive: boolean,
//     removeEmptyDirs: string[], diff: string }       // diff: unified, redacted; '' for mode-only
//   { kind: 'package', manager, action: 'install' | 'remove' | 'purge', names: string[] }
//   { kind: 'sysctl', key, before: string | null, after: string }
//   { kind: 'service', unit, action: 'enable' | 'disable' | 'start' | 'stop' }
//   { kind: 'user', name, action: 'create' | 'remove' }
//   { kind: 'sysext-image', action: 'place' | 'delete', name, path, sha256, source?, unpackedTo? }
//   { kind: 'sysext-link', name, link, before: string | null, target: string | null, notify?,
//     removeEmptyDirs? }                               // Flatcar image links
//   { kind: 'sysext-refresh', merged: string[] }      // systemd-sysext merge of what is linked
import { handoverText } from '../plan/handover.js';
import { countChanges, isInSync } from '../plan/summary.js';
import type { Change, HostPlan, Plan } from '../plan/types.js';
import { handlerText, newSideLabel } from './change-lines.js';
import { fileAction, unifiedDiff } from './file-diff.js';
import { redactDeep } from './redact.js';

function jsonChange(change: Change, newLabel: string): unknown {
  if (change.kind !== 'file') return { ...change };
  return {
    kind: 'file',
    path: change.path,
    action: fileAction(change),
    mode: change.mode,
    modeBefore: change.modeBefore,
    validate: change.validate ?? null,
    notify: change.notify.map(handlerText),
    sensitive: change.sensitive,
    removeEmptyDirs: change.removeEmptyDirs ?? [],
    // A saved original is a copy of what the host had: never its content.
    diff:
      change.copyOf !== undefined
        ? ''
        : unifiedDiff(change, newLabel)
            .map((l) => `${l.text}\n`)
            .join(''),
  };
}

function jsonHost(host: HostPlan, newLabel: string): unknown {
  const changed = host.tasks.some((t) => t.changes.length > 0) || host.handlers.length > 0;
  return {
    host: host.host,
    os: host.os ?? null,
    status: host.refused ? 'refused' : changed ? 'change' : 'ok',
    refused: host.refused ?? null,
    warnings: host.warnings ?? [],
    handlers: host.handlers.map(handlerText),
    handover: host.handover ? { ...host.handover, text: handoverText(host.handover) } : null,
    rollout: host.rollout ?? null,
    tasks: host.tasks.map((t) => ({
      task: t.task,
      status: t.changes.length > 0 ? 'change' : 'ok',
      reason: t.reason,
      changes: t.changes.map((c) => jsonChange(c, newLabel)),
    })),
  };
}

export function planToJson(plan: Plan, secrets: readonly string[]): unknown {
  return redactDeep(
    {
      command: plan.command,
      inSync: isInSync(plan),
      changeCount: countChanges(plan),
      hosts: plan.hosts.map((h) => jsonHost(h, newSideLabel(plan))),
      notes: plan.notes ?? [],
    },
    secrets,
  );
}

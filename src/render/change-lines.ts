// The --diff detail of one change: a unified diff for files, +/- lines for everything else.
import type { Change, FileChange, Handler, Plan } from '../plan/types.js';
import { fileAction, unifiedDiff } from './file-diff.js';
import type { StyledLine } from './styles.js';

const added = (text: string): StyledLine => ({ style: 'added', text: `+ ${text}` });
const removed = (text: string): StyledLine => ({ style: 'removed', text: `- ${text}` });
const note = (text: string): StyledLine => ({ style: 'dim', text });

function fileLines(change: FileChange, newLabel: string): StyledLine[] {
  // Saved copies (originals, the last known good set): a one-liner, never their content.
  if (change.copyOf !== undefined) {
    const of = change.copyOf;
    if (change.after === null)
      return [removed(`saved copy of ${of} (${change.path})`), ...folderLines(change)];
    return [added(`save original of ${of} to ${change.path} (${change.after.length} bytes)`)];
  }
  const lines: StyledLine[] = [];
  const action = fileAction(change);
  if (action === 'create' && change.mode !== '0644') lines.push(note(`mode ${change.mode}`));
  if ((action === 'update' || action === 'mode') && change.modeBefore !== change.mode)
    lines.push(note(`mode ${change.modeBefore ?? '?'} → ${change.mode}`));
  if (change.validate)
    lines.push(note(`validated with ${change.validate} before it replaces anything`));
  lines.push(...unifiedDiff(change, newLabel));
  lines.push(...folderLines(change));
  return lines;
}

function folderLines(change: FileChange): StyledLine[] {
  const dirs = change.removeEmptyDirs ?? [];
  return dirs.length > 0 ? [removed(`folder ${dirs.join(', ')} (if empty)`)] : [];
}

export function changeLines(change: Change, newLabel = 'haka'): StyledLine[] {
  switch (change.kind) {
    case 'file':
      return fileLines(change, newLabel);
    case 'package': {
      const sign = change.action === 'install' ? added : removed;
      return change.names.map((n) => sign(`package ${n} (${change.manager} ${change.action})`));
    }
    case 'sysctl':
      return [
        ...(change.before === null ? [] : [removed(`${change.key} = ${change.before}`)]),
        added(`${change.key} = ${change.after}`),
      ];
    case 'service': {
      const unit = `${change.unit}.service`;
      if (change.action === 'enable') return [added(`${unit} enabled`)];
      if (change.action === 'disable') return [removed(`${unit} enabled`)];
      if (change.action === 'start') return [added(`${unit} running`)];
      return [removed(`${unit} running`)];
    }
    case 'user':
      return [
        change.action === 'create' ? added(`user ${change.name}`) : removed(`user ${change.name}`),
      ];
    case 'sysext-image':
      return change.action === 'place'
        ? [
            added(`image ${change.path} (sha256 ${change.sha256}, checked on the host)`),
            ...(change.unpackedTo
              ? [note(`directory image unpacked to ${change.unpackedTo}`)]
              : []),
          ]
        : [removed(`image ${change.path}${change.unpackedTo ? ` and ${change.unpackedTo}` : ''}`)];
    case 'sysext-link':
      return [
        ...(change.before === null ? [] : [removed(`${change.link} → ${change.before}`)]),
        ...(change.target === null ? [] : [added(`${change.link} → ${change.target}`)]),
      ];
    case 'sysext-refresh':
      return [note(`systemd-sysext merge: ${change.merged.join(', ') || 'no extensions'}`)];
  }
}

export function handlerText(handler: Handler): string {
  return handler.kind === 'daemon-reload' ? 'daemon-reload' : `${handler.kind} ${handler.unit}`;
}

/**
 * How diffs name the side haka writes: its own file on install, what it restores on uninstall,
 * the last known good version on rollback.
 */
export function newSideLabel(plan: Plan): string {
  return { install: 'haka', uninstall: 'restored', rollback: 'last known good' }[plan.command];
}

// A file change as a unified diff, with headers that say which side is which.
import { structuredPatch } from 'diff';
import type { FileChange } from '../plan/types.js';
import { maskSecretLine, passwordsIn } from './redact.js';
import type { Style, StyledLine } from './styles.js';

export type FileAction = 'create' | 'update' | 'delete' | 'mode';

export function fileAction(change: FileChange): FileAction {
  if (change.after === null) return 'delete';
  if (change.before === null) return 'create';
  return change.before === change.after ? 'mode' : 'update';
}

function styleOf(line: string): Style {
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'plain';
}

/** Unified diff lines (no trailing newline), password lines masked. Empty for a mode-only change. */
/**
 * `newLabel` names the side haka writes: "haka" for an install, "restored" when uninstall puts
 * back what was there.
 */
export function unifiedDiff(change: FileChange, newLabel = 'haka'): StyledLine[] {
  const action = fileAction(change);
  if (action === 'mode') return [];
  const oldName = change.before === null ? '/dev/null' : `${change.path} (current)`;
  const newName = change.after === null ? '/dev/null' : `${change.path} (${newLabel})`;
  const patch = structuredPatch(
    oldName,
    newName,
    change.before ?? '',
    change.after ?? '',
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  // Both sides' passwords: the old one matters as much as the new one.
  const passwords = change.sensitive
    ? passwordsIn(`${change.before ?? ''}\n${change.after ?? ''}`)
    : [];
  const out: StyledLine[] = [
    { style: 'removed', text: `--- ${oldName}` },
    { style: 'added', text: `+++ ${newName}` },
  ];
  for (const hunk of patch.hunks) {
    // Like diff(1): an empty side starts at line 0.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    out.push({
      style: 'hunk',
      text: `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`,
    });
    for (const line of hunk.lines)
      out.push({
        style: styleOf(line),
        text: `${line.slice(0, 1)}${maskSecretLine(line.slice(1), passwords)}`,
      });
  }
  return out;
}

// Put one managed file back the way haka found it: its saved original, or nothing at all.
import type { HostFacts } from '../../src/facts/types.js';
import type { FileChange, Handler } from '../../src/change/types.js';
import { fileFact, normalizeMode } from '../host-facts.js';
import type { Manifest } from '../manifest-model.js';

export interface RestorePlan {
  changes: FileChange[];
  /** What would change, or why nothing can; null when the file is already as haka found it. */
  summary: string | null;
}

/** Folders haka created that contain `path`, deepest first. */
export function createdDirsAbove(manifest: Manifest, path: string): string[] {
  return manifest.createdDirs
    .filter((dir) => path.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function deleteCreated(
  facts: HostFacts,
  manifest: Manifest,
  path: string,
  sensitive: boolean,
): RestorePlan {
  const current = fileFact(facts, path);
  if (!current) return { changes: [], summary: null };
  const modeBefore = normalizeMode(current.mode);
  const removeEmptyDirs = createdDirsAbove(manifest, path);
  const change: FileChange = {
    kind: 'file',
    path,
    before: current.content,
    after: null,
    modeBefore,
    mode: modeBefore ?? '0644',
    notify: [],
    sensitive,
    ...(removeEmptyDirs.length > 0 ? { removeEmptyDirs } : {}),
  };
  return { changes: [change], summary: `delete ${path} (haka created it)` };
}

export function planRestore(
  facts: HostFacts,
  manifest: Manifest,
  path: string,
  options: { notifyOnRestore: Handler[]; sensitive: boolean },
): RestorePlan {
  const entry = manifest.files[path];
  if (!entry) return { changes: [], summary: null };
  if (!entry.existedBefore) return deleteCreated(facts, manifest, path, options.sensitive);
  const original = entry.original ? fileFact(facts, entry.original) : undefined;
  // Never delete a file whose original is gone: leave it, and say so.
  if (original?.content == null)
    return {
      changes: [],
      summary: `original of ${path} is missing (${entry.original ?? 'not recorded'}): left as is`,
    };
  const current = fileFact(facts, path);
  const modeBefore = normalizeMode(current?.mode ?? null);
  const mode = entry.modeBefore ?? normalizeMode(original.mode) ?? '0644';
  if (current?.content === original.content && modeBefore === mode)
    return { changes: [], summary: null };
  const change: FileChange = {
    kind: 'file',
    path,
    before: current?.content ?? null,
    after: original.content,
    modeBefore,
    mode,
    notify: options.notifyOnRestore,
    sensitive: options.sensitive,
  };
  return { changes: [change], summary: `restore ${path} from ${entry.original}` };
}

/** A task's outcome from several restores. */
export function restoreOutcome(task: string, plans: RestorePlan[], nothingToDo: string) {
  const changes = plans.flatMap((p) => p.changes);
  const summaries = plans.map((p) => p.summary).filter((s): s is string => s !== null);
  return { task, changes, reason: summaries.length > 0 ? summaries.join('; ') : nothingToDo };
}

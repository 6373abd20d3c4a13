// One file haka manages: compare the desired content with the fact and produce the changes.
// A file that existed before haka first managed it gets its original saved first (pure: the
// content is in the facts), so uninstall can put it back.
import { diffLines } from 'diff';
import type { HostFacts } from '../src/facts/types.js';
import type { FileChange, Handler, Validator } from '../src/change/types.js';
import { fileFact, normalizeMode } from './host-facts.js';
import type { Manifest } from './manifest-model.js';
import { originalPath } from './paths.js';

/** Every template carries this in its header; a file with it was written by haka. */
export const HAKA_MARKER = 'managed by haka';

export interface PriorState {
  existedBefore: boolean;
  original: string | null;
  modeBefore: string | null;
}

/**
 * What was at `path` before haka first managed it: the manifest says so once it exists. Before
 * that (first run, or a first run cut short before the manifest was written): a saved original
 * means it existed; a file carrying haka's marker was written by haka; any other file existed.
 */
export function priorStateOf(
  facts: HostFacts,
  manifest: Manifest | null,
  path: string,
): PriorState {
  const recorded = manifest?.files[path];
  if (recorded) return recorded;
  const saved = fileFact(facts, originalPath(path));
  if (saved)
    return {
      existedBefore: true,
      original: originalPath(path),
      modeBefore: normalizeMode(saved.mode),
    };
  const current = fileFact(facts, path);
  if (current && !(current.content ?? '').includes(HAKA_MARKER))
    return {
      existedBefore: true,
      original: originalPath(path),
      modeBefore: normalizeMode(current.mode),
    };
  return { existedBefore: false, original: null, modeBefore: null };
}

export interface DesiredFile {
  path: string;
  content: string;
  mode: string;
  validate?: Validator;
  notify: Handler[];
  sensitive: boolean;
}

export interface FilePlan {
  changes: FileChange[];
  /** What would change, e.g. "update /etc/haproxy/haproxy.cfg (+3 -1 lines)"; null when up to date. */
  summary: string | null;
}

export function lineCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count;
    if (part.removed) removed += part.count;
  }
  return { added, removed };
}

/** A file at `path` now that another tool wrote (it lacks haka's marker). */
export function foreignFileAt(facts: HostFacts, path: string): boolean {
  const content = fileFact(facts, path)?.content;
  return content != null && !content.includes(HAKA_MARKER);
}

/** The change that copies the file at `path` (content and mode as found) to `original`. */
export function originalCopy(
  facts: HostFacts,
  path: string,
  original: string,
  sensitive: boolean,
): FileChange | null {
  const current = fileFact(facts, path);
  if (!current || current.content === null) return null;
  return {
    kind: 'file',
    path: original,
    before: null,
    after: current.content,
    modeBefore: null,
    mode: normalizeMode(current.mode) ?? '0644',
    notify: [],
    sensitive,
    copyOf: path,
  };
}

/** The content the host had, saved before haka first replaces it (once: never haka's own file). */
function saveOriginal(
  facts: HostFacts,
  manifest: Manifest | null,
  desired: DesiredFile,
): FileChange | null {
  const prior = priorStateOf(facts, manifest, desired.path);
  if (!prior.existedBefore || prior.original === null || fileFact(facts, prior.original))
    return null;
  if (!foreignFileAt(facts, desired.path)) return null;
  return originalCopy(facts, desired.path, prior.original, desired.sensitive);
}

export function planFile(
  facts: HostFacts,
  manifest: Manifest | null,
  desired: DesiredFile,
): FilePlan {
  const current = fileFact(facts, desired.path);
  const before = current?.content ?? null;
  const modeBefore = normalizeMode(current?.mode ?? null);
  if (before === desired.content && modeBefore === desired.mode)
    return { changes: [], summary: null };
  const change: FileChange = {
    kind: 'file',
    path: desired.path,
    before,
    after: desired.content,
    modeBefore,
    mode: desired.mode,
    notify: desired.notify,
    sensitive: desired.sensitive,
    ...(desired.validate ? { validate: desired.validate } : {}),
  };
  const save = saveOriginal(facts, manifest, desired);
  let summary: string;
  if (before === null) summary = `create ${desired.path}`;
  else if (before === desired.content)
    summary = `mode of ${desired.path} ${modeBefore ?? '?'} → ${desired.mode}`;
  else {
    const { added, removed } = lineCounts(before, desired.content);
    summary = `${save ? 'replace' : 'update'} ${desired.path} (+${added} -${removed} lines)`;
  }
  if (save) summary += `, original saved to ${save.path}`;
  return { changes: save ? [save, change] : [change], summary };
}

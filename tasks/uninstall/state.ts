// Last: delete haka's state, so a later install starts from scratch: the saved originals, the
// last known good set, the record of installed packages, then the manifest (and the state folder
// when haka created it and nothing else is left in it).
import type { Change, FileChange } from '../../src/change/types.js';
import { RESTORABLE_LINKS, componentOfLink } from '../flatcar/paths.js';
import type { HostFacts } from '../../src/facts/types.js';
import { fileFact, normalizeMode } from '../host-facts.js';
import {
  foldersBetween,
  INSTALLED_PACKAGES_FILE,
  KEPT_SET_DIRS,
  absentMarkerOf,
  keptPathOf,
  MANIFEST,
  RESTORABLE_FILES,
  STATE_DIR,
} from '../paths.js';
import type { Task } from '../task.js';
import { withManifest } from './with-manifest.js';

function deletion(
  path: string,
  content: string | null,
  mode: string | null,
  removeEmptyDirs: string[],
  copyOf?: string,
): FileChange {
  return {
    kind: 'file',
    path,
    before: content,
    after: null,
    modeBefore: normalizeMode(mode),
    mode: normalizeMode(mode) ?? '0644',
    notify: [],
    // An original may hold an old password that is not one of haka's secrets.
    sensitive: path !== MANIFEST,
    removeEmptyDirs,
    ...(copyOf ? { copyOf } : {}),
  };
}

/** The last known good set (and a `.old` one a cut swap left), file by file, as read. */
function keptSetDeletions(facts: HostFacts): FileChange[] {
  return KEPT_SET_DIRS.flatMap((dir) =>
    RESTORABLE_FILES.flatMap((of) =>
      [keptPathOf(of, dir), absentMarkerOf(keptPathOf(of, dir))].flatMap((path) => {
        const fact = fileFact(facts, path);
        return fact
          ? [deletion(path, fact.content, fact.mode, foldersBetween(path, STATE_DIR), of)]
          : [];
      }),
    ),
  );
}

/** Image links the set keeps (Flatcar): removed as links, never followed into their images. */
function keptLinkDeletions(facts: HostFacts): Change[] {
  return KEPT_SET_DIRS.flatMap((dir) =>
    RESTORABLE_LINKS.flatMap((of): Change[] => {
      const path = keptPathOf(of, dir);
      const target = facts.links?.[path] ?? null;
      const marker = fileFact(facts, absentMarkerOf(path));
      return [
        ...(target === null
          ? []
          : [
              {
                kind: 'sysext-link' as const,
                name: componentOfLink(of),
                link: path,
                before: target,
                target: null,
                removeEmptyDirs: foldersBetween(path, STATE_DIR),
              },
            ]),
        ...(marker
          ? [
              deletion(
                absentMarkerOf(path),
                marker.content,
                marker.mode,
                foldersBetween(path, STATE_DIR),
                of,
              ),
            ]
          : []),
      ];
    }),
  );
}

function keptCount(kept: Change[]): string {
  const links = kept.filter((c) => c.kind === 'sysext-link').length;
  const files = `${kept.length - links} file(s)`;
  return links > 0 ? `${files}, ${links} image link(s)` : files;
}

function packagesRecordDeletion(facts: HostFacts): FileChange[] {
  const fact = fileFact(facts, INSTALLED_PACKAGES_FILE);
  return fact ? [deletion(INSTALLED_PACKAGES_FILE, fact.content, fact.mode, [])] : [];
}

export const task: Task = {
  name: 'state',
  plan: (ctx) =>
    withManifest('state', ctx, (manifest) => {
      const originals = Object.entries(manifest.files)
        .flatMap(([of, f]) => (f.original === null ? [] : [{ path: f.original, of }]))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .flatMap(({ path, of }) => {
          const fact = fileFact(ctx.facts, path);
          return fact
            ? [deletion(path, fact.content, fact.mode, foldersBetween(path, STATE_DIR), of)]
            : [];
        });
      const manifestFact = fileFact(ctx.facts, MANIFEST);
      const removeState = manifest.createdDirs.includes(STATE_DIR) ? [STATE_DIR] : [];
      const kept = [...keptLinkDeletions(ctx.facts), ...keptSetDeletions(ctx.facts)];
      const changes = [
        ...originals,
        ...kept,
        ...packagesRecordDeletion(ctx.facts),
        ...(manifestFact
          ? [deletion(MANIFEST, manifestFact.content, manifestFact.mode, removeState)]
          : []),
      ];
      const parts = [
        ...(originals.length > 0 ? [`${originals.length} saved original(s)`] : []),
        ...(kept.length > 0 ? [`the last known good set (${keptCount(kept)})`] : []),
        MANIFEST,
      ];
      const last = parts.pop() as string;
      const reason = `delete ${parts.length > 0 ? `${parts.join(', ')} and ` : ''}${last}`;
      return { task: 'state', changes, reason };
    }),
};

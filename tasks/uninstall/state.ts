// Last: delete the saved originals and the manifest, so a later install starts from scratch.
import type { FileChange } from '../../src/change/types.js';
import { fileFact, normalizeMode } from '../host-facts.js';
import { foldersBetween, MANIFEST, STATE_DIR } from '../paths.js';
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
      const changes = [
        ...originals,
        ...(manifestFact
          ? [deletion(MANIFEST, manifestFact.content, manifestFact.mode, removeState)]
          : []),
      ];
      const reason = `delete ${originals.length > 0 ? `${originals.length} saved original(s) and ` : ''}${MANIFEST}`;
      return { task: 'state', changes, reason };
    }),
};

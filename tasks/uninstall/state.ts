// Last: delete the saved originals and the manifest, so a later install starts from scratch.
import type { FileChange } from '../../src/plan/types.js';
import { fileFact, normalizeMode } from '../host-facts.js';
import { foldersBetween, MANIFEST, STATE_DIR } from '../paths.js';
import type { Task } from '../task.js';
import { withManifest } from './with-manifest.js';

function deletion(
  path: string,
  content: string | null,
  mode: string | null,
  removeEmptyDirs: string[],
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
  };
}

export const task: Task = {
  name: 'state',
  plan: (ctx) =>
    withManifest('state', ctx, (manifest) => {
      const originals = Object.values(manifest.files)
        .map((f) => f.original)
        .filter((p): p is string => p !== null)
        .sort()
        .flatMap((path) => {
          const fact = fileFact(ctx.facts, path);
          return fact
            ? [deletion(path, fact.content, fact.mode, foldersBetween(path, STATE_DIR))]
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

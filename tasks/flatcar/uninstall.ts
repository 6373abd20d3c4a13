// Uninstall on Flatcar, after the services stopped and haka's files went: unlink and unmerge the
// component images, delete them and their folders, and put update.conf back as haka found it.
import { posix } from 'node:path';
import type { SysextFact } from '../../src/facts/types.js';
import type { Change, FileChange } from '../../src/change/types.js';
import { SYSEXT_COMPONENTS } from '../../src/inventory/flatcar-schema.js';
import { fileFact, normalizeMode } from '../host-facts.js';
import { HAKA_MARKER } from '../managed-file.js';
import { foldersBetween, originalPath, STATE_DIR } from '../paths.js';
import type { Task } from '../task.js';
import { withManifest } from '../uninstall/with-manifest.js';
import { imageFolder, UPDATE_CONF } from './paths.js';
import type { HostFacts } from '../../src/facts/types.js';

const EMPTY: SysextFact = { links: {}, images: {}, merged: {} };

/** Links first, then the merge without them, then the image files. */
function imageChanges(sysext: SysextFact): Change[] {
  const links: Change[] = [];
  const images: Change[] = [];
  for (const name of SYSEXT_COMPONENTS) {
    const folder = `${imageFolder(name)}/`;
    for (const [link, target] of Object.entries(sysext.links))
      if (target.startsWith(folder))
        links.push({ kind: 'sysext-link', name, link, before: target, target: null });
    for (const [path, sha256] of Object.entries(sysext.images))
      if (path.startsWith(folder) && posix.basename(path).startsWith(`${name}-`))
        images.push({
          kind: 'sysext-image',
          action: 'delete',
          name,
          path,
          sha256,
          ...(path.endsWith('.tar') ? { unpackedTo: path.slice(0, -'.tar'.length) } : {}),
        });
  }
  const merged = SYSEXT_COMPONENTS.some((n) => sysext.merged[n] !== undefined);
  const refresh: Change[] =
    links.length > 0 || merged ? [{ kind: 'sysext-refresh', merged: [] }] : [];
  return [...links, ...refresh, ...images];
}

function fileChange(
  path: string,
  before: string | null,
  after: string | null,
  mode: string,
  removeEmptyDirs: string[] = [],
): FileChange {
  return {
    kind: 'file',
    path,
    before,
    after,
    modeBefore: mode,
    mode,
    notify: [],
    sensitive: false,
    ...(removeEmptyDirs.length > 0 ? { removeEmptyDirs } : {}),
  };
}

/** The saved original back (and its copy deleted), or haka's own file deleted. */
function updateConfChanges(facts: HostFacts): FileChange[] {
  const current = fileFact(facts, UPDATE_CONF);
  const saved = fileFact(facts, originalPath(UPDATE_CONF));
  const mode = normalizeMode(current?.mode ?? null) ?? '0644';
  if (saved?.content != null)
    return [
      ...(current?.content === saved.content
        ? []
        : [fileChange(UPDATE_CONF, current?.content ?? null, saved.content, mode)]),
      // Its folders under the originals go with it (the state task removes the rest).
      fileChange(
        originalPath(UPDATE_CONF),
        saved.content,
        null,
        normalizeMode(saved.mode) ?? '0644',
        foldersBetween(originalPath(UPDATE_CONF), STATE_DIR),
      ),
    ];
  if (current?.content?.includes(HAKA_MARKER))
    return [fileChange(UPDATE_CONF, current.content, null, mode)];
  return [];
}

export const task: Task = {
  name: 'images',
  plan: (ctx) =>
    withManifest('images', ctx, () => {
      const changes = [...updateConfChanges(ctx.facts), ...imageChanges(ctx.facts.sysext ?? EMPTY)];
      if (changes.length === 0)
        return {
          task: 'images',
          changes,
          reason: 'no haka system extension image linked or in place',
        };
      const images = changes.filter((c) => c.kind === 'sysext-image').length;
      return {
        task: 'images',
        changes,
        reason: `unmerge and delete ${images} system extension image(s); ${UPDATE_CONF} as haka found it`,
      };
    }),
};

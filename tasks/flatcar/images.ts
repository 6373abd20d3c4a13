// Flatcar's "packages": one system extension image per component, placed (sha256 checked on the
// host), linked and merged into /usr before any config is validated, so the validators and the
// services run the binaries from the images. An image already in place is kept; so is the
// previous one when a version changes (a rollback relinks it). PURE.
import type { SysextFact } from '../../src/facts/types.js';
import type { SysextChange, SysextLinkChange, TaskOutcome } from '../../src/change/types.js';
import type { LocalImage } from '../../src/sysext/local-images.js';
import { noop, type Task } from '../task.js';
import { imagePath, imageTarget, linkPath, serviceOfImage } from './paths.js';

const EMPTY: SysextFact = { links: {}, images: {}, merged: {} };

/** The link of the other format (a .raw replaced by a .tar image or back) goes. */
function staleLink(sysext: SysextFact, image: LocalImage): SysextLinkChange | null {
  const other = linkPath(image.name, image.format === 'raw' ? 'tar' : 'raw');
  const before = sysext.links[other];
  return before === undefined
    ? null
    : { kind: 'sysext-link', name: image.name, link: other, before, target: null };
}

export function planImages(sysext: SysextFact, images: readonly LocalImage[]): TaskOutcome {
  const changes: SysextChange[] = [];
  const notes: string[] = [];
  for (const image of images) {
    const path = imagePath(image);
    if (sysext.images[path] !== image.sha256) {
      changes.push({
        kind: 'sysext-image',
        action: 'place',
        name: image.name,
        path,
        sha256: image.sha256,
        source: image.file,
        ...(image.format === 'tar' ? { unpackedTo: imageTarget(image) } : {}),
      });
      notes.push(`place ${path}`);
    }
    const link = linkPath(image.name, image.format);
    const before = sysext.links[link] ?? null;
    if (before !== imageTarget(image)) {
      const unit = serviceOfImage(image.name);
      changes.push({
        kind: 'sysext-link',
        name: image.name,
        link,
        before,
        target: imageTarget(image),
        // A running service keeps the old program until it restarts (the roll's handlers).
        ...(before !== null && unit ? { notify: [{ kind: 'restart', unit }] } : {}),
      });
      notes.push(`link ${link}`);
    }
    const stale = staleLink(sysext, image);
    if (stale) changes.push(stale);
  }
  const unmerged = images.filter((i) => sysext.merged[i.name] === undefined).map((i) => i.name);
  if (changes.length > 0 || unmerged.length > 0) {
    changes.push({ kind: 'sysext-refresh', merged: images.map((i) => i.name) });
    notes.push(`merge ${images.map((i) => i.name).join(', ')} into /usr`);
  }
  if (changes.length === 0)
    return noop(
      'images',
      `system extensions ${images.map((i) => `${i.name} ${i.version}`).join(', ')} in place and merged`,
    );
  return { task: 'images', changes, reason: notes.join('; ') };
}

export const task: Task = {
  name: 'images',
  plan: ({ facts, images }) => planImages(facts.sysext ?? EMPTY, images ?? []),
};

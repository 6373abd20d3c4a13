// A Flatcar host is planned only with images that fit it: named in the inventory, verified on
// the jump host, and with an extension-release that matches the host's ID and SYSEXT_LEVEL.
import { releaseMismatch } from '../../src/sysext/release-check.js';
import type { TaskContext } from '../task.js';
import { windowsFit } from './reboot-overlap.js';

export function flatcarRefusal(ctx: TaskContext, nothing: string): string | null {
  if (!ctx.inventory.flatcar)
    return `${ctx.facts.os.prettyName}: Flatcar hosts get HAProxy and Keepalived as system extension images; name them in flatcar.images (source and sha256 per component); ${nothing}`;
  const crowded = windowsFit(ctx.inventory);
  if (crowded) return `${crowded}; ${nothing}`;
  const images = ctx.images ?? [];
  if (images.length === 0) return `the flatcar.images were not read on the jump host; ${nothing}`;
  for (const image of images) {
    const reason = image.release
      ? releaseMismatch(image.release, ctx.facts.os)
      : (image.releaseError ?? 'no extension-release');
    if (reason) return `image ${image.name} (${image.source}) does not fit: ${reason}; ${nothing}`;
  }
  return null;
}

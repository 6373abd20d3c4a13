// The images a plan needs: read (and downloaded) on the jump host only when the inventory names
// them and a Flatcar host is among the facts. A wrong sha256 stops the run here, before any change.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { resolveImages, type LocalImage } from './local-images.js';

export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'haka', 'images');
}

export async function imagesForPlan(
  inventory: Inventory,
  facts: Record<string, HostFacts>,
): Promise<LocalImage[] | undefined> {
  const flatcar = Object.values(facts).some((f) => f.os.family === 'flatcar');
  if (!inventory.flatcar || !flatcar) return undefined;
  return resolveImages(inventory.flatcar, imageCacheDir());
}

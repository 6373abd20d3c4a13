// Uninstall tasks work from the manifest; without one, haka installed nothing on the host.
import type { TaskOutcome } from '../../src/change/types.js';
import { manifestOf, type Manifest } from '../manifest-model.js';
import { MANIFEST } from '../paths.js';
import { noop, type TaskContext } from '../task.js';

export const NO_MANIFEST = `no haka manifest (${MANIFEST}): haka installed nothing here, nothing to do`;

export function withManifest(
  task: string,
  ctx: TaskContext,
  plan: (manifest: Manifest) => TaskOutcome,
): TaskOutcome {
  const manifest = manifestOf(ctx.facts);
  return manifest ? plan(manifest) : noop(task, NO_MANIFEST);
}

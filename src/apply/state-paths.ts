// Where apply keeps its own state on a host (beside the planner's manifest in /var/lib/haka).
import { posix } from 'node:path';

export const STATE_DIR = '/var/lib/haka';
/** Handlers owed by a run that wrote files but has not finished its reloads yet. */
export const PENDING_FILE = `${STATE_DIR}/pending.json`;
/** Previous versions of the files the last run replaced: the last known good set. */
export const PREVIOUS_DIR = `${STATE_DIR}/previous`;
/** Packages the install step brought in (names + dependencies), so --purge removes exactly those. */
export const INSTALLED_PACKAGES_FILE = `${STATE_DIR}/installed-packages.list`;
/** The run lock; on tmpfs so a reboot releases it. */
export const LOCK_FILE = '/run/haka.lock';

export function stagedPathOf(path: string): string {
  return posix.join(posix.dirname(path), `.${posix.basename(path)}.haka-new`);
}

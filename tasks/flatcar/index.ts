// The Flatcar task lists: the Debian ones with system extension images instead of packages, and
// the reboot window. Nothing under /usr (read-only there).
import type { HostFacts } from '../../src/facts/types.js';
import { INSTALL_TASKS, UNINSTALL_TASKS } from '../index.js';
import type { Task } from '../task.js';
import { task as images } from './images.js';
import { task as reboots } from './reboots.js';
import { task as uninstallImages } from './uninstall.js';

const isPackages = (t: Task): boolean => t.name === 'packages';

/** Images where packages would be; the reboot window before the services. */
const FLATCAR_INSTALL: readonly Task[] = INSTALL_TASKS.flatMap((t) => {
  if (isPackages(t)) return [images];
  if (t.name === 'services') return [reboots, t];
  return [t];
});

/** Images go after the files, before the script user and haka's state. */
const FLATCAR_UNINSTALL: readonly Task[] = UNINSTALL_TASKS.flatMap((t) => {
  if (isPackages(t)) return [];
  if (t.name === 'script-user') return [uninstallImages, t];
  return [t];
});

/** A rollback is planned elsewhere (src/plan/rollback.ts): only install picks the install tasks. */
export function tasksFor(
  command: 'install' | 'uninstall' | 'rollback',
  facts: HostFacts,
): readonly Task[] {
  if (facts.os.family === 'flatcar')
    return command === 'install' ? FLATCAR_INSTALL : FLATCAR_UNINSTALL;
  return command === 'install' ? INSTALL_TASKS : UNINSTALL_TASKS;
}

// What the planner needs to know about every host, derived from the tasks' paths and names.
import type { FactRequest } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { PACKAGES } from '../../tasks/packages.js';
import {
  MANAGED_DIRS,
  MANAGED_FILES,
  MANIFEST,
  ORIGINALS_DIR,
  INSTALLED_PACKAGES_FILE,
  KNOWN_LEFTOVERS,
  PASSWD,
  RESTORABLE_FILES,
  STATE_DIR,
  KEPT_SET_DIRS,
  absentMarkerOf,
  keptPathOf,
  originalPath,
} from '../../tasks/paths.js';
import { FLATCAR_FILES, RESTORABLE_LINKS } from '../../tasks/flatcar/paths.js';
import { SERVICES } from '../../tasks/services.js';
import { NONLOCAL_BIND } from '../../tasks/sysctl.js';
import type { PlanCommand } from './types.js';

/** A rollback plans from the last known good set itself: every version it may keep, and markers. */
function keptFiles(): string[] {
  return KEPT_SET_DIRS.flatMap((dir) => [
    dir,
    ...RESTORABLE_FILES.flatMap((p) => [keptPathOf(p, dir), absentMarkerOf(keptPathOf(p, dir))]),
    ...RESTORABLE_LINKS.map((l) => absentMarkerOf(keptPathOf(l, dir))),
  ]);
}

/** The image links the set may keep: read as links (a file fact would follow them into the image). */
function keptLinks(): string[] {
  return KEPT_SET_DIRS.flatMap((dir) => RESTORABLE_LINKS.map((l) => keptPathOf(l, dir)));
}

/**
 * Install and uninstall make the same request: uninstall reads the manifest and originals, and
 * install needs them too (to keep the first run's "before" and to know what is saved already).
 * A rollback also reads the last known good set (to restore it), an uninstall too (to delete it
 * as planned changes).
 */
export function factRequest(_inventory: Inventory, command: PlanCommand): FactRequest {
  return {
    files: [
      ...(command === 'install' ? [] : keptFiles()),
      ...(command === 'uninstall' ? [INSTALLED_PACKAGES_FILE] : []),
      // Another tool's files, listed in an install's plan as found (plan/takeover.ts), adopted
      // with their originals saved when the inventory says so (tasks/leftovers.ts).
      ...KNOWN_LEFTOVERS,
      ...KNOWN_LEFTOVERS.map(originalPath),
      PASSWD,
      ...MANAGED_FILES,
      ...MANAGED_FILES.map(originalPath),
      MANIFEST,
      ...MANAGED_DIRS,
      STATE_DIR,
      ORIGINALS_DIR,
      ...FLATCAR_FILES,
    ],
    packages: [...PACKAGES],
    sysctls: [NONLOCAL_BIND],
    units: SERVICES.map((s) => `${s}.service`),
    ...(command === 'install' ? {} : { links: keptLinks() }),
  };
}

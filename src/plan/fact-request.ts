// What the planner needs to know about every host, derived from the tasks' paths and names.
import type { FactRequest } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { PACKAGES } from '../../tasks/packages.js';
import {
  MANAGED_DIRS,
  MANAGED_FILES,
  MANIFEST,
  ORIGINALS_DIR,
  PASSWD,
  STATE_DIR,
  originalPath,
} from '../../tasks/paths.js';
import { SERVICES } from '../../tasks/services.js';
import { NONLOCAL_BIND } from '../../tasks/sysctl.js';
import type { PlanCommand } from './types.js';

/**
 * The same request for install and uninstall: uninstall reads the manifest and originals, and
 * install needs them too (to keep the first run's "before" and to know what is saved already).
 */
export function factRequest(_inventory: Inventory, _command: PlanCommand): FactRequest {
  return {
    files: [
      PASSWD,
      ...MANAGED_FILES,
      ...MANAGED_FILES.map(originalPath),
      MANIFEST,
      ...MANAGED_DIRS,
      STATE_DIR,
      ORIGINALS_DIR,
    ],
    packages: [...PACKAGES],
    sysctls: [NONLOCAL_BIND],
    units: SERVICES.map((s) => `${s}.service`),
  };
}

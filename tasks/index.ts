// The tasks in the order they apply. Install builds up; uninstall takes down in reverse.
import { task as haproxy } from './haproxy.js';
import { task as keepalived } from './keepalived.js';
import { task as leftovers } from './leftovers.js';
import { task as manifest } from './manifest.js';
import { task as packages } from './packages.js';
import { task as scriptUser } from './script-user.js';
import { task as scripts } from './scripts.js';
import { task as services } from './services.js';
import { task as sysctl } from './sysctl.js';
import { task as systemdDropins } from './systemd-dropins.js';
import type { Task } from './task.js';
import { task as uninstallDropins } from './uninstall/dropins.js';
import { task as uninstallFiles } from './uninstall/files.js';
import { task as uninstallPackages } from './uninstall/packages.js';
import { task as uninstallScriptUser } from './uninstall/script-user.js';
import { task as uninstallServices } from './uninstall/services.js';
import { task as uninstallState } from './uninstall/state.js';
import { task as uninstallSysctl } from './uninstall/sysctl.js';

/**
 * Packages and the script user first: apply runs the changes before the first file as
 * prerequisites, and validating keepalived.conf needs both. Then the manifest, before anything
 * else changes: it records the host as it was, so a run cut short later still knows what to undo.
 */
export const INSTALL_TASKS: readonly Task[] = [
  packages,
  scriptUser,
  manifest,
  sysctl,
  scripts,
  haproxy,
  keepalived,
  systemdDropins,
  services,
  leftovers,
];

/** Services down first (keepalived gives up the VIPs); the manifest goes last. */
export const UNINSTALL_TASKS: readonly Task[] = [
  uninstallServices,
  uninstallDropins,
  uninstallFiles,
  uninstallSysctl,
  uninstallScriptUser,
  uninstallPackages,
  uninstallState,
];

export type { Task, TaskContext } from './task.js';

// The tasks in the order they apply. Install builds up; uninstall takes down in reverse.
import { task as haproxy } from './haproxy.js';
import { task as keepalived } from './keepalived.js';
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

/** Packages and the script user first: validating keepalived.conf needs both. Manifest last. */
export const INSTALL_TASKS: readonly Task[] = [
  packages,
  scriptUser,
  sysctl,
  scripts,
  haproxy,
  keepalived,
  systemdDropins,
  services,
  manifest,
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

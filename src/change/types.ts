// The change vocabulary: what a task plans for one host and what apply executes. Neutral:
// tasks/ (which produce changes), src/plan (which assembles them), src/render and src/apply
// (which show and execute them) all import it, and it imports nothing.

export type ServiceName = 'haproxy' | 'keepalived';
export type Validator = 'haproxy' | 'keepalived';

export type Handler =
  | { kind: 'daemon-reload' }
  | { kind: 'reload'; unit: ServiceName }
  | { kind: 'restart'; unit: ServiceName };

export interface FileChange {
  kind: 'file';
  path: string;
  /** Current content; null when the file does not exist. */
  before: string | null;
  /** Desired content; null to delete the file. */
  after: string | null;
  modeBefore: string | null;
  mode: string;
  /** Validate the staged file with this program before it replaces the target. */
  validate?: Validator;
  /** Handlers to run once per host after all changes applied. */
  notify: Handler[];
  /** Content holds secrets: diffs and logs must redact them. */
  sensitive: boolean;
  /** A saved copy of that file (an original haka keeps): shown as one line, never its content. */
  copyOf?: string;
  /**
   * Deletions only: folders haka created for this file, deepest first. After deleting the file,
   * apply removes each one that is empty (`rmdir`, ignoring a folder that is not empty), so an
   * uninstall leaves the tree as haka found it.
   */
  removeEmptyDirs?: string[];
}

export interface PackageChange {
  kind: 'package';
  manager: 'apt' | 'dnf' | 'yum';
  action: 'install' | 'remove' | 'purge';
  names: string[];
}

export interface SysctlChange {
  kind: 'sysctl';
  key: string;
  before: string | null;
  after: string;
}

export interface ServiceChange {
  kind: 'service';
  unit: ServiceName;
  action: 'enable' | 'disable' | 'start' | 'stop';
}

/** A system account, e.g. keepalived's unprivileged `script_user`. */
export interface UserChange {
  kind: 'user';
  name: string;
  action: 'create' | 'remove';
}

/**
 * A system extension image (Flatcar): uploaded from the jump host over SFTP, its sha256 checked
 * on the host before it is put under /opt/extensions/NAME/ (a `.tar` directory image is also
 * unpacked beside it); or deleted.
 */
export interface SysextImageChange {
  kind: 'sysext-image';
  action: 'place' | 'delete';
  /** Component: haproxy, keepalived, socat. */
  name: string;
  /** The image file on the host, e.g. /opt/extensions/haproxy/haproxy-2.6.12-x86-64.raw. */
  path: string;
  sha256: string;
  /** place: the verified local copy on the jump host. */
  source?: string;
  /** A directory image: the folder it is unpacked to (the link's target). */
  unpackedTo?: string;
}

/** /etc/extensions/NAME(.raw) pointing at an image; target null removes the link. */
export interface SysextLinkChange {
  kind: 'sysext-link';
  name: string;
  link: string;
  before: string | null;
  target: string | null;
  /** Another image replaces one in use: its service restarts onto the other program. */
  notify?: Handler[];
  /** Removals only: folders haka created for the link, deepest first, removed when empty. */
  removeEmptyDirs?: string[];
}

/** Merge the linked images into /usr again (systemd-sysext + ensure-sysext), then create their users. */
export interface SysextRefreshChange {
  kind: 'sysext-refresh';
  /** What the merge adds or drops, for the plan. */
  merged: string[];
}

export type SysextChange = SysextImageChange | SysextLinkChange | SysextRefreshChange;

export type Change =
  FileChange | PackageChange | SysctlChange | ServiceChange | UserChange | SysextChange;

/** One task's result for one host: its changes, or none and the reason nothing is needed. */
export interface TaskOutcome {
  task: string;
  changes: Change[];
  /** Human summary; for a no-op the reason, e.g. "/etc/haproxy/haproxy.cfg up to date". */
  reason: string;
}

// Facts gathered from one host in one batched probe. Each is produced by a pure parser.

export type OsFamily = 'debian' | 'rhel' | 'flatcar' | 'unsupported';

export interface OsFact {
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
  family: OsFamily;
  /** os-release SYSEXT_LEVEL (Flatcar): what a system extension's release must match. */
  sysextLevel?: string;
}

export interface FileFact {
  path: string;
  exists: boolean;
  /** UTF-8 content; null when absent. */
  content: string | null;
  /** Octal permission bits such as '0644'; null when absent. */
  mode: string | null;
  owner: string | null;
  group: string | null;
  /**
   * Why `content` is null (or lossy) although the path exists: a directory, a special file
   * (never read), unreadable, or bytes that are not valid UTF-8. Absent when nothing is odd.
   */
  problem?: FileProblem;
}

export type FileProblem = 'directory' | 'special' | 'unreadable' | 'not-utf8';

export interface UnitFact {
  name: string;
  /** 'loaded' | 'not-found' | 'masked' ... as systemctl show prints it. */
  loadState: string;
  activeState: string;
  subState: string;
  /** 'enabled' | 'disabled' | 'static' | '' (unit absent). */
  unitFileState: string;
}

export interface InterfaceFact {
  name: string;
  up: boolean;
  addresses: { address: string; prefix: number }[];
}

/** systemd-sysext state; empty on hosts without system extensions. */
export interface SysextFact {
  /** Symlinks in /etc/extensions: link path → its target as written. */
  links: Record<string, string>;
  /** Image files under /opt/extensions/NAME/: path → sha256. */
  images: Record<string, string>;
  /** Extensions merged into /usr now: name → their extension-release fields. */
  merged: Record<string, Record<string, string>>;
}

export type PackageManager = 'apt' | 'dnf' | 'yum' | null;

export interface HostFacts {
  host: string;
  os: OsFact;
  packageManager: PackageManager;
  /** Installed version per queried package name; null when not installed. */
  packages: Record<string, string | null>;
  /** Managed and state files by absolute path. */
  files: Record<string, FileFact>;
  /** Live sysctl values by key; null when the key does not exist. */
  sysctl: Record<string, string | null>;
  units: Record<string, UnitFact>;
  interfaces: InterfaceFact[];
  selinux: 'enforcing' | 'permissive' | 'disabled' | 'absent';
  firewall: { firewalldActive: boolean; nftablesActive: boolean };
  /** Gathered on every host; absent only in facts captured before it existed. */
  sysext?: SysextFact;
  /** The requested symbolic links (never followed): path → target, null when none is there. */
  links?: Record<string, string | null>;
}

/** What to gather from a host; derived from the inventory by the tasks (`factRequest`). */
export interface FactRequest {
  files: string[];
  packages: string[];
  sysctls: string[];
  units: string[];
  /** Symbolic links to read as links (the kept image links of the last known good set). */
  links?: string[];
}

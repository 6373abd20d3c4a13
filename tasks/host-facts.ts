// Small readers over HostFacts, so tasks treat "absent", "not gathered" and "unknown" alike.
import type { FileFact, HostFacts, UnitFact } from '../src/facts/types.js';
import type { ServiceName } from '../src/change/types.js';

export function fileFact(facts: HostFacts, path: string): FileFact | undefined {
  const fact = facts.files[path];
  return fact?.exists ? fact : undefined;
}

/** Content of a regular, readable file; null when it does not exist (or is not a regular file). */
export function fileContent(facts: HostFacts, path: string): string | null {
  return fileFact(facts, path)?.content ?? null;
}

export function exists(facts: HostFacts, path: string): boolean {
  return fileFact(facts, path) !== undefined;
}

/** '644' and '0644' are the same mode. */
export function normalizeMode(mode: string | null): string | null {
  return mode === null ? null : mode.padStart(4, '0');
}

export interface UnitState {
  unit: string;
  /** Loaded by systemd: the package that ships it is installed. */
  present: boolean;
  enabled: boolean;
  active: boolean;
  masked: boolean;
}

export function unitName(service: ServiceName): string {
  return `${service}.service`;
}

export function unitState(facts: HostFacts, service: ServiceName): UnitState {
  const unit = unitName(service);
  const fact: UnitFact | undefined = facts.units[unit] ?? facts.units[service];
  const masked = fact?.loadState === 'masked' || fact?.unitFileState.startsWith('masked') === true;
  return {
    unit,
    present: fact !== undefined && fact.loadState !== 'not-found' && fact.loadState !== '',
    enabled: fact?.unitFileState === 'enabled',
    active: fact?.activeState === 'active' || fact?.activeState === 'reloading',
    masked,
  };
}

/** True/false from /etc/passwd; null when /etc/passwd was not readable (then nothing can be decided). */
export function userExists(facts: HostFacts, passwdPath: string, user: string): boolean | null {
  const passwd = fileContent(facts, passwdPath);
  if (passwd === null) return null;
  return passwd.split('\n').some((line) => line.split(':')[0] === user);
}

export function packageVersion(facts: HostFacts, name: string): string | null {
  return facts.packages[name] ?? null;
}

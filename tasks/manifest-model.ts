// The manifest (/var/lib/haka/manifest.json): what haka installed on a host and what was there
// before, so uninstall can put it back. Deterministic JSON (sorted keys, no timestamps) so an
// unchanged host plans no change.
import type { HostFacts } from '../src/facts/types.js';
import type { PackageChange, ServiceName } from '../src/change/types.js';
import { fileFact } from './host-facts.js';
import { MANIFEST } from './paths.js';
import { MANIFEST_SCHEMA } from '../src/schema/state-schemas.js';
import { firstError, validatorFor } from '../src/schema/validators.js';

export const MANIFEST_FORMAT = 1;

export interface ManifestFile {
  /** The file existed before haka first managed it. */
  existedBefore: boolean;
  /** Where its original content was saved (existedBefore only). */
  original: string | null;
  modeBefore: string | null;
}

export interface ManifestService {
  enabledBefore: boolean;
  activeBefore: boolean;
}

export interface Manifest {
  /** For a human who opens the file. */
  comment: string;
  format: typeof MANIFEST_FORMAT;
  cluster: string;
  files: Record<string, ManifestFile>;
  /** Folders that did not exist before haka's first install (removed again when empty). */
  createdDirs: string[];
  packages: { manager: PackageChange['manager'] | null; installed: string[] };
  /** Live sysctl values before haka first set them; null when the key did not exist. */
  sysctl: Record<string, string | null>;
  services: Partial<Record<ServiceName, ManifestService>>;
  /** Accounts haka created (the keepalived script user). */
  createdUsers: string[];
}

export type ManifestRead =
  | { state: 'absent' }
  | { state: 'invalid'; error: string }
  | { state: 'present'; manifest: Manifest };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseManifest(content: string): ManifestRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    return { state: 'invalid', error: `not valid JSON (${(err as Error).message})` };
  }
  if (!isObject(parsed)) return { state: 'invalid', error: 'not a JSON object' };
  if (parsed.format !== MANIFEST_FORMAT)
    return {
      state: 'invalid',
      error: `unknown format ${JSON.stringify(parsed.format)} (this haka reads ${MANIFEST_FORMAT})`,
    };
  const validate = validatorFor<Manifest>(MANIFEST_SCHEMA);
  return validate(parsed)
    ? { state: 'present', manifest: parsed }
    : { state: 'invalid', error: firstError(validate.errors) };
}

export function readManifest(facts: HostFacts): ManifestRead {
  const fact = fileFact(facts, MANIFEST);
  if (!fact) return { state: 'absent' };
  if (fact.content === null) return { state: 'invalid', error: 'exists but could not be read' };
  return parseManifest(fact.content);
}

/** The manifest when present; null when absent (callers refuse invalid manifests earlier). */
export function manifestOf(facts: HostFacts): Manifest | null {
  const read = readManifest(facts);
  return read.state === 'present' ? read.manifest : null;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k])]),
  );
}

/** Stable text: sorted keys, two-space indent, trailing newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}

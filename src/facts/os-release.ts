// /etc/os-release (os-release(5)): which distribution family decides packages and paths.
import { sh } from '../transport/sh.js';
import type { OsFact, OsFamily } from './types.js';
import { factError, lines, type Fact } from './fact.js';

const RHEL_IDS = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'fedora']);
const DEBIAN_IDS = new Set(['debian', 'ubuntu']);

export const osReleaseFact: Fact<OsFact> = {
  name: 'os-release',
  // /usr/lib/os-release is the fallback the spec names when /etc/os-release is missing.
  command: sh`cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release`,
  parse(output, exitCode) {
    const vars = parseOsRelease(output);
    const id = vars.get('ID') ?? '';
    if (exitCode !== 0 || id === '') {
      throw factError(
        'os-release',
        `cannot read /etc/os-release or /usr/lib/os-release (exit ${exitCode})`,
      );
    }
    const idLike = (vars.get('ID_LIKE') ?? '').split(/\s+/).filter((s) => s !== '');
    return {
      id,
      idLike,
      versionId: vars.get('VERSION_ID') ?? '',
      prettyName: vars.get('PRETTY_NAME') ?? vars.get('NAME') ?? id,
      family: osFamily(id, idLike),
      ...(vars.has('SYSEXT_LEVEL') ? { sysextLevel: vars.get('SYSEXT_LEVEL') as string } : {}),
    };
  },
};

export function osFamily(id: string, idLike: string[]): OsFamily {
  if (id === 'flatcar') return 'flatcar';
  if (DEBIAN_IDS.has(id)) return 'debian';
  if (RHEL_IDS.has(id) || idLike.some((l) => l === 'rhel' || l === 'fedora')) return 'rhel';
  return 'unsupported';
}

/** KEY=value lines; values may be "double" or 'single' quoted with backslash escapes. */
export function parseOsRelease(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of lines(text)) {
    const line = raw.trim();
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m || line.startsWith('#')) continue;
    vars.set(m[1] as string, unquote(m[2] as string));
  }
  return vars;
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return q === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner;
  }
  return value;
}

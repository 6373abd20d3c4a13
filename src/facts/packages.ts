// Installed versions of the packages haka manages: dpkg on Debian, rpm on RHEL, none on Flatcar.
import { InternalError } from '../errors.js';
import { sh, type Shell } from '../transport/sh.js';
import { factError, lines, type Fact } from './fact.js';

// dpkg-query expands ${...} itself; `\n` is its escape for a newline.
const DPKG_FORMAT = '${Package} ${Version} ${db:Status-Abbrev}\\n';
// rpm: epoch only when set, as "E:"; then version-release.
const RPM_FORMAT = '%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n';
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

export function packagesFact(names: readonly string[]): Fact<Record<string, string | null>> {
  for (const n of names) {
    if (!PACKAGE_NAME.test(n)) throw new InternalError(`not a package name: ${JSON.stringify(n)}`);
  }
  return {
    name: 'packages',
    command: packagesCommand(names),
    parse: (output) => parsePackages(output, names),
  };
}

function packagesCommand(names: readonly string[]): Shell {
  // With no names, dpkg-query -W would list every package: query only when asked.
  const dpkg = names.length > 0 ? sh`dpkg-query -W -f=${DPKG_FORMAT} ${names} 2>/dev/null` : sh`:`;
  const rpm = names.length > 0 ? sh`rpm -q --qf ${RPM_FORMAT} ${names}` : sh`:`;
  return sh`if command -v dpkg-query >/dev/null 2>&1; then echo 'manager dpkg'; ${dpkg}
elif command -v rpm >/dev/null 2>&1; then echo 'manager rpm'; ${rpm}
else echo 'manager none'; fi; true`;
}

/** Only a dpkg status of 'ii' (desired install, installed) counts; rpm lists only installed ones. */
export function parsePackages(
  output: string,
  names: readonly string[],
): Record<string, string | null> {
  const all = lines(output);
  const manager = /^manager (dpkg|rpm|none)$/.exec(all[0] ?? '')?.[1];
  if (!manager)
    throw factError('packages', `unexpected output (no manager line): ${all[0] ?? '(empty)'}`);
  const found = new Map<string, string>();
  for (const line of all.slice(1)) {
    const entry = manager === 'dpkg' ? parseDpkgLine(line) : parseRpmLine(line);
    if (entry && !found.has(entry[0])) found.set(entry[0], entry[1]);
  }
  return Object.fromEntries(names.map((n) => [n, found.get(n) ?? null]));
}

function parseDpkgLine(line: string): [string, string] | null {
  const m = /^(\S+) (\S*) (.{2,3})$/.exec(line);
  if (!m || !(m[3] as string).startsWith('ii') || m[2] === '') return null;
  return [m[1] as string, m[2] as string];
}

// "package foo is not installed" lines have more than two words and are skipped.
function parseRpmLine(line: string): [string, string] | null {
  const m = /^(\S+) (\S+)$/.exec(line.trim());
  return m ? [m[1] as string, m[2] as string] : null;
}

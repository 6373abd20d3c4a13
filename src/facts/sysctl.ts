// Live kernel parameters, read from /proc/sys (no dependency on the sysctl binary or its output format).
import { InternalError } from '../errors.js';
import { sh } from '../transport/sh.js';
import { factError, lines, type Fact } from './fact.js';

// Dots separate levels; a key already written with slashes (e.g. a VLAN interface "eth0.10") is kept.
const SYSCTL_KEY = /^[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)*$/;

export function sysctlPath(key: string): string {
  return `/proc/sys/${key.includes('/') ? key : key.replace(/\./g, '/')}`;
}

/** The fact for one key; null in the result when the kernel has no such key. */
export function sysctlFact(key: string, index: number): Fact<string | null> {
  if (!SYSCTL_KEY.test(key)) throw new InternalError(`not a sysctl key: ${JSON.stringify(key)}`);
  const name = `sysctl:${index}`;
  return {
    name,
    command: sh`p=${sysctlPath(key)}
if [ -f "$p" ] && v=$(cat "$p"); then echo 'value'; printf '%s\n' "$v"; else echo 'absent'; fi`,
    parse(output) {
      const [state, ...value] = lines(output);
      if (state === 'absent') return null;
      if (state !== 'value')
        throw factError(name, `${key}: unexpected output: ${state ?? '(empty)'}`);
      return value.join('\n');
    },
  };
}

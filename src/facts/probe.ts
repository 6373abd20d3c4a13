// The probe's wire format: each fact's output sits between unique marker lines, with its exit code,
// so one failing piece never hides the others and a truncated output is detected.
import { join, sh, type Shell } from '../transport/sh.js';
import type { Fact } from './fact.js';

export const PROBE_HEADER = '@@HAKA-PROBE 1';
export const PROBE_END = '@@HAKA-END';

export interface ProbeSection {
  output: string;
  exitCode: number;
}

/**
 * One POSIX sh script (dash, busybox-free coreutils, no bash-isms). Each fact runs in a subshell
 * with stdin from /dev/null, so an `exit`, a failing command or a read of stdin cannot stop the rest.
 */
export function probeScript(facts: readonly Fact<unknown>[]): Shell {
  const pieces = facts.map(
    (f) => sh`printf '\n@@HAKA-FACT %s\n' ${f.name}
(
${f.command}
) </dev/null
printf '\n@@HAKA-RC %s %d\n' ${f.name} "$?"`,
  );
  return sh`LC_ALL=C; export LC_ALL
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin; export PATH
printf '%s\n' ${PROBE_HEADER}
${join(pieces, '\n')}
printf '\n%s\n' ${PROBE_END}
`;
}

/** Sections by fact name. Pure; says nothing about which ones are expected. */
export function splitSections(output: string): Map<string, ProbeSection> {
  const sections = new Map<string, ProbeSection>();
  const re = /\n@@HAKA-FACT (\S+)\n([\s\S]*?)\n@@HAKA-RC (\S+) (\d+)\n/g;
  for (const m of output.matchAll(re)) {
    const [, name, body, rcName, rc] = m as unknown as [string, string, string, string, string];
    if (name === rcName) sections.set(name, { output: body, exitCode: Number(rc) });
  }
  return sections;
}

/** Both ends of the probe are present: the script started and ran to its last line. */
export function probeComplete(output: string): { started: boolean; finished: boolean } {
  return {
    started: output.startsWith(`${PROBE_HEADER}\n`),
    finished: output.includes(`\n${PROBE_END}\n`),
  };
}

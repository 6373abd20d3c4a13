// The last known good set: before a run replaces files, the current version of each (or an
// ".absent" marker) is kept under PREVIOUS_DIR. The set always describes ONE point in time:
// the state before the latest change. It is rebuilt beside the live set and swapped in, so a
// run cut at any point leaves either the old set or the new one, never a mix or a torn copy.
import { posix } from 'node:path';
import { join, sh, type Shell } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { must } from '../transport/must.js';
import { PREVIOUS_DIR, absentMarkerOf, keptPathOf, stagedPathOf } from '../../tasks/paths.js';

/** A swap cut between its two renames leaves only the old set, under DIR.old: put it back. */
export function repairCommand(dir = PREVIOUS_DIR): Shell {
  return sh`{ [ -d ${dir} ] || [ ! -d ${dir + '.old'} ] || mv ${dir + '.old'} ${dir}; }`;
}

export const REPAIR_PREVIOUS_SET = repairCommand();

function carry(path: string, dir: string): Shell {
  const from = keptPathOf(path, dir);
  const to = keptPathOf(path, `${dir}.new`);
  return sh`mkdir -p ${posix.dirname(to)} && { [ ! -e ${from} ] || cp -p ${from} ${to}; } && { [ ! -e ${absentMarkerOf(from)} ] || cp -p ${absentMarkerOf(from)} ${absentMarkerOf(to)}; }`;
}

function snapshot(path: string, dir: string): Shell {
  const to = keptPathOf(path, `${dir}.new`);
  return sh`mkdir -p ${posix.dirname(to)} && if [ -e ${path} ]; then cp -p ${path} ${to}; else : > ${absentMarkerOf(to)}; fi`;
}

/**
 * Pure: the command that makes the previous set "before this run": `changing` as they are now,
 * except the files of an earlier run that never finished (`unproven`): their kept versions stay,
 * because the files on the host were never proven healthy.
 */
export function previousSetCommand(
  changing: string[],
  unproven: string[],
  dir = PREVIOUS_DIR,
): Shell {
  const [fresh, old] = [`${dir}.new`, `${dir}.old`];
  const steps = [
    repairCommand(dir),
    sh`rm -rf ${fresh} ${old}`,
    sh`mkdir -p ${fresh}`,
    ...unproven.map((p) => carry(p, dir)),
    ...changing.filter((p) => !unproven.includes(p)).map((p) => snapshot(p, dir)),
    sh`{ [ ! -d ${dir} ] || mv ${dir} ${old}; }`,
    sh`mv ${fresh} ${dir}`,
    sh`rm -rf ${old}`,
  ];
  return join(steps, ' && ');
}

/**
 * Pure: put back the kept version of `path` through a staged copy and one rename, or delete
 * `path` when it did not exist before. Prints what it did; nothing when nothing was kept.
 */
export function restoreCommand(path: string, dir = PREVIOUS_DIR): Shell {
  const kept = keptPathOf(path, dir);
  const staged = stagedPathOf(path);
  return sh`if [ -e ${kept} ]; then mkdir -p ${posix.dirname(path)} && cp -p ${kept} ${staged} && mv -f ${staged} ${path} && echo restored; elif [ -e ${absentMarkerOf(kept)} ]; then rm -f ${path} && echo removed; fi`;
}

export async function recordPreviousSet(
  transport: Transport,
  changing: string[],
  unproven: string[],
): Promise<void> {
  await must(transport, previousSetCommand(changing, unproven));
}

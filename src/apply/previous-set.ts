// The last known good set: before a run replaces files, the current version of each (or an
// ".absent" marker) is kept under PREVIOUS_DIR. The set always describes ONE point in time:
// the state before the latest change. It is rebuilt beside the live set and swapped in, so a
// run cut at any point leaves either the old set or the new one, never a mix or a torn copy.
// Symbolic links (Flatcar's image links in /etc/extensions) are kept and put back as links.
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
  return sh`mkdir -p ${posix.dirname(to)} && { [ ! -e ${from} ] && [ ! -L ${from} ] || cp -pP ${from} ${to}; } && { [ ! -e ${absentMarkerOf(from)} ] || cp -p ${absentMarkerOf(from)} ${absentMarkerOf(to)}; }`;
}

function snapshot(path: string, dir: string): Shell {
  const to = keptPathOf(path, `${dir}.new`);
  return sh`mkdir -p ${posix.dirname(to)} && if [ -e ${path} ] || [ -L ${path} ]; then cp -pP ${path} ${to}; else : > ${absentMarkerOf(to)}; fi`;
}

/** A symbolic link this run replaces, with its target before the run (null: there was none). */
export interface KeptLink {
  path: string;
  before: string | null;
}

/**
 * A link as it was before this run, from the plan: image links change in the prepare phase,
 * before the set is recorded, so the link's "before" is the plan's, not the host's.
 */
function keepLink(link: KeptLink, dir: string): Shell {
  const to = keptPathOf(link.path, `${dir}.new`);
  const keep =
    link.before === null ? sh`: > ${absentMarkerOf(to)}` : sh`ln -s -- ${link.before} ${to}`;
  return sh`mkdir -p ${posix.dirname(to)} && ${keep}`;
}

/**
 * Pure: the command that makes the previous set "before this run": `changing` as they are now
 * and `links` as the plan says they were, except the paths of an earlier run that never finished
 * (`unproven`): their kept versions stay, because what is on the host was never proven healthy.
 */
export function previousSetCommand(
  changing: string[],
  unproven: string[],
  dir = PREVIOUS_DIR,
  links: KeptLink[] = [],
): Shell {
  const [fresh, old] = [`${dir}.new`, `${dir}.old`];
  const steps = [
    repairCommand(dir),
    sh`rm -rf ${fresh} ${old}`,
    sh`mkdir -p ${fresh}`,
    ...unproven.map((p) => carry(p, dir)),
    ...changing.filter((p) => !unproven.includes(p)).map((p) => snapshot(p, dir)),
    ...links.filter((l) => !unproven.includes(l.path)).map((l) => keepLink(l, dir)),
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
  // -P/-T: a kept link is put back as a link, replacing the link there (never written into the
  // folder it points at).
  return sh`if [ -e ${kept} ] || [ -L ${kept} ]; then mkdir -p ${posix.dirname(path)} && rm -f ${staged} && cp -pP ${kept} ${staged} && mv -Tf ${staged} ${path} && echo restored; elif [ -e ${absentMarkerOf(kept)} ]; then rm -f ${path} && echo removed; fi`;
}

export async function recordPreviousSet(
  transport: Transport,
  changing: string[],
  unproven: string[],
  links: KeptLink[] = [],
): Promise<void> {
  await must(transport, previousSetCommand(changing, unproven, PREVIOUS_DIR, links));
}

// The last-known-good set, run for real with /bin/sh on a scratch folder: what gets kept, what a
// restore puts back, and how a set survives a run cut in the middle of its swap.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  previousSetCommand,
  repairCommand,
  restoreCommand,
} from '../../../src/apply/previous-set.js';
import type { Shell } from '../../../src/transport/sh.js';

let root: string;
let dir: string;
const path = (name: string): string => join(root, 'etc', name);
const run = (cmd: Shell): string => execFileSync('/bin/sh', ['-c', cmd.text], { encoding: 'utf8' });
const read = (p: string): string | null => (existsSync(p) ? readFileSync(p, 'utf8') : null);
const kept = (name: string): string | null => read(join(dir, path(name)));
const absentMarker = (name: string): boolean => existsSync(join(dir, `${path(name)}.absent`));
const write = (name: string, content: string): void => writeFileSync(path(name), content);
const record = (changing: string[], unproven: string[] = []): string =>
  run(previousSetCommand(changing.map(path), unproven.map(path), dir));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'haka-previous-'));
  dir = join(root, 'previous');
  mkdirSync(join(root, 'etc'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('previous set', () => {
  it('keeps the current version of each changing file, or marks it absent; a restore puts it back', () => {
    write('a.cfg', 'A1');
    record(['a.cfg', 'b.cfg']);
    expect(kept('a.cfg')).toBe('A1');
    expect(absentMarker('b.cfg')).toBe(true);
    write('a.cfg', 'A2');
    write('b.cfg', 'B2');
    expect(run(restoreCommand(path('a.cfg'), dir)).trim()).toBe('restored');
    expect(run(restoreCommand(path('b.cfg'), dir)).trim()).toBe('removed');
    expect(read(path('a.cfg'))).toBe('A1');
    expect(read(path('b.cfg'))).toBeNull();
    expect(run(restoreCommand(path('never.cfg'), dir))).toBe('');
    // Restores go through a staged copy and a rename: nothing is left beside the target.
    expect(existsSync(path('.a.cfg.haka-new'))).toBe(false);
  });

  it('describes one point in time: a new set drops the entries of earlier runs', () => {
    write('a.cfg', 'A1');
    write('c.cfg', 'C1');
    record(['a.cfg', 'c.cfg']);
    write('a.cfg', 'A2');
    record(['a.cfg']);
    expect(kept('a.cfg')).toBe('A2');
    expect(kept('c.cfg')).toBeNull();
  });

  it('keeps the versions of an unfinished run: files never proven healthy are not "last known good"', () => {
    write('a.cfg', 'A1');
    record(['a.cfg']);
    write('a.cfg', 'A2'); // written by a run cut before its reload
    write('c.cfg', 'C1');
    record(['a.cfg', 'c.cfg'], ['a.cfg']);
    expect(kept('a.cfg')).toBe('A1');
    expect(kept('c.cfg')).toBe('C1');
  });

  it('survives a run cut between the two renames of the swap, and a half-built new set', () => {
    write('a.cfg', 'A1');
    record(['a.cfg']);
    renameSync(dir, `${dir}.old`); // cut after "mv previous previous.old"
    mkdirSync(`${dir}.new`); // and a half-built new set
    run(repairCommand(dir));
    expect(kept('a.cfg')).toBe('A1');
    write('a.cfg', 'A2');
    write('b.cfg', 'B1');
    renameSync(dir, `${dir}.old`);
    record(['b.cfg'], ['a.cfg']);
    expect(kept('a.cfg')).toBe('A1');
    expect(kept('b.cfg')).toBe('B1');
    expect(existsSync(`${dir}.old`) || existsSync(`${dir}.new`)).toBe(false);
  });

  it('keeps image links as links (targets from the plan) and puts them back over a newer link', () => {
    const image = (v: string): string => join(root, 'opt', v);
    mkdirSync(image('v1'), { recursive: true });
    mkdirSync(image('v2'), { recursive: true });
    // The run relinked haproxy from v1 to v2 and created socat before recording the set.
    symlinkSync(image('v2'), path('haproxy'));
    symlinkSync(image('v2'), path('socat'));
    run(
      previousSetCommand([], [], dir, [
        { path: path('haproxy'), before: image('v1') },
        { path: path('socat'), before: null },
      ]),
    );
    expect(readlinkSync(join(dir, path('haproxy')))).toBe(image('v1'));
    expect(absentMarker('socat')).toBe(true);
    expect(run(restoreCommand(path('haproxy'), dir)).trim()).toBe('restored');
    expect(run(restoreCommand(path('socat'), dir)).trim()).toBe('removed');
    // The link itself is replaced: nothing was written into the folder it pointed at.
    expect(readlinkSync(path('haproxy'))).toBe(image('v1'));
    expect(existsSync(path('socat'))).toBe(false);
    expect(existsSync(join(image('v2'), 'haproxy'))).toBe(false);
    // A later run carries an unproven link as a link.
    symlinkSync(image('v2'), path('haproxy2'));
    record(['haproxy2']);
    expect(readlinkSync(join(dir, path('haproxy2')))).toBe(image('v2'));
    record([], ['haproxy2']);
    expect(readlinkSync(join(dir, path('haproxy2')))).toBe(image('v2'));
  });
});

// buildProbe → real /bin/sh → parseProbe, on a temp dir of awkward files.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProbe, parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest } from '../../../src/facts/types.js';
import { withSudo } from '../../../src/transport/sudo.js';
import { runProbeLocally } from './helpers/probe-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-probe-'));
chmodSync(dir, 0o755); // so the probe can also run as nobody
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const p = (name: string): string => join(dir, name);
writeFileSync(p('plain.cfg'), 'global\n  maxconn 4096\n', { mode: 0o640 });
writeFileSync(p('empty'), '');
writeFileSync(p('binary.bin'), Buffer.from([0, 1, 2, 0xff, 0xfe, 10]));
writeFileSync(p('no-newline'), 'last line');
// Looks like the probe's own markers: base64 keeps it from confusing the parser.
writeFileSync(p('markers.txt'), '\n@@HAKA-RC file:3 0\n@@HAKA-END\n@@HAKA-FACT os-release\n');
writeFileSync(p(`it's a "name" with $pace`), 'odd name\n');
writeFileSync(p('secret'), 'root only\n', { mode: 0o600 });
symlinkSync(p('plain.cfg'), p('link.cfg'));
symlinkSync(p('nowhere'), p('dangling'));
mkdirSync(p('subdir'));
execFileSync('mkfifo', [p('fifo')]); // reading it would block forever: the probe must not

const request: FactRequest = {
  files: [
    p('plain.cfg'),
    p('empty'),
    p('binary.bin'),
    p('markers.txt'),
    p(`it's a "name" with $pace`),
    p('link.cfg'),
    p('dangling'),
    p('subdir'),
    p('fifo'),
    p('missing'),
    p('no-newline'),
    p('secret'),
  ],
  packages: ['dpkg', 'haka-no-such-package'],
  sysctls: ['kernel.ostype', 'haka.no.such.key'],
  units: ['haka-test.service'],
};

describe('probe round trip on this machine', () => {
  const facts = parseProbe(runProbeLocally(request), request, 'local');
  const f = (name: string) => facts.files[p(name)];

  it('reads regular files exactly, with mode, owner and group', () => {
    expect(f('plain.cfg')).toEqual({
      path: p('plain.cfg'),
      exists: true,
      content: 'global\n  maxconn 4096\n',
      mode: '0640',
      owner: 'root',
      group: 'root',
    });
    expect(f('empty')?.content).toBe('');
    expect(f('no-newline')?.content).toBe('last line');
    expect(f('markers.txt')?.content).toBe(
      '\n@@HAKA-RC file:3 0\n@@HAKA-END\n@@HAKA-FACT os-release\n',
    );
    expect(f(`it's a "name" with $pace`)?.content).toBe('odd name\n');
    expect(f('link.cfg')?.content).toBe('global\n  maxconn 4096\n');
  });

  it('flags what it cannot or must not read', () => {
    expect(f('binary.bin')).toMatchObject({ exists: true, problem: 'not-utf8' });
    expect(f('subdir')).toMatchObject({ exists: true, content: null, problem: 'directory' });
    expect(f('fifo')).toMatchObject({ exists: true, content: null, problem: 'special' });
    expect(f('dangling')).toMatchObject({ exists: true, content: null, problem: 'special' });
    expect(f('missing')).toEqual({
      path: p('missing'),
      exists: false,
      content: null,
      mode: null,
      owner: null,
      group: null,
    });
  });

  it('answers the other facts', () => {
    expect(facts.os.family).toBe('debian');
    expect(facts.packageManager).toBe('apt');
    expect(facts.packages['dpkg']).toMatch(/^\d/);
    expect(facts.packages['haka-no-such-package']).toBeNull();
    expect(facts.sysctl).toEqual({ 'kernel.ostype': 'Linux', 'haka.no.such.key': null });
    expect(facts.units['haka-test.service']?.loadState).toBe('not-found');
    expect(facts.interfaces.find((i) => i.name === 'lo')?.addresses).toContainEqual({
      address: '127.0.0.1',
      prefix: 8,
    });
    expect(['enforcing', 'permissive', 'disabled', 'absent']).toContain(facts.selinux);
  });

  it('reports a root-only file as unreadable when run without privileges', () => {
    const asNobody = parseProbe(runProbeLocally(request, 65534), request, 'local');
    expect(asNobody.files[p('secret')]).toMatchObject({
      exists: true,
      content: null,
      mode: '0600',
      problem: 'unreadable',
    });
    expect(asNobody.files[p('plain.cfg')]?.problem).toBe('unreadable'); // 0640 root:root
  });

  it('survives being wrapped in sudo -n -- sh -c (the way gatherFacts sends it)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'haka-fake-sudo-'));
    writeFileSync(
      join(bin, 'sudo'),
      '#!/bin/sh\n[ "$1" = -n ] && [ "$2" = -- ] || exit 99\nshift 2\nexec "$@"\n',
      { mode: 0o755 },
    );
    const wrapped = withSudo(buildProbe(request), 'core', true).text;
    const out = execFileSync('/bin/sh', ['-c', wrapped], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    rmSync(bin, { recursive: true, force: true });
    expect(parseProbe(out, request, 'local')).toEqual(facts);
  });

  it('works under dash (POSIX sh), not just bash', () => {
    const out = execFileSync('dash', ['-c', buildProbe(request).text], { encoding: 'utf8' });
    expect(parseProbe(out, request, 'local').files).toEqual(facts.files);
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  broughtInCommand,
  handlerCommand,
  packageCommand,
  serviceCommand,
  sysctlCommand,
  userCommand,
} from '../../../src/apply/system-changes.js';

describe('system change commands', () => {
  it('quotes values and names units fully', () => {
    expect(serviceCommand({ kind: 'service', unit: 'haproxy', action: 'enable' }).text).toBe(
      'systemctl enable haproxy.service',
    );
    expect(
      sysctlCommand({ kind: 'sysctl', key: 'net.ipv4.ip_nonlocal_bind', before: '0', after: '1' })
        .text,
    ).toBe('sysctl -q -w net.ipv4.ip_nonlocal_bind=1');
    expect(handlerCommand({ kind: 'reload', unit: 'keepalived' }).text).toBe(
      'systemctl reload-or-restart keepalived.service',
    );
    expect(userCommand({ kind: 'user', name: "x'; rm -rf /", action: 'create' }).text).toContain(
      `'x'\\''; rm -rf /'`,
    );
  });

  it('lists installed Debian packages with a command that really runs here', () => {
    // The install step diffs this listing before/after; run its listing part on this Debian machine.
    const text = packageCommand({
      kind: 'package',
      manager: 'apt',
      action: 'install',
      names: ['haproxy'],
    }).text;
    const listing = text.slice(
      text.indexOf('dpkg-query'),
      text.indexOf('| sort') + '| sort'.length,
    );
    const out = execFileSync('/bin/sh', ['-c', listing], { encoding: 'utf8' });
    expect(out.split('\n')).toContain('dpkg');
  });

  it('records only what the install brought in: named or marked automatic, never a hand-installed package', () => {
    // Real apt-mark on this Debian machine: one package it marks automatic, one manual.
    const first = (args: string): string =>
      execFileSync('/bin/sh', ['-c', `apt-mark ${args} | head -1`], { encoding: 'utf8' }).trim();
    const [auto, manual] = [first('showauto'), first('showmanual')];
    expect(auto).not.toBe('');
    expect(manual).not.toBe('');
    const t = mkdtempSync(join(tmpdir(), 'haka-record-'));
    try {
      writeFileSync(join(t, 'before'), '');
      writeFileSync(join(t, 'after'), `${[auto, manual, 'haka-named'].sort().join('\n')}\n`);
      const command = broughtInCommand({
        kind: 'package',
        manager: 'apt',
        action: 'install',
        names: ['haka-named'],
      }).text;
      const out = execFileSync('/bin/sh', ['-c', `t=${t}; ${command}`], { encoding: 'utf8' });
      expect(out.split('\n').filter(Boolean)).toEqual([auto, 'haka-named'].sort());
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
    // apt-mark reads the whole package database: seconds on a busy machine.
  }, 60_000);
});

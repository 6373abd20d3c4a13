import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('retries userdel while the user is busy (exit 8), gives up at once on any other failure', () => {
    // Stand-ins for id/userdel on PATH: userdel answers from a script of exit codes, one a call.
    const t = mkdtempSync(join(tmpdir(), 'haka-userdel-'));
    try {
      writeFileSync(join(t, 'id'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      writeFileSync(
        join(t, 'userdel'),
        `#!/bin/sh\nn=$(wc -l < "${t}/calls"); echo "$1" >> "${t}/calls"\nset -- $(cat "${t}/codes"); shift "$n"; exit "\${1:-0}"\n`,
        { mode: 0o755 },
      );
      const run = (codes: string): { rc: number; calls: string[] } => {
        writeFileSync(join(t, 'calls'), '');
        writeFileSync(join(t, 'codes'), codes);
        const text = userCommand({
          kind: 'user',
          name: 'keepalived_script',
          action: 'remove',
        }).text;
        let rc = 0;
        try {
          execFileSync('/bin/dash', ['-c', text], { env: { PATH: `${t}:/usr/bin:/bin` } });
        } catch (error) {
          rc = (error as { status: number }).status;
        }
        const calls = readFileSync(join(t, 'calls'), 'utf8').split('\n').filter(Boolean);
        return { rc, calls };
      };
      expect(run('8 8 0')).toEqual({ rc: 0, calls: Array(3).fill('keepalived_script') });
      expect(run('6')).toEqual({ rc: 1, calls: ['keepalived_script'] });
      expect(run('0').calls).toHaveLength(1);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  }, 20_000);

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

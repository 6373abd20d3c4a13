// sudo wrapping: text shape, and that pipes and redirections really run inside the wrapped shell.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sh } from '../../../src/transport/sh.js';
import { explainSudoFailure, withSudo } from '../../../src/transport/sudo.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-sudo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in sudo that checks it got `-n --` and runs the rest, as passwordless sudo would.
const fakeSudo = join(dir, 'sudo');
writeFileSync(
  fakeSudo,
  '#!/bin/sh\n[ "$1" = -n ] && [ "$2" = -- ] || exit 99\nshift 2\nexec "$@"\n',
  { mode: 0o755 },
);

describe('withSudo', () => {
  it('leaves root and sudo:false commands alone', () => {
    expect(withSudo(sh`id`, 'root', true).text).toBe('id');
    expect(withSudo(sh`id`, 'core', false).text).toBe('id');
  });

  it('runs the whole command, pipes and redirections included, inside sudo sh -c', () => {
    const out = join(dir, "out file's");
    const command = sh`printf '%s\n' ${"a 'quoted' $word"} | tr a-z A-Z > ${out}`;
    const wrapped = withSudo(command, 'core', true);
    expect(wrapped.text.startsWith('sudo -n -- sh -c ')).toBe(true);
    execFileSync('/bin/sh', ['-c', wrapped.text], { env: { PATH: `${dir}:/usr/bin:/bin` } });
    expect(readFileSync(out, 'utf8')).toBe("A 'QUOTED' $WORD\n");
  });
});

describe('explainSudoFailure', () => {
  it('puts an explanation in front of the password prompt refusal', () => {
    const text = explainSudoFailure('sudo: a password is required\n', 'lb1', 'core');
    expect(text).toMatch(/^haka: sudo on lb1 asks user 'core' for a password/);
    expect(text).toContain('NOPASSWD');
    expect(text.endsWith('sudo: a password is required\n')).toBe(true);
  });

  it('keeps other stderr unchanged', () => {
    expect(explainSudoFailure('haproxy: config error\n', 'lb1', 'core')).toBe(
      'haproxy: config error\n',
    );
  });
});

// Validation commands and verdicts: the exact command apply runs, judged on real output from
// haproxy 2.6.12 and keepalived 2.2.7, plus the exit-code quirks measured on them.
import { afterAll, describe, expect, it } from 'vitest';
import {
  judgeValidation,
  keepalivedFindings,
  validateCommand,
} from '../../../src/apply/validate.js';
import type { ExecResult } from '../../../src/transport/types.js';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import { SECRETS, loadInventory, TEMPLATES } from '../tasks/support/fixtures.js';
import { keepalivedConfFor, run, tempFile, removeTempDirs } from '../templates/support.js';

afterAll(removeTempDirs);

function result(partial: Partial<ExecResult>): ExecResult {
  return {
    host: 'h',
    command: 'x',
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    durationMs: 1,
    ...partial,
  };
}

/** Run the command text exactly as apply sends it (through a shell). */
function runShell(text: string): ExecResult {
  return run('sh', ['-c', text]);
}

describe('validateCommand', () => {
  it('quotes the staged path for the remote shell', () => {
    expect(validateCommand('haproxy', '/etc/haproxy/.haproxy.cfg.haka-new').text).toBe(
      '/usr/sbin/haproxy -c -f /etc/haproxy/.haproxy.cfg.haka-new',
    );
    expect(validateCommand('keepalived', "/tmp/it's here.conf").text).toBe(
      "/usr/sbin/keepalived -t -f '/tmp/it'\\''s here.conf'",
    );
  });
});

describe('judgeValidation with the real binaries', () => {
  const lab = loadInventory('lab');
  const labNobody = structuredClone(lab);
  labNobody.keepalived.scriptUser = 'nobody';
  const host = labNobody.hosts[0];
  if (!host) throw new Error('no host');

  it('haproxy: a rendered config is valid', () => {
    const path = tempFile('haproxy.cfg', renderHaproxyCfg(TEMPLATES, lab, SECRETS));
    expect(judgeValidation('haproxy', runShell(validateCommand('haproxy', path).text))).toEqual({
      ok: true,
      message: 'Configuration file is valid',
    });
  });

  it('haproxy: an invalid config is rejected with its ALERT lines', () => {
    const path = tempFile('haproxy.cfg', 'frontend x\n    bind :abc\n');
    const verdict = judgeValidation('haproxy', runShell(validateCommand('haproxy', path).text));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^haproxy -c \(exit 1\):\n\[ALERT\]/);
  });

  it('haproxy: warnings do not fail validation but are reported', () => {
    const path = tempFile(
      'haproxy.cfg',
      'defaults\n    mode http\nfrontend f\n    bind 127.0.0.1:1\n',
    );
    const verdict = judgeValidation('haproxy', runShell(validateCommand('haproxy', path).text));
    expect(verdict.ok).toBe(true);
    expect(verdict.message).toMatch(/^valid, with warnings:\n\[WARNING\]/);
  });

  it('keepalived: a rendered config is valid although keepalived exits 143', () => {
    const path = tempFile('keepalived.conf', keepalivedConfFor(labNobody, host));
    const r = runShell(validateCommand('keepalived', path).text);
    expect([0, 143]).toContain(r.exitCode);
    expect(judgeValidation('keepalived', r).ok).toBe(true);
  });

  it('keepalived: errors are reported once each, recognised errors first', () => {
    const broken = keepalivedConfFor(labNobody, host)
      .replace('advert_int 1', 'advert_intx 1')
      .replace(/^}\n/m, '');
    const path = tempFile('keepalived.conf', broken);
    const verdict = judgeValidation(
      'keepalived',
      runShell(validateCommand('keepalived', path).text),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain("missing '}'s or extra '{'s");
    const lines = verdict.message.split('\n').slice(1);
    expect(new Set(lines.map((l) => l.replace(/^\([^)]*\)\s*/, ''))).size).toBe(lines.length);
  });
});

describe('judgeValidation on measured keepalived 2.2.7 behaviour', () => {
  it('exit 143 or SIGTERM with no output: valid', () => {
    expect(judgeValidation('keepalived', result({ exitCode: 143 })).ok).toBe(true);
    expect(judgeValidation('keepalived', result({ exitCode: null, signal: 'TERM' })).ok).toBe(true);
    expect(
      judgeValidation('keepalived', result({ exitCode: 143, stderr: 'Terminated\n' })).ok,
    ).toBe(true);
  });

  it('exit 0 with "Config files missing": invalid', () => {
    const v = judgeValidation(
      'keepalived',
      result({ exitCode: 0, stderr: "Config files missing '/x.conf'.\n" }),
    );
    expect(v).toEqual({
      ok: false,
      message: "keepalived -t (exit 0):\nConfig files missing '/x.conf'.",
    });
  });

  it('exit 5 without output: invalid, and it says so', () => {
    expect(judgeValidation('keepalived', result({ exitCode: 5 }))).toEqual({
      ok: false,
      message: 'keepalived -t (exit 5):\nexit 5 without output',
    });
  });

  it('an unrecognised line still counts: a valid file prints nothing', () => {
    expect(
      judgeValidation('keepalived', result({ exitCode: 143, stderr: 'something new\n' })).ok,
    ).toBe(false);
  });

  it('collapses repeats with and without the file prefix', () => {
    const stderr = [
      "(Line 37) Unknown keyword 'vrrp_strict'",
      "(k.conf: Line 37) Unknown keyword 'vrrp_strict'",
      "(k.conf: Line 37) Unknown keyword 'vrrp_strict'",
      'Terminated',
    ].join('\n');
    expect(keepalivedFindings(stderr)).toEqual(["(Line 37) Unknown keyword 'vrrp_strict'"]);
  });

  it('haproxy: exit 0 without the "valid" line is not trusted', () => {
    expect(judgeValidation('haproxy', result({ exitCode: 0, stdout: '' })).ok).toBe(false);
  });
});

// A failed remote command is reported in the tool's own words first (#12).
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/errors.js';
import { leadLine, programOf, toolMessage } from '../../src/tool-message.js';
import type { ExecResult } from '../../src/transport/types.js';

const result = (over: Partial<ExecResult>): ExecResult => ({
  host: 'lb1',
  command: 'true',
  exitCode: 1,
  signal: null,
  stdout: '',
  stderr: '',
  durationMs: 12,
  ...over,
});

// Captured on a lab Debian 12 host: apt-get asked for a package its lists do not have.
const apt = result({
  command:
    'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold haka-missing',
  exitCode: 100,
  stdout: 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n',
  stderr: 'E: Unable to locate package haka-missing\n',
});

describe('toolMessage', () => {
  it("apt's own message first, then the program and its exit code; not the command line", () => {
    expect(toolMessage(apt)).toBe('E: Unable to locate package haka-missing (apt-get, exit 100)');
    expect(new CommandError('lb1', apt).message).toBe(toolMessage(apt));
    expect(toolMessage(apt)).not.toContain('--force-confold');
  });

  it('the error-looking line leads; the whole stderr follows', () => {
    // Captured on a lab host: systemctl reload of a unit that does not exist, exit 5.
    const r = result({
      command: "sudo -n sh -c 'systemctl reload nosuch.service'",
      exitCode: 5,
      stderr: 'warning: one\nFailed to reload nosuch.service: Unit nosuch.service not found.\n',
    });
    expect(toolMessage(r).split('\n')[0]).toBe(
      'Failed to reload nosuch.service: Unit nosuch.service not found. (sh, exit 5)',
    );
    expect(toolMessage(r)).toContain('warning: one');
  });

  it('stdout when stderr is empty; "no output" when both are; a signal when there is no exit code', () => {
    expect(leadLine(result({ stdout: 'first\nlast\n' }))).toBe('last');
    expect(toolMessage(result({ exitCode: null, signal: 'KILL' }))).toBe(
      'no output (true, signal KILL)',
    );
  });

  it('a compound command names no program', () => {
    const install = {
      ...apt,
      command: 't=$(mktemp -d) && apt-get update && apt-get install -y x; rc=$?; exit $rc',
    };
    expect(toolMessage(install)).toBe('E: Unable to locate package haka-missing (exit 100)');
    expect(programOf('systemctl reload a || true')).toBeNull();
  });

  it('programOf skips variable assignments, sudo and env, and drops the path', () => {
    expect(programOf('LC_ALL=C sudo -n env /usr/sbin/haproxy -c -f x')).toBe('haproxy');
    expect(programOf("'/usr/bin/apt-get' update")).toBe('apt-get');
  });
});

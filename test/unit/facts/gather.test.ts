// parseProbe robustness, probe script behaviour on failing pieces, and gatherFacts' one exec.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FactError } from '../../../src/errors.js';
import type { Fact } from '../../../src/facts/fact.js';
import { buildProbe, gatherFacts, parseProbe } from '../../../src/facts/gather.js';
import { probeScript, splitSections } from '../../../src/facts/probe.js';
import type { FactRequest } from '../../../src/facts/types.js';
import { sh, type Shell } from '../../../src/transport/sh.js';
import type { ExecOptions, ExecResult, Transport } from '../../../src/transport/types.js';
import { runProbeLocally } from './helpers/probe-fixtures.js';

const request: FactRequest = {
  files: ['/etc/os-release', '/nonexistent/haka'],
  packages: ['haproxy'],
  sysctls: ['net.ipv4.ip_nonlocal_bind'],
  units: ['haproxy.service'],
};
const good = runProbeLocally(request);

function factError(run: () => unknown): FactError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(FactError);
    return err as FactError;
  }
  throw new Error('expected a FactError');
}

describe('parseProbe robustness', () => {
  it('names the fact whose section is missing', () => {
    const cut = good.replace(/\n@@HAKA-FACT selinux\n[\s\S]*?\n@@HAKA-RC selinux 0\n/, '\n');
    const err = factError(() => parseProbe(cut, request, 'lb1'));
    expect(err.fact).toBe('selinux');
    expect(err.host).toBe('lb1');
    expect(err.message).toContain('missing');
  });

  it('names the file (by path) whose section is missing', () => {
    const cut = good.replace(/\n@@HAKA-FACT file:1\n[\s\S]*?\n@@HAKA-RC file:1 0\n/, '\n');
    const err = factError(() => parseProbe(cut, request, 'lb1'));
    expect(err.fact).toBe('file:1');
    expect(err.message).toContain('/nonexistent/haka');
  });

  it('detects a truncated output and a missing header', () => {
    expect(
      factError(() => parseProbe(good.slice(0, good.length / 2), request, 'lb1')).message,
    ).toContain('truncated');
    expect(factError(() => parseProbe('sudo: a password is required\n', request, 'lb1')).fact).toBe(
      'probe',
    );
  });

  it('reports a garbled section with the fact name and the host', () => {
    const garbled = good.replace(/(\n@@HAKA-FACT interfaces\n)[^\n]*/, '$1[{"ifname": broken');
    const err = factError(() => parseProbe(garbled, request, 'lb1'));
    expect(err.fact).toBe('interfaces');
    expect(err.host).toBe('lb1');
  });

  it('passes each section its own exit code', () => {
    const failed = good.replace(/\n@@HAKA-RC interfaces 0\n/, '\n@@HAKA-RC interfaces 127\n');
    expect(factError(() => parseProbe(failed, request, 'lb1')).message).toContain('exit 127');
  });
});

describe('probe script', () => {
  const piece = (name: string, command: Shell): Fact<string> => ({
    name,
    command,
    parse: (o) => o,
  });

  it('keeps going after a piece that fails, exits, or reads stdin', () => {
    const script = probeScript([
      piece('fails', sh`false`),
      piece('exits', sh`echo before; exit 7; echo after`),
      piece('reads-stdin', sh`cat; echo eof`),
      piece('unset-var', sh`set -u; echo "$HAKA_UNSET_VARIABLE"`),
      piece('last', sh`echo still running`),
    ]);
    const out = execFileSync('/bin/sh', ['-c', script.text], {
      encoding: 'utf8',
      input: 'must not be read\n',
    });
    const sections = splitSections(out);
    expect(sections.get('fails')).toEqual({ output: '', exitCode: 1 });
    expect(sections.get('exits')).toEqual({ output: 'before\n', exitCode: 7 });
    expect(sections.get('reads-stdin')).toEqual({ output: 'eof\n', exitCode: 0 });
    expect(sections.get('unset-var')?.exitCode).not.toBe(0);
    expect(sections.get('last')).toEqual({ output: 'still running\n', exitCode: 0 });
    expect(out.endsWith('\n@@HAKA-END\n')).toBe(true);
  });

  it('is deterministic: same request, same script', () => {
    expect(buildProbe(request).text).toBe(buildProbe({ ...request }).text);
  });

  it('refuses values that cannot be probed safely', () => {
    expect(() => buildProbe({ ...request, files: ['relative/path'] })).toThrow('absolute path');
    expect(() => buildProbe({ ...request, sysctls: ['net/../../etc/shadow'] })).toThrow(
      'not a sysctl key',
    );
    expect(() => buildProbe({ ...request, packages: ['-rf'] })).toThrow('not a package name');
  });
});

/** A Transport that runs commands with the local /bin/sh and records what it was asked. */
function localTransport(
  override?: (command: Shell) => ExecResult | undefined,
): Transport & { calls: { command: string; options?: ExecOptions }[] } {
  const calls: { command: string; options?: ExecOptions }[] = [];
  return {
    host: 'local',
    user: 'core',
    calls,
    async exec(command, options) {
      calls.push({ command: command.text, options });
      const fake = override?.(command);
      if (fake) return fake;
      const stdout = execFileSync('/bin/sh', ['-c', command.text], { encoding: 'utf8' });
      return {
        host: 'local',
        command: command.text,
        exitCode: 0,
        signal: null,
        stdout,
        stderr: '',
        durationMs: 1,
      };
    },
    upload: async () => {},
    close: async () => {},
  };
}

describe('gatherFacts', () => {
  it('runs exactly one exec, with sudo, and parses it', async () => {
    const t = localTransport();
    const facts = await gatherFacts(t, request);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]?.options?.sudo).toBe(true);
    expect(t.calls[0]?.command).toBe(buildProbe(request).text);
    expect(facts.host).toBe('local');
    expect(facts.files['/nonexistent/haka']?.exists).toBe(false);
  });

  it('turns a failed probe into a FactError carrying the raw stderr', async () => {
    const t = localTransport((command) => ({
      host: 'local',
      command: command.text,
      exitCode: 1,
      signal: null,
      stdout: '',
      stderr: "haka: sudo on local asks user 'core' for a password\nsudo: a password is required\n",
      durationMs: 5,
    }));
    const err = await gatherFacts(t, request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactError);
    expect((err as FactError).fact).toBe('probe');
    expect((err as FactError).message).toContain('sudo: a password is required');
    expect((err as FactError).message).toContain('exit 1');
  });

  it('reports a probe that timed out as truncated', async () => {
    const t = localTransport((command) => ({
      host: 'local',
      command: command.text,
      exitCode: null,
      signal: 'TIMEOUT',
      stdout: good.slice(0, 300),
      stderr: 'haka: timed out after 120000 ms; channel killed\n',
      durationMs: 120000,
    }));
    const err = (await gatherFacts(t, request).catch((e: unknown) => e)) as FactError;
    expect(err.message).toContain('exit TIMEOUT');
    expect(err.message).toContain('truncated');
  });
});

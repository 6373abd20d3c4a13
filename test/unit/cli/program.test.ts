// The command line's shape: global options before or after the command, each command's help
// with its own options and an example.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, type Action, type RawGlobal } from '../../../src/cli-program.js';

interface Seen {
  command: string;
  globals: RawGlobal;
  own: Record<string, unknown>;
}

/** Parse argv with an action that only records what the command would get. */
async function parse(argv: string[]): Promise<Seen> {
  let seen: Seen | undefined;
  const record: Action =
    () =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      seen = { command: cmd.name(), globals: cmd.optsWithGlobals(), own: cmd.opts() };
    };
  const program = buildProgram(record).exitOverride();
  await program.parseAsync(argv, { from: 'user' });
  if (!seen) throw new Error('no command ran');
  return seen;
}

function help(command: string): string {
  let out = '';
  const program = buildProgram(() => async () => {}).exitOverride();
  const cmd = program.commands.find((c) => c.name() === command) as Command;
  cmd.configureOutput({ writeOut: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

describe('global options', () => {
  it('are accepted before the command', async () => {
    const seen = await parse(['-i', 'prod.yaml', '--json', '-F', 'cfg', 'check', '--diff']);
    expect(seen.command).toBe('check');
    expect(seen.globals).toMatchObject({ inventory: 'prod.yaml', json: true, sshConfig: 'cfg' });
    expect(seen.own).toMatchObject({ diff: true });
  });

  it('and after it, with the same meaning', async () => {
    const seen = await parse(['check', '--diff', '-i', 'prod.yaml', '--json', '-l', 'lb1,lb2']);
    expect(seen.globals).toMatchObject({
      inventory: 'prod.yaml',
      json: true,
      limit: ['lb1', 'lb2'],
    });
  });

  it('keep their defaults when not given', async () => {
    const seen = await parse(['lint']);
    expect(seen.globals).toMatchObject({
      inventory: 'inventory.yaml',
      concurrency: 10,
      logLevel: 'warn',
      logFormat: 'human',
    });
  });

  it('are still checked: a bad value stops the command', async () => {
    await expect(parse(['--concurrency', 'abc', 'check'])).rejects.toThrow(/concurrency/);
    await expect(parse(['--log-format', 'xml', 'check'])).rejects.toThrow(/log-format/);
  });
});

describe("each command's --help", () => {
  const commands = [
    'check',
    'install',
    'uninstall',
    'rollback',
    'status',
    'drill',
    'import',
    'lint',
  ];

  it.each(commands)('%s: its own options only, and an example', (command) => {
    const text = help(command);
    expect(text).toContain(`Usage: haka ${command}`);
    expect(text).toMatch(new RegExp(`Example:\\n  haka ${command} `));
    // The global options are named once, not listed with their descriptions.
    expect(text).not.toMatch(/--accept-new-host-keys\s+trust-on-first-use/);
    expect(text).not.toMatch(/--concurrency <n>/);
    expect(text).toContain('haka --help');
  });

  it('install lists what confirms and gates a change', () => {
    const text = help('install');
    for (const flag of ['--yes', '--check', '--diff', '--health-timeout', '--break-lock'])
      expect(text).toContain(flag);
    expect(text).not.toContain('--purge');
  });
});

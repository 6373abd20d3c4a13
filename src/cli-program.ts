// The command line's shape: global options (accepted before or after the command), each
// command's own options, help texts with an example. No side effect: src/cli.ts runs it.
// Each command's module is imported when that command runs: a start-up loads only what it needs.
import { Command, Option } from 'commander';
import type { CommandContext } from './commands/context.js';
import type { PlanCommand } from './plan/types.js';
import { collectHostNames, LOG_LEVELS, parseDuration, positiveInteger } from './option-values.js';
import { packageVersion } from './package-root.js';
import { escapeControl } from './render/terminal-text.js';

/** The global options as commander parsed them (optsWithGlobals of the running command). */
export interface RawGlobal {
  inventory?: string;
  limit?: string[];
  json?: boolean;
  acceptNewHostKeys?: boolean;
  sshConfig?: string;
  concurrency?: number;
  logFile?: string;
  logLevel?: string;
  logFormat?: 'human' | 'json';
  verbose?: boolean;
  /** false with --no-color. */
  color?: boolean;
  /** --timings: the per-phase table after the recap. */
  timings?: boolean;
}

/** Wraps a command's body: builds its context from the global options, maps errors to exit codes. */
export type Action = <A extends unknown[]>(
  run: (ctx: CommandContext, ...args: A) => Promise<number> | number,
) => (...args: A) => Promise<void>;

interface ImportFlags {
  output?: string;
  force?: boolean;
  group: string;
  cluster: string;
  name: string[];
  apiVip?: string;
  ingressVip?: string;
  principal?: string;
  masters: string;
  workers: string;
}

interface ApplyFlags {
  diff?: boolean;
  check?: boolean;
  yes?: boolean;
  purge?: boolean;
  breakLock?: boolean;
  /** Milliseconds (parsed by parseDuration). */
  healthTimeout: number;
}

function applyOptions(command: PlanCommand, flags: ApplyFlags) {
  return {
    command,
    diff: flags.diff ?? false,
    check: flags.check ?? false,
    yes: flags.yes ?? false,
    purge: flags.purge ?? false,
    breakLock: flags.breakLock ?? false,
    healthTimeoutMs: flags.healthTimeout,
    staleLockMs: 60 * 60 * 1000,
  };
}

function globalOptions(program: Command): Command {
  return program
    .option('-i, --inventory <path>', 'inventory file', 'inventory.yaml')
    .option('-l, --limit <host>', 'only this host (repeat or comma-separate)', collectHostNames, [])
    .option('--json', 'machine-readable output on stdout (nothing else is printed there)')
    .option(
      '-F, --ssh-config <file>',
      'SSH client configuration to read (default ~/.ssh/config when it exists); inventory values win',
    )
    .option(
      '--accept-new-host-keys',
      'trust-on-first-use: record host keys that known_hosts lacks (never accepts a CHANGED key)',
    )
    .addOption(
      new Option('--concurrency <n>', 'hosts handled in parallel (1-100)')
        .argParser(positiveInteger(100))
        .default(10),
    )
    .option(
      '--timings',
      'after the recap, how long each host spent in each phase (connect, facts, ...)',
    )
    .option('--log-file <path>', 'structured logs (JSON lines) to this file instead of stderr')
    .addOption(
      new Option('--log-format <format>', 'logs on stderr: plain lines, or JSON records')
        .choices(['human', 'json'])
        .default('human'),
    )
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('warn'))
    .option('--no-color', 'no colours on a terminal (as with NO_COLOR set)')
    .option(
      '-v, --verbose',
      'same as --log-level debug (where each SSH setting came from, commands run)',
    );
}

/** The help's tail: an example, and where the global options are described. */
function example(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText(
    'after',
    `\nExample:\n${lines.map((l) => `  ${l}`).join('\n')}\n\n` +
      'Global options (-i, -l, --json, -F, --accept-new-host-keys, -v, ...) go before or after the command: haka --help',
  );
}

/** Options of every command that changes hosts: confirmation, the run lock, the health gate. */
function changeFlags(cmd: Command): Command {
  return cmd
    .option('-y, --yes', 'apply without asking (required without a terminal)')
    .option(
      '--break-lock',
      "remove another run's lock on the hosts (only when you know no run is active)",
    )
    .addOption(
      new Option(
        '--health-timeout <duration>',
        'how long each host may take to become healthy (90s, 2m; a bare number is seconds)',
      )
        .argParser(parseDuration)
        .default(60_000, '60s'),
    );
}

function applyFlags(cmd: Command): Command {
  return changeFlags(cmd)
    .option('--check', 'show what would change and change nothing (same as `haka check`)')
    .option('--diff', 'show unified diffs of every file that would change');
}

export function buildProgram(action: Action): Command {
  const program = globalOptions(
    new Command('haka')
      .description(
        'Deploy and keep correct an HAProxy + Keepalived load-balancer pair/triple (two VIPs: Kubernetes API and Ingress) over SSH.\n' +
          'Exit codes: 0 success / in sync, 2 drift (check) or degraded (status), 1 error.',
      )
      .version(packageVersion(), '-V, --version', 'print the version of haka')
      // commander quotes the offending argument: an escape sequence in it must not reach the terminal.
      .configureOutput({ outputError: (text, write) => write(escapeControl(text)) })
      .showHelpAfterError(),
  );
  program.addHelpText(
    'after',
    '\nThe routine:\n  haka lint -i inventory.yaml\n  haka check --diff -i inventory.yaml\n  haka install -i inventory.yaml\n' +
      'Each command: haka COMMAND --help',
  );

  example(
    program
      .command('check')
      .description(
        'gather facts, plan, and print what install would change; changes nothing (exit 0 in sync, 2 drift, 1 error)',
      )
      .option('--diff', 'show unified diffs of every file that would change'),
    ['haka check --diff -i inventory.yaml', 'haka -F ~/.ssh/config.d/lbs -v check --limit lb1'],
  ).action(
    action(async (ctx, flags: { diff?: boolean }) =>
      (await import('./commands/check.js')).runCheck(ctx, { diff: flags.diff ?? false }),
    ),
  );

  example(
    applyFlags(
      program
        .command('install')
        .description(
          'plan, show, confirm, apply (validated, atomic, rolling reloads with rollback), then verify VIPs and backends',
        ),
    ),
    ['haka install -i inventory.yaml', 'haka install --yes --limit lb2 -i inventory.yaml'],
  ).action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('install', flags),
      ),
    ),
  );

  example(
    applyFlags(
      program
        .command('uninstall')
        .description(
          'the reverse plan from what haka recorded on each host: stop services, restore/remove files; packages only with --purge',
        ),
    ).option(
      '--purge',
      'also remove the packages haka installed (and the dependencies they brought in)',
    ),
    ['haka uninstall --check -i inventory.yaml', 'haka uninstall --purge -i inventory.yaml'],
  ).action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('uninstall', flags),
      ),
    ),
  );

  example(
    applyFlags(
      program
        .command('rollback')
        .description(
          "put back the files each host had before haka's last change (the last known good set): planned, validated, rolling reloads behind the health gate, then verify",
        ),
    ),
    [
      'haka rollback --check --diff -i inventory.yaml',
      'haka rollback --limit lb1 --yes -i inventory.yaml',
    ],
  ).action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('rollback', flags),
      ),
    ),
  );

  example(
    program
      .command('status')
      .description(
        'read-only, no lock: VIP holders, VRRP states, services, backends, VIP ports, pending reloads, last run (exit 0 healthy, 2 degraded, 1 error)',
      )
      .option('--watch', 'look again every 2 seconds until Ctrl-C'),
    ['haka status -i inventory.yaml', 'haka status --watch -i inventory.yaml'],
  ).action(
    action(async (ctx, flags: { watch?: boolean }) =>
      (await import('./commands/status.js')).runStatus(ctx, {
        watch: flags.watch ?? false,
        intervalMs: 2000,
      }),
    ),
  );

  example(
    program
      .command('drill')
      .description(
        'failover rehearsal on a healthy cluster: move each VIP off its holder and back, probing it every 100 ms from here; report move times and failed probes',
      )
      .addOption(new Option('--vip <name>', 'only this VIP').choices(['api', 'ingress']))
      .option('--check', 'show what the drill would change and change nothing')
      .option('-y, --yes', 'drill without asking (required without a terminal)')
      .option(
        '--break-lock',
        "remove another run's lock on the hosts (only when you know no run is active)",
      ),
    ['haka drill --check -i inventory.yaml', 'haka drill --vip api -i inventory.yaml'],
  ).action(
    action(
      async (
        ctx,
        flags: { vip?: 'api' | 'ingress'; check?: boolean; yes?: boolean; breakLock?: boolean },
      ) =>
        (await import('./commands/drill.js')).runDrill(ctx, {
          vips: flags.vip ? [flags.vip] : ['api', 'ingress'],
          check: flags.check ?? false,
          yes: flags.yes ?? false,
          breakLock: flags.breakLock ?? false,
        }),
    ),
  );

  example(
    program
      .command('import')
      .argument('<ansible>', 'the Ansible repository folder, or its inventory/hosts.ini')
      .description(
        'convert an Ansible inventory (hosts.ini, host_vars/, group_vars/) into a commented inventory.yaml, then lint it; connects to nothing',
      )
      .option('-o, --output <file>', 'write the inventory here instead of stdout')
      .option('--force', 'replace the --output file if it exists')
      .option('--group <name>', 'the hosts.ini group of the load balancers', 'haproxy_keepalived')
      .option('--cluster <name>', 'cluster name for the inventory', 'k3s-prod')
      .option(
        '--name <address=name>',
        'inventory name for a host Ansible knows by address (repeatable)',
        (value: string, previous: string[]) => [...previous, value],
        [],
      )
      .option('--api-vip <address/prefix>', 'the Kubernetes API VIP, e.g. 10.17.5.10/24')
      .option('--ingress-vip <address/prefix>', 'the ingress VIP, e.g. 10.17.5.30/24')
      .option('--principal <name>', 'the host meant to hold both VIPs (intendedHolder)')
      .option('--masters <group>', 'hosts.ini group of the K3s servers (api backends)', 'masters')
      .option('--workers <group>', 'hosts.ini group of the workers (ingress backends)', 'workers'),
    [
      'haka import ~/ansible-k8s-ha-loadbalancer --name 10.17.5.20=k8s-api-lb \\',
      '  --name 10.17.3.12=loadbalancer1 --name 10.17.3.13=loadbalancer2 \\',
      '  --api-vip 10.17.5.10/24 --ingress-vip 10.17.5.30/24 --principal k8s-api-lb -o inventory.yaml',
    ],
  ).action(
    action(async (_ctx, source: string, flags: ImportFlags) =>
      (await import('./commands/import.js')).runImport({
        source,
        output: flags.output,
        force: flags.force ?? false,
        group: flags.group,
        cluster: flags.cluster,
        names: Object.fromEntries(flags.name.map((n) => n.split('=', 2) as [string, string])),
        apiVip: flags.apiVip,
        ingressVip: flags.ingressVip,
        principal: flags.principal,
        masters: flags.masters,
        workers: flags.workers,
        // Names and values come from the Ansible files: no escape sequence reaches the terminal.
        print: (text) => process.stdout.write(`${escapeControl(text)}\n`),
        note: (text) => process.stderr.write(`${escapeControl(text)}\n`),
      }),
    ),
  );

  example(
    program
      .command('lint')
      .description(
        'validate the inventory (schema, preflight and its secrets) without connecting to anything',
      )
      .option('--no-secrets', 'do not read the secrets (for a machine that does not hold them)'),
    ['haka lint -i inventory.yaml', 'haka lint --no-secrets -i inventory.yaml'],
  ).action(
    action(async (ctx, flags: { secrets: boolean }) =>
      (await import('./commands/lint.js')).runLint(ctx, { secrets: flags.secrets }),
    ),
  );

  return program;
}

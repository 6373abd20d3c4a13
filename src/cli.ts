// The command line: argv → command. The only top-level catch and the only process.exit.
// Each command's module is imported when that command runs: a start-up loads only what it needs.
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { EXIT_ERROR, type CommandContext, type GlobalOptions } from './commands/context.js';
import { runDrill } from './commands/drill.js';
import { ConfigError, HakaError } from './errors.js';
import { createLogger, Redactor } from './log.js';
import { escapeControl, escapeControlKeepColors } from './render/terminal-text.js';
import { collectHostNames, LOG_LEVELS, parseDuration, positiveInteger } from './option-values.js';
import { packageVersion } from './package-root.js';
import type { PlanCommand } from './plan/types.js';

interface RawGlobal {
  inventory?: string;
  limit?: string[];
  json?: boolean;
  acceptNewHostKeys?: boolean;
  sshConfig?: string;
  concurrency?: number;
  logFile?: string;
  logLevel?: string;
  verbose?: boolean;
}

function withGlobals(cmd: Command): Command {
  return cmd
    .option('-i, --inventory <path>', 'inventory file', 'inventory.yaml')
    .option('-l, --limit <host>', 'only this host (repeat or comma-separate)', collectHostNames, [])
    .option('--json', 'machine-readable output on stdout')
    .option(
      '--accept-new-host-keys',
      'trust-on-first-use: record host keys that known_hosts lacks (never accepts a CHANGED key)',
    )
    .option(
      '-F, --ssh-config <file>',
      'SSH client configuration to read (default ~/.ssh/config when it exists); inventory values win',
    )
    .addOption(
      new Option('--concurrency <n>', 'hosts handled in parallel (1-100)')
        .argParser(positiveInteger(100))
        .default(10),
    )
    .option('--log-file <path>', 'write structured logs (JSON) to this file instead of stderr')
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('warn'))
    .option('-v, --verbose', 'same as --log-level debug');
}

async function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

let exitCode = 0;
const abort = new AbortController();

/** Build the context, run the command, turn any error into a message and an exit code. */
function action<A extends unknown[]>(
  run: (ctx: CommandContext, ...args: A) => Promise<number> | number,
) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const raw = cmd.opts<RawGlobal>();
    const redactor = new Redactor();
    let logger: ReturnType<typeof createLogger>;
    try {
      // Opened before anything else happens: a bad --log-file refuses the run, no host touched.
      logger = createLogger({
        level: raw.verbose ? 'debug' : (raw.logLevel ?? 'warn'),
        file: raw.logFile,
        redactor,
      });
    } catch (error) {
      process.stderr.write(
        `haka: cannot open the log file ${raw.logFile}: ${(error as Error).message}\n`,
      );
      exitCode = EXIT_ERROR;
      return;
    }
    const { log, close } = logger;
    const options: GlobalOptions = {
      inventory: raw.inventory ?? 'inventory.yaml',
      limit: raw.limit ?? [],
      json: raw.json ?? false,
      acceptNewHostKeys: raw.acceptNewHostKeys ?? false,
      sshConfig: raw.sshConfig,
      concurrency: raw.concurrency ?? 10,
    };
    const ctx: CommandContext = {
      options,
      log,
      redactor,
      print: (text) => process.stdout.write(`${escapeControlKeepColors(redactor.scrub(text))}\n`),
      confirm: process.stdin.isTTY && process.stderr.isTTY ? confirmOnTerminal : undefined,
      signal: abort.signal,
      terminal: process.stdout.isTTY === true,
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    };
    try {
      exitCode = await run(ctx, ...args);
    } catch (error) {
      exitCode = EXIT_ERROR;
      // Messages may quote a host's output: redacted, every control character escaped (no colors).
      const shown = (text: string) => escapeControl(redactor.scrub(text));
      if (error instanceof ConfigError)
        process.stderr.write(`haka: invalid inventory:\n${shown(error.message)}\n`);
      else if (error instanceof HakaError)
        process.stderr.write(
          `haka: ${error.host ? `${error.host}: ` : ''}${shown(error.message)}\n`,
        );
      else {
        process.stderr.write(
          `haka: internal error (a bug; please report it): ${escapeControl(redactor.scrub(String((error as Error).stack ?? error)))}\n`,
        );
      }
      // Already printed above: record it in a --log-file, but do not say it twice on stderr.
      if (raw.logFile) log.error({ err: (error as Error).message }, 'command failed');
    } finally {
      await close();
    }
  };
}

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

const program = new Command('haka')
  .description(
    'Deploy and keep correct an HAProxy + Keepalived load-balancer pair/triple (two VIPs: Kubernetes API and Ingress) over SSH.\n' +
      'Exit codes: 0 success / in sync, 2 drift (check), 1 error.',
  )
  .version(packageVersion(), '-V, --version', 'print the version of haka')
  // commander quotes the offending argument: an escape sequence in it must not reach the terminal.
  .configureOutput({ outputError: (text, write) => write(escapeControl(text)) })
  .showHelpAfterError();

withGlobals(program.command('check'))
  .description(
    'gather facts, plan, and print what install would change; changes nothing (exit 0 in sync, 2 drift, 1 error)',
  )
  .option('--diff', 'show unified diffs of every file that would change')
  .action(
    action(async (ctx, flags: { diff?: boolean }) =>
      (await import('./commands/check.js')).runCheck(ctx, { diff: flags.diff ?? false }),
    ),
  );

applyFlags(withGlobals(program.command('install')))
  .description(
    'plan, show, confirm, apply (validated, atomic, rolling reloads with rollback), then verify VIPs and backends',
  )
  .action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('install', flags),
      ),
    ),
  );

applyFlags(withGlobals(program.command('uninstall')))
  .description(
    'the reverse plan from what haka recorded on each host: stop services, restore/remove files; packages only with --purge',
  )
  .option(
    '--purge',
    'also remove the packages haka installed (and the dependencies they brought in)',
  )
  .action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('uninstall', flags),
      ),
    ),
  );

applyFlags(withGlobals(program.command('rollback')))
  .description(
    "put back the files each host had before haka's last change (the last known good set): planned, validated, rolling reloads behind the health gate, then verify",
  )
  .action(
    action(async (ctx, flags: ApplyFlags) =>
      (await import('./commands/apply-command.js')).runApplyCommand(
        ctx,
        applyOptions('rollback', flags),
      ),
    ),
  );

withGlobals(program.command('status'))
  .description(
    'read-only, no lock: VIP holders, VRRP states, services, backends, VIP ports, pending reloads, last run (exit 0 healthy, 2 degraded, 1 error)',
  )
  .option('--watch', 'look again every 2 seconds until Ctrl-C')
  .action(
    action(async (ctx, flags: { watch?: boolean }) =>
      (await import('./commands/status.js')).runStatus(ctx, {
        watch: flags.watch ?? false,
        intervalMs: 2000,
      }),
    ),
  );

withGlobals(program.command('drill'))
  .description(
    'failover rehearsal on a healthy cluster: move each VIP off its holder and back, probing it every 100 ms from here; report move times and failed probes',
  )
  .addOption(new Option('--vip <name>', 'only this VIP').choices(['api', 'ingress']))
  .option('--check', 'show what the drill would change and change nothing')
  .option('-y, --yes', 'drill without asking (required without a terminal)')
  .option(
    '--break-lock',
    "remove another run's lock on the hosts (only when you know no run is active)",
  )
  .action(
    action(
      (
        ctx,
        flags: { vip?: 'api' | 'ingress'; check?: boolean; yes?: boolean; breakLock?: boolean },
      ) =>
        runDrill(ctx, {
          vips: flags.vip ? [flags.vip] : ['api', 'ingress'],
          check: flags.check ?? false,
          yes: flags.yes ?? false,
          breakLock: flags.breakLock ?? false,
        }),
    ),
  );

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
  .option('--workers <group>', 'hosts.ini group of the workers (ingress backends)', 'workers')
  .addHelpText(
    'after',
    '\nExample:\n  haka import ~/ansible-k8s-ha-loadbalancer --name 10.17.5.20=k8s-api-lb \\\n' +
      '    --name 10.17.3.12=loadbalancer1 --name 10.17.3.13=loadbalancer2 \\\n' +
      '    --api-vip 10.17.5.10/24 --ingress-vip 10.17.5.30/24 --principal k8s-api-lb -o inventory.yaml',
  )
  .action(
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
        print: (text) => process.stdout.write(`${text}\n`),
        note: (text) => process.stderr.write(`${text}\n`),
      }),
    ),
  );

withGlobals(program.command('lint'))
  .description(
    'validate the inventory (schema, preflight and its secrets) without connecting to anything',
  )
  .option('--no-secrets', 'do not read the secrets (for a machine that does not hold them)')
  .action(
    action(async (ctx, flags: { secrets: boolean }) =>
      (await import('./commands/lint.js')).runLint(ctx, { secrets: flags.secrets }),
    ),
  );

// First Ctrl-C: finish the current step and stop cleanly (files are staged+renamed, never half-written). Second: leave now.
process.on('SIGINT', () => {
  if (abort.signal.aborted) process.exit(130);
  process.stderr.write(
    '\nhaka: interrupted; finishing the current step (Ctrl-C again to leave now)\n',
  );
  abort.abort();
});

await program.parseAsync(process.argv);
process.exit(exitCode);

// `haka status [--json] [--watch]`: read-only, no lock. Who holds each VIP, VRRP states and
// priorities, services, backends, VIP ports from here, pending reloads, the last run recorded.
// Exit 0 healthy, 2 degraded, 1 error (nothing could be looked at).
import { renderStatus } from '../render/status-text.js';
import { loadTemplates } from '../../tasks/templates.js';
import { connectHosts, type ConnectedHosts, type ConnectOptions } from '../connect-hosts.js';
import type { ClusterStatus } from '../verify/status.js';
import { EXIT_DEGRADED, EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { refreshFacts, statusFiles, statusSnapshot } from './status-snapshot.js';

export function statusExitCode(status: ClusterStatus): number {
  if (status.hosts.every((h) => h.error !== null)) return EXIT_ERROR;
  return status.healthy ? EXIT_OK : EXIT_DEGRADED;
}

/** Sleep that a Ctrl-C (the command's abort signal) cuts short. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}

/** Hosts and facts as `status` reads them; `drill` adds the run lock. */
export function openStatusSession(
  ctx: CommandContext,
  lock?: ConnectOptions['lock'],
): Promise<ConnectedHosts> {
  return connectHosts({
    inventoryPath: ctx.options.inventory,
    limit: ctx.options.limit,
    acceptNewHostKeys: ctx.options.acceptNewHostKeys,
    sshConfigFile: ctx.options.sshConfig,
    concurrency: ctx.options.concurrency,
    command: 'install',
    log: ctx.log,
    redactor: ctx.redactor,
    extraFiles: statusFiles(),
    lock,
  });
}

export async function runStatus(
  ctx: CommandContext,
  options: { watch: boolean; intervalMs: number },
): Promise<number> {
  const templates = loadTemplates();
  const session = await openStatusSession(ctx);
  try {
    let errors = new Map<string, string>();
    for (;;) {
      const status = await statusSnapshot(session, templates, errors);
      if (ctx.options.json) ctx.print(JSON.stringify(status, null, options.watch ? 0 : 2));
      else {
        // --watch on a terminal redraws one screen; elsewhere each look follows the last.
        if (options.watch && ctx.terminal) ctx.clearScreen();
        ctx.print(renderStatus(status, { color: ctx.color }));
      }
      if (!options.watch || ctx.signal.aborted) return statusExitCode(status);
      await pause(options.intervalMs, ctx.signal);
      if (ctx.signal.aborted) return statusExitCode(status);
      errors = await refreshFacts(session, statusFiles());
    }
  } finally {
    await session.close();
  }
}

// `haka rollback`: put back the previous version of every file haka's last change replaced,
// one host at a time (VIP holders last), reloading and checking health after each host.
import { announceVips } from '../apply/announce.js';
import { restorePrevious } from '../apply/files.js';
import type { HostOutcome } from '../apply/outcome.js';
import { previousFiles } from '../apply/previous.js';
import { REPAIR_PREVIOUS_SET } from '../apply/previous-set.js';
import { must } from '../transport/must.js';
import { rollingOrder } from '../apply/roll-order.js';
import { PENDING_FILE, PREVIOUS_DIR } from '../../tasks/paths.js';
import type { Inventory } from '../inventory/types.js';
import { renderRecap } from '../render/index.js';
import { connectHosts } from '../connect-hosts.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { probeHostHealth, waitHealthy } from '../verify/host-health.js';
import { waitVipsSettled } from '../verify/settle.js';
import { confirmed, EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { anyFailed, recapRows, unreachableOutcomes } from './report.js';

/** Restore one host, reload its enabled services, then judge it against its health just before. */
async function rollBackHost(
  t: Transport,
  paths: string[],
  inventory: Inventory,
  all: Transport[],
  timeoutMs: number,
): Promise<string[]> {
  const statsSocket = inventory.haproxy.statsSocket;
  const before = await probeHostHealth(t, statsSocket);
  for (const p of paths) await restorePrevious(t, p);
  await must(t, sh`systemctl daemon-reload`);
  for (const unit of ['haproxy.service', 'keepalived.service'])
    await must(
      t,
      sh`if systemctl is-enabled --quiet ${unit}; then systemctl reload-or-restart ${unit}; fi`,
      { timeoutMs: 120_000 },
    );
  await must(t, sh`rm -f ${PENDING_FILE}`);
  const { problems } = await waitHealthy(t, { statsSocket, before, timeoutMs });
  return problems.length > 0 ? problems : waitVipsSettled(inventory, all, timeoutMs);
}

export async function runRollback(
  ctx: CommandContext,
  /** breakLock: `haka rollback --break-lock`. */
  options: { yes: boolean; healthTimeoutMs: number; breakLock?: boolean },
): Promise<number> {
  const connected = await connectHosts({
    ...ctx.options,
    inventoryPath: ctx.options.inventory,
    sshConfigFile: ctx.options.sshConfig,
    command: 'install',
    log: ctx.log,
    redactor: ctx.redactor,
    lock: { command: 'rollback', breakLock: options.breakLock ?? false, staleAfterMs: 3_600_000 },
  });
  const outcomes: HostOutcome[] = unreachableOutcomes(connected.failures);
  try {
    const work = new Map<string, string[]>();
    for (const [name, t] of connected.transports) {
      const found = await must(
        t,
        sh`${REPAIR_PREVIOUS_SET} && { find ${PREVIOUS_DIR} -type f 2>/dev/null || true; }`,
      );
      work.set(name, previousFiles(found.stdout));
      ctx.print(
        `${name}: ${work.get(name)?.length ? `would restore ${work.get(name)?.join(', ')}` : 'nothing to roll back'}`,
      );
    }
    if (!options.yes && !(await confirmed(ctx, 'roll back', 'Roll back these hosts?')))
      return EXIT_ERROR;
    const order = rollingOrder(connected.inventory, [...work.keys()], connected.facts);
    for (const [i, name] of order.entries()) {
      const paths = work.get(name) ?? [];
      const t = connected.transports.get(name) as Transport;
      if (paths.length === 0) {
        outcomes.push({ host: name, status: 'ok', changed: 0, ok: 1 });
        continue;
      }
      const problems = await rollBackHost(
        t,
        paths,
        connected.inventory,
        [...connected.transports.values()],
        options.healthTimeoutMs,
      );
      outcomes.push(
        problems.length === 0
          ? {
              host: name,
              status: 'changed',
              changed: paths.length,
              ok: 0,
              message: 'rolled back to the previous files',
            }
          : {
              host: name,
              status: 'failed',
              changed: paths.length,
              ok: 0,
              message: `rolled back, but unhealthy: ${problems.join('; ')}`,
            },
      );
      if (problems.length > 0) {
        // Stop at the first failure: the hosts after it keep their current files.
        for (const rest of order.slice(i + 1))
          outcomes.push({
            host: rest,
            status: 'failed',
            changed: 0,
            ok: 0,
            message: `not rolled back: the rollback stopped at ${name}`,
          });
        break;
      }
    }
    // A VIP may have moved while hosts reloaded: its holder re-announces it (gratuitous ARP).
    for (const line of await announceVips(connected.inventory, connected.transports, ctx.log))
      ctx.print(`  ${line}`);
    ctx.print(
      renderRecap(
        recapRows(
          outcomes,
          connected.inventory.hosts.map((h) => h.name),
        ),
      ),
    );
    return anyFailed(outcomes) ? EXIT_ERROR : EXIT_OK;
  } finally {
    await connected.close();
  }
}

// `haka rollback`: put back the previous version of every file haka's last change replaced,
// one host at a time (VIP holders last), reloading and checking health after each host.
import { restorePrevious } from '../apply/files.js';
import { HostLock, lockOwner } from '../apply/lock.js';
import type { HostOutcome } from '../apply/outcome.js';
import { must } from '../apply/remote.js';
import { rollingOrder } from '../apply/roll-order.js';
import { previousFiles } from '../apply/previous.js';
import { PENDING_FILE, PREVIOUS_DIR } from '../apply/state-paths.js';
import { renderRecap } from '../render/index.js';
import { openSession } from '../session.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { waitHealthy } from '../verify/host-health.js';
import { EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { anyFailed, recapRows, unreachableOutcomes } from './report.js';

async function rollBackHost(t: Transport, paths: string[], statsSocket: string, timeoutMs: number): Promise<string[]> {
  for (const p of paths) await restorePrevious(t, p);
  await must(t, sh`systemctl daemon-reload`);
  for (const unit of ['haproxy.service', 'keepalived.service'])
    await must(t, sh`if systemctl is-enabled --quiet ${unit}; then systemctl reload-or-restart ${unit}; fi`, { timeoutMs: 120_000 });
  await must(t, sh`rm -f ${PENDING_FILE}`);
  return (await waitHealthy(t, { statsSocket, before: null, timeoutMs })).problems;
}

export async function runRollback(ctx: CommandContext, options: { yes: boolean; healthTimeoutMs: number }): Promise<number> {
  const session = await openSession({ ...ctx.options, inventoryPath: ctx.options.inventory, command: 'install', log: ctx.log, redactor: ctx.redactor });
  const locks: HostLock[] = [];
  const outcomes: HostOutcome[] = unreachableOutcomes(session.failures);
  try {
    const owner = lockOwner('rollback', new Date());
    const work = new Map<string, string[]>();
    for (const [name, t] of session.transports) {
      const lock = new HostLock(t, owner);
      await lock.acquire({ breakLock: false, staleAfterMs: 3_600_000 });
      locks.push(lock);
      const found = await t.exec(sh`find ${PREVIOUS_DIR} -type f 2>/dev/null`);
      work.set(name, previousFiles(found.stdout));
      ctx.print(`${name}: ${work.get(name)?.length ? `would restore ${work.get(name)?.join(', ')}` : 'nothing to roll back'}`);
    }
    if (!options.yes) {
      if (!ctx.confirm) {
        ctx.print('refusing to roll back without confirmation: no terminal to ask on. Re-run with --yes.');
        return EXIT_ERROR;
      }
      if (!(await ctx.confirm('Roll back these hosts?'))) return EXIT_ERROR;
    }
    for (const name of rollingOrder(session.inventory, [...work.keys()], session.facts)) {
      const paths = work.get(name) ?? [];
      const t = session.transports.get(name) as Transport;
      if (paths.length === 0) {
        outcomes.push({ host: name, status: 'ok', changed: 0, ok: 1 });
        continue;
      }
      const problems = await rollBackHost(t, paths, session.inventory.haproxy.statsSocket, options.healthTimeoutMs);
      outcomes.push(
        problems.length === 0
          ? { host: name, status: 'changed', changed: paths.length, ok: 0, message: 'rolled back to the previous files' }
          : { host: name, status: 'failed', changed: paths.length, ok: 0, message: `rolled back, but unhealthy: ${problems.join('; ')}` },
      );
      if (problems.length > 0) break;
    }
    ctx.print(renderRecap(recapRows(outcomes)));
    return anyFailed(outcomes) ? EXIT_ERROR : EXIT_OK;
  } finally {
    await Promise.all(locks.map((l) => l.release().catch(() => {})));
    await session.close();
  }
}

// Carrying out a planned handover (plan/handover.ts) around one holder's reloads: raise the next
// host's priority through its track file (its own timer undoes it should haka die), wait until it
// holds the VIPs alone, reload the holder, then undo the raise and wait for the VIPs to come back.
import type { Logger } from 'pino';
import type { Inventory } from '../inventory/types.js';
import type { Handover } from '../plan/handover.js';
import { sh } from '../transport/sh.js';
import { must } from '../transport/must.js';
import type { Transport } from '../transport/types.js';
import { readVipView } from '../verify/vips.js';

type Raise = Handover['raises'][number];

const tempOf = (r: Raise): string => `${r.trackFile}.handover-new`;

/** Timer first, then the raise: if the timer cannot be set up, nothing is changed. */
export function raiseCommand(r: Raise, lifetimeS: number) {
  const unit = r.timerUnit;
  return sh`systemctl stop ${`${unit}.timer`} 2>/dev/null; systemctl reset-failed ${`${unit}.service`} 2>/dev/null; systemd-run --quiet ${`--unit=${unit}`} ${`--on-active=${lifetimeS}`} --timer-property=AccuracySec=100ms --timer-property=RemainAfterElapse=no --collect rm -f ${r.trackFile} && printf '%s\n' ${String(r.offset)} > ${tempOf(r)} && mv -f ${tempOf(r)} ${r.trackFile}`;
}

export function undoCommand(r: Raise) {
  return sh`rm -f ${r.trackFile} ${tempOf(r)}; systemctl stop ${`${r.timerUnit}.timer`} 2>/dev/null; true`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll until `host` alone holds every VIP of the handover; false at the deadline. */
async function waitHeldBy(
  h: Handover,
  host: string,
  inventory: Inventory,
  transports: Transport[],
  deadline: number,
): Promise<boolean> {
  while (Date.now() < deadline) {
    const { holders } = await readVipView(inventory, transports);
    if (h.vips.every((v) => holders[v].length === 1 && holders[v][0] === host)) return true;
    await sleep(100);
  }
  return false;
}

/** How long a VIP may take to move: a few adverts, plus the preemption delay. */
function moveBudgetMs(inventory: Inventory): number {
  const k = inventory.keepalived;
  return 10_000 + k.advertInt * 4000 + (k.preempt ? k.preemptDelay * 1000 : 0);
}

/**
 * Move the holder's VIPs to `h.to`. Returns null once they are there, or why not (the raise is
 * undone then, and the holder reloads in place).
 */
export async function handOver(
  h: Handover,
  holder: string,
  inventory: Inventory,
  transports: Map<string, Transport>,
  log: Logger,
): Promise<string | null> {
  const to = transports.get(h.to);
  if (!to) return `${h.to} is not connected`;
  try {
    for (const r of h.raises) await must(to, raiseCommand(r, h.lifetimeS));
  } catch (error) {
    await undo(h, to, log);
    return `could not raise ${h.to}'s priority: ${(error as Error).message}`;
  }
  const all = [...transports.values()];
  const started = Date.now();
  if (await waitHeldBy(h, h.to, inventory, all, started + moveBudgetMs(inventory))) {
    log.info(
      { host: holder, to: h.to, vips: h.vips, ms: Date.now() - started },
      'VIPs handed over',
    );
    return null;
  }
  await undo(h, to, log);
  return `${h.to} did not take VIP ${h.vips.join(' and ')} over within ${moveBudgetMs(inventory)} ms`;
}

async function undo(h: Handover, to: Transport, log: Logger): Promise<void> {
  for (const r of h.raises)
    await must(to, undoCommand(r)).catch((e: Error) =>
      log.error(
        { host: h.to, err: e.message },
        'could not undo the priority raise (its timer will)',
      ),
    );
}

/** Undo the raise; the VIPs come back to the holder (preemption). Returns a problem when they do not. */
export async function handBack(
  h: Handover,
  holder: string,
  inventory: Inventory,
  transports: Map<string, Transport>,
  log: Logger,
): Promise<string | null> {
  const to = transports.get(h.to);
  if (to) await undo(h, to, log);
  const started = Date.now();
  const back = await waitHeldBy(
    h,
    holder,
    inventory,
    [...transports.values()],
    started + moveBudgetMs(inventory),
  );
  if (back) {
    log.info({ host: holder, vips: h.vips, ms: Date.now() - started }, 'VIPs came back');
    return null;
  }
  return `VIP ${h.vips.join(' and ')} did not come back to ${holder} after the handover`;
}

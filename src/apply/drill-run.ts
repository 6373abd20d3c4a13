// Carrying out a drill plan: each step lowers the holder's priority for one VIP (the track file,
// with the host's own timer as the undo), waits until the next host holds the VIP and it answers
// from here, then undoes the drop and waits for the way back. Timings come from this machine's clock.
import type { Inventory } from '../inventory/types.js';
import type { DrillStep, StepResult } from '../plan/drill.js';

export type { StepResult } from '../plan/drill.js';
import { drillTempPath } from '../plan/drill.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import type { ProbeLoop } from '../verify/probe-loop.js';
import { readVipView } from '../verify/vips.js';
import { must } from '../transport/must.js';

/** Timer first, then the drop: if the timer cannot be set up, nothing is changed. */
export function demoteCommand(step: DrillStep) {
  const { timerUnit: unit, trackFile, lifetimeS } = step;
  const tmp = drillTempPath(step.vip);
  return sh`systemctl stop ${`${unit}.timer`} 2>/dev/null; systemctl reset-failed ${`${unit}.service`} 2>/dev/null; systemd-run --quiet ${`--unit=${unit}`} ${`--on-active=${lifetimeS}`} --timer-property=AccuracySec=100ms --timer-property=RemainAfterElapse=no --collect rm -f ${trackFile} && printf '%s\n' ${String(step.offset)} > ${tmp} && mv -f ${tmp} ${trackFile}`;
}

export function restoreCommand(step: DrillStep) {
  return sh`rm -f ${step.trackFile} ${drillTempPath(step.vip)}; systemctl stop ${`${step.timerUnit}.timer`} 2>/dev/null; true`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll holders until exactly one host holds the VIP and `want` accepts it; then wait for an answer. */
async function waitHolder(
  inventory: Inventory,
  transports: Transport[],
  step: DrillStep,
  probes: ProbeLoop,
  want: (holder: string) => boolean,
  since: number,
  deadline: number,
): Promise<{ holder: string; at: number } | null> {
  while (Date.now() < deadline) {
    const { holders } = await readVipView(inventory, transports);
    const h = holders[step.vip];
    if (h.length === 1 && want(h[0] as string)) {
      const heldAt = Date.now();
      while (Date.now() < deadline) {
        const answer = probes.firstAnswer(step.vip, Math.max(since, heldAt - 200));
        if (answer) return { holder: h[0] as string, at: Math.max(answer.at, since) };
        await sleep(50);
      }
      return null;
    }
    await sleep(100);
  }
  return null;
}

export async function runDrillStep(
  step: DrillStep,
  inventory: Inventory,
  transports: Map<string, Transport>,
  probes: ProbeLoop,
  onEvent: (text: string) => void,
): Promise<StepResult> {
  const all = [...transports.values()];
  const holder = transports.get(step.from) as Transport;
  const started = Date.now();
  const result: StepResult = {
    vip: step.vip,
    from: step.from,
    to: step.to,
    movedTo: null,
    moveMs: null,
    backMs: null,
    probes: 0,
    failedProbes: 0,
    problems: [],
  };
  try {
    await must(holder, demoteCommand(step));
    const dropped = Date.now();
    onEvent(
      `${step.vip}: ${step.from} gives up ${step.address} (priority ${step.priority} → 1 for at most ${step.lifetimeS} s)`,
    );
    const moved = await waitHolder(
      inventory,
      all,
      step,
      probes,
      (h) => h !== step.from,
      dropped,
      dropped + step.lifetimeS * 1000,
    );
    if (moved) {
      result.movedTo = moved.holder;
      result.moveMs = moved.at - dropped;
      onEvent(
        `${step.vip}: ${moved.holder} holds it and it answers after ${(result.moveMs / 1000).toFixed(1)} s`,
      );
    } else result.problems.push(`VIP ${step.vip} did not move within ${step.lifetimeS} s`);
  } finally {
    await must(holder, restoreCommand(step)).catch((e: Error) =>
      result.problems.push(`could not undo the drop on ${step.from}: ${e.message}`),
    );
  }
  const restored = Date.now();
  const back = await waitHolder(
    inventory,
    all,
    step,
    probes,
    (h) => h === step.from,
    restored,
    restored + 20_000,
  );
  if (back) {
    result.backMs = back.at - restored;
    onEvent(`${step.vip}: back on ${step.from} after ${(result.backMs / 1000).toFixed(1)} s`);
  } else result.problems.push(`VIP ${step.vip} did not come back to ${step.from} within 20 s`);
  await sleep(300);
  Object.assign(
    result,
    (({ probes: n, failed }) => ({ probes: n, failedProbes: failed }))(
      probes.count(step.vip, started, Date.now()),
    ),
  );
  return result;
}

/** What must be the same after a drill: services' PIDs, managed files, haka's runtime files, drill units. */
export async function hostFingerprint(t: Transport, files: readonly string[]): Promise<string> {
  const r = await must(
    t,
    sh`systemctl show -p MainPID --value haproxy.service keepalived.service; sha256sum ${[...files]} 2>&1; ls -A /run/haka; systemctl list-units --all --plain --no-legend 'haka-drill-*'`,
  );
  return r.stdout;
}

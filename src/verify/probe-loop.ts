// Every VIP port probed from where haka runs, every 100 ms, while a drill moves the VIPs: each
// result is kept, so the drill can tell when a VIP answered again and how many probes failed.
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { tcpAnswers } from './reach.js';

export interface ProbeRecord {
  vip: VipName;
  port: number;
  /** When the probe was sent (ms since epoch). */
  at: number;
  ok: boolean;
}

export class ProbeLoop {
  readonly records: ProbeRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly inventory: Inventory,
    private readonly intervalMs = 100,
    private readonly timeoutMs = 1000,
  ) {}

  start(): void {
    const tick = (): void => {
      for (const vip of VIP_NAMES)
        for (const port of this.inventory.vips[vip].ports) {
          const at = Date.now();
          const p = tcpAnswers(this.inventory.vips[vip].address, port, this.timeoutMs).then((r) => {
            this.records.push({ vip, port, at, ok: r.ok });
          });
          this.inFlight.add(p);
          void p.finally(() => this.inFlight.delete(p));
        }
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  /** The first probe of `vip` sent at or after `since` that succeeded, or null. */
  firstAnswer(vip: VipName, since: number): ProbeRecord | null {
    const ok = this.records.filter((r) => r.vip === vip && r.ok && r.at >= since);
    return ok.sort((a, b) => a.at - b.at)[0] ?? null;
  }

  /** Probes of `vip` sent in [from, to): how many, how many failed. */
  count(vip: VipName, from: number, to: number): { probes: number; failed: number } {
    const mine = this.records.filter((r) => r.vip === vip && r.at >= from && r.at < to);
    return { probes: mine.length, failed: mine.filter((r) => !r.ok).length };
  }
}

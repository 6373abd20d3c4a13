// Update reboot windows: Flatcar updates itself and reboots inside locksmith's window. Host k of
// the inventory gets the k-th window after `flatcar.rebootWindow.start`, each `lengthMinutes`
// long, so no two load balancers of one cluster reboot at the same time. PURE.
import type { Inventory, LbHost } from '../../src/inventory/types.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const DAY = 24 * 60;
const WEEK = 7 * DAY;

export interface RebootWindow {
  /** "Thu 04:00" or "04:00" (every day). */
  start: string;
  lengthMinutes: number;
}

/** Minutes since Monday 00:00 (weekly window) or since 00:00 (daily); null when unparsable. */
function minutesOf(start: string): { at: number; weekly: boolean } | null {
  const m = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(\d\d):(\d\d)$/.exec(start.trim());
  if (!m) return null;
  const time = Number(m[2]) * 60 + Number(m[3]);
  if (m[1] === undefined) return { at: time, weekly: false };
  return { at: DAYS.indexOf(m[1] as (typeof DAYS)[number]) * DAY + time, weekly: true };
}

function format(at: number, weekly: boolean): string {
  const hhmm = `${String(Math.floor((at % DAY) / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`;
  return weekly ? `${DAYS[Math.floor(at / DAY)]} ${hhmm}` : hhmm;
}

/** locksmith reads a Go duration: 1h, 90m. */
export function goDuration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

export function parseGoDuration(text: string): number | null {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

export function windowFor(inventory: Inventory, host: LbHost): RebootWindow | null {
  const settings = inventory.flatcar?.rebootWindow;
  if (!settings) return null;
  const first = minutesOf(settings.start);
  if (!first) return null;
  const k = inventory.hosts.findIndex((h) => h.name === host.name);
  const span = first.weekly ? WEEK : DAY;
  const at = (first.at + k * settings.lengthMinutes) % span;
  return { start: format(at, first.weekly), lengthMinutes: settings.lengthMinutes };
}

/** Do two windows share a minute? A daily window recurs on every day of the week. */
export function windowsOverlap(a: RebootWindow, b: RebootWindow): boolean {
  const pa = minutesOf(a.start);
  const pb = minutesOf(b.start);
  if (!pa || !pb) return false;
  const starts = (p: { at: number; weekly: boolean }): number[] =>
    p.weekly ? [p.at] : DAYS.map((_, d) => d * DAY + p.at);
  return starts(pa).some((sa) =>
    starts(pb).some((sb) => {
      const d = (((sb - sa) % WEEK) + WEEK) % WEEK;
      return d < a.lengthMinutes || WEEK - d < b.lengthMinutes;
    }),
  );
}

// Live progress as text. On a terminal: one line per host (its current step, how long it has been
// in it, its time so far), redrawn in place. Elsewhere: one timestamped line per step per host.
// Pure: the board and the clock are given; src/commands/live-progress.ts writes and ticks.
import { PROGRESS_STEPS, type ProgressStep } from '../progress.js';
import { STATUS_STYLE, type RecapRow } from './recap.js';
import { paint } from './styles.js';

export interface HostProgress {
  host: string;
  step: ProgressStep;
  /** Milliseconds since the epoch: the host's first step, and its current one. */
  since: number;
  stepSince: number;
  /** Set when the run is over for this host: its recap status. */
  outcome?: RecapRow['status'];
}

/** The board after `host` starts `step` at `now`; the same board when that is its step already. */
export function advance(
  board: readonly HostProgress[],
  host: string,
  step: ProgressStep,
  now: number,
): HostProgress[] {
  const current = board.find((h) => h.host === host);
  if (!current) return [...board, { host, step, since: now, stepSince: now }];
  if (current.step === step && current.outcome === undefined) return [...board];
  return board.map((h) => (h.host === host ? { host, step, since: h.since, stepSince: now } : h));
}

/** The board once the run is over: each host listed in `outcomes` carries its status. */
export function conclude(
  board: readonly HostProgress[],
  outcomes: readonly { host: string; status: RecapRow['status'] }[],
  now: number,
): HostProgress[] {
  return board.map((h) => {
    const o = outcomes.find((x) => x.host === h.host);
    return o ? { ...h, outcome: o.status, stepSince: now } : h;
  });
}

/** 0.4s, 12.3s, 2m05s. */
export function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s - m * 60)).padStart(2, '0')}s`;
}

/** 12:40:01.123Z: the time of day in UTC (the same on every machine that reads the log). */
export function timeOfDay(at: number): string {
  return `${new Date(at).toISOString().slice(11, 23)}Z`;
}

/** Steps and outcomes line up in one column. */
const STEP_WIDTH = Math.max(...PROGRESS_STEPS.map((s) => s.length));

/** Without a terminal: the line for a host that starts a step, or finishes (with its total). */
export function progressLine(h: HostProgress): string {
  const at = timeOfDay(h.stepSince);
  if (h.outcome !== undefined)
    return `${at} ${h.host}: ${h.outcome} after ${seconds(h.stepSince - h.since)}`;
  return `${at} ${h.host}: ${h.step}`;
}

function cut(text: string, columns: number): string {
  return columns > 1 && text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text;
}

/** On a terminal: one line per host at `now`, cut to the terminal's width. */
export function progressFrame(
  board: readonly HostProgress[],
  now: number,
  options: { color: boolean; columns: number },
): string[] {
  const width = Math.max(...board.map((h) => h.host.length), 0);
  return board.map((h) => {
    const name = h.host.padEnd(width);
    if (h.outcome !== undefined) {
      const text = cut(
        `${name}  ${h.outcome.padEnd(STEP_WIDTH)}  in ${seconds(h.stepSince - h.since)}`,
        options.columns,
      );
      return paint({ style: STATUS_STYLE[h.outcome], text }, options.color);
    }
    const text = cut(
      `${name}  ${h.step.padEnd(STEP_WIDTH)}  ${seconds(now - h.stepSince).padStart(6)}  (${seconds(now - h.since)} so far)`,
      options.columns,
    );
    return paint({ style: 'plain', text }, options.color);
  });
}

/**
 * Escape sequences that replace the `previous` lines drawn last (the cursor sits below them)
 * with `lines`: up, then each line cleared and written, then anything left below cleared.
 */
export function redraw(previous: number, lines: readonly string[]): string {
  const up = previous > 0 ? `\u001b[${previous}A\r` : '';
  return `${up}${lines.map((l) => `\u001b[2K${l}\n`).join('')}\u001b[0J`;
}

/** Escape sequences that remove the `previous` lines drawn last (the cursor ends where they began). */
export function erase(previous: number): string {
  return previous > 0 ? `\u001b[${previous}A\r\u001b[0J` : '';
}

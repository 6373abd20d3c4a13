// Live progress of a run on stderr (stdout keeps the plan, the recap and --json). On a terminal the
// host lines are redrawn in place (a timer ticks the elapsed times); anything else written to the
// terminal meanwhile goes above them. Without a terminal, each step is one timestamped line.
import type { ProgressHook } from '../progress.js';
import {
  advance,
  conclude,
  erase,
  progressFrame,
  progressLine,
  redraw,
  type HostProgress,
} from '../render/progress-text.js';
import type { RecapRow } from '../render/recap.js';

export interface LiveProgressOptions {
  /** Writes to stderr. */
  write: (text: string) => void;
  /** Off: every call is a no-op (--json, or JSON log records on stderr). */
  enabled: boolean;
  /** stderr is a terminal: redraw in place. */
  terminal: boolean;
  color: boolean;
  columns: () => number;
  now: () => number;
  /** Redraw every so many ms on a terminal; 0: only when a step starts. */
  tickMs: number;
}

export class LiveProgress {
  private board: HostProgress[] = [];
  /** Lines of the frame on screen now (0: nothing drawn, or erased). */
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: LiveProgressOptions) {}

  /** The hook connecting and apply call. */
  readonly step: ProgressHook = (host, step) => {
    if (!this.o.enabled) return;
    const before = this.board.find((h) => h.host === host);
    this.board = advance(this.board, host, step, this.o.now());
    const after = this.board.find((h) => h.host === host) as HostProgress;
    if (!this.o.terminal) {
      if (before?.step !== step || before.outcome !== undefined)
        this.o.write(`${progressLine(after)}\n`);
      return;
    }
    this.draw();
    if (this.o.tickMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.draw(), this.o.tickMs);
      // A forgotten display never keeps haka running.
      this.timer.unref();
    }
  };

  /** Take the host lines off the terminal (before the plan or a question); the next step draws them again. */
  clear(): void {
    this.stopTimer();
    if (this.drawn > 0) this.o.write(erase(this.drawn));
    this.drawn = 0;
  }

  /** Other output while the lines are shown: it goes above them. */
  above(write: () => void): void {
    if (this.drawn === 0) return write();
    const lines = this.drawn;
    this.o.write(erase(lines));
    this.drawn = 0;
    write();
    this.draw();
  }

  /** The run is over: each host's outcome, once, and the lines stay as they are. */
  finish(outcomes: readonly { host: string; status: RecapRow['status'] }[]): void {
    if (!this.o.enabled) return;
    this.stopTimer();
    this.board = conclude(this.board, outcomes, this.o.now());
    if (this.o.terminal) this.draw();
    else
      for (const h of this.board) if (h.outcome !== undefined) this.o.write(`${progressLine(h)}\n`);
    this.drawn = 0;
    this.board = [];
  }

  /** Stop ticking (the command ended, however it ended); what is on screen stays. */
  stop(): void {
    this.stopTimer();
    this.drawn = 0;
  }

  private draw(): void {
    if (this.board.length === 0) return;
    const lines = progressFrame(this.board, this.o.now(), {
      color: this.o.color,
      columns: this.o.columns(),
    });
    this.o.write(redraw(this.drawn, lines));
    this.drawn = lines.length;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

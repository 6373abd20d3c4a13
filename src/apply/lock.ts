// One haka run per host at a time: a lock file created with noclobber (atomic O_EXCL) holding
// who took it and when. It lives on /run, so a reboot releases it; anything else needs --break-lock.
import { hostname, userInfo } from 'node:os';
import { HakaError } from '../errors.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { must } from './remote.js';
import { LOCK_FILE } from './state-paths.js';

export interface LockOwner {
  owner: string;
  pid: number;
  command: string;
  startedAt: string;
}

export class LockError extends HakaError {
  readonly kind = 'command';
  constructor(
    host: string,
    readonly holder: LockOwner | null,
    readonly stale: boolean,
  ) {
    const who = holder ? `${holder.owner} (pid ${holder.pid}, haka ${holder.command}) since ${holder.startedAt}` : 'an unreadable lock file';
    super(
      stale
        ? `${LOCK_FILE} is held by ${who}, which looks stale; nothing was changed. If no haka run is active, re-run with --break-lock.`
        : `another haka run holds ${LOCK_FILE}: ${who}; nothing was changed. Wait for it to finish.`,
      host,
    );
  }
}

/** Pure: a lock older than this is reported as stale (but still only removed with --break-lock). */
export function isStale(holder: LockOwner | null, now: Date, staleAfterMs: number): boolean {
  if (!holder) return true;
  const started = Date.parse(holder.startedAt);
  return Number.isNaN(started) || now.getTime() - started > staleAfterMs;
}

export function parseLock(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    return typeof v.owner === 'string' && typeof v.startedAt === 'string'
      ? { owner: v.owner, pid: Number(v.pid), command: String(v.command), startedAt: v.startedAt }
      : null;
  } catch {
    return null;
  }
}

export function lockOwner(command: string, now: Date): LockOwner {
  return { owner: `${userInfo().username}@${hostname()}`, pid: process.pid, command, startedAt: now.toISOString() };
}

export class HostLock {
  private readonly text: string;
  constructor(
    private readonly transport: Transport,
    owner: LockOwner,
  ) {
    this.text = JSON.stringify(owner);
  }

  async acquire(options: { breakLock: boolean; staleAfterMs: number }): Promise<void> {
    if (options.breakLock) await must(this.transport, sh`rm -f ${LOCK_FILE}`);
    const r = await must(
      this.transport,
      sh`if (set -C; printf '%s\n' ${this.text} > ${LOCK_FILE}) 2>/dev/null; then echo ACQUIRED; else cat ${LOCK_FILE}; fi`,
    );
    if (r.stdout.trim() === 'ACQUIRED') return;
    const holder = parseLock(r.stdout.trim());
    throw new LockError(this.transport.host, holder, isStale(holder, new Date(), options.staleAfterMs));
  }

  /** Remove the lock only if it is still ours. */
  async release(): Promise<void> {
    await this.transport.exec(sh`[ "$(cat ${LOCK_FILE} 2>/dev/null)" = ${this.text} ] && rm -f ${LOCK_FILE}`);
  }
}

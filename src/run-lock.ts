// One haka run per host at a time: a lock file created with noclobber (atomic O_EXCL) holding
// who took it and when. It lives on /run, so a reboot releases it; anything else needs --break-lock.
import { hostname } from 'node:os';
import { HakaError } from './errors.js';
import { localUser } from './local-user.js';
import { sh } from './transport/sh.js';
import type { Transport } from './transport/types.js';
import { must } from './transport/must.js';
import { LOCK_FILE } from '../tasks/paths.js';
import { LOCK_SCHEMA } from './schema/state-schemas.js';
import { validatorFor } from './schema/validators.js';

/** Serialises compare-and-remove of the lock (flock); never holds data. */
const LOCK_GUARD = `${LOCK_FILE}.guard`;

export interface LockOwner {
  owner: string;
  pid: number;
  command: string;
  startedAt: string;
}

function describeHolder(holder: LockOwner | null): string {
  return holder
    ? `${holder.owner} (pid ${holder.pid}, haka ${holder.command}) since ${holder.startedAt}`
    : 'an unreadable lock file';
}

export class LockError extends HakaError {
  readonly kind = 'command';
  constructor(
    host: string,
    readonly holder: LockOwner | null,
    /** Why the lock looks abandoned; null while its run may still be active. */
    readonly staleBecause: string | null,
  ) {
    const who = describeHolder(holder);
    super(
      staleBecause
        ? `${LOCK_FILE} is held by ${who}, but ${staleBecause}: the lock looks stale. Nothing was changed. If no haka run is active on these hosts, re-run with --break-lock.`
        : `another haka run holds ${LOCK_FILE}: ${who}. Nothing was changed. Wait for it to finish (or, if you are sure no run is active, re-run with --break-lock).`,
      host,
    );
  }

  get stale(): boolean {
    return this.staleBecause !== null;
  }
}

/**
 * Pure: why a lock looks abandoned, or null. `ownerGone` is true when the holder ran on this
 * machine and its process no longer exists. Stale locks are reported, and still only removed
 * with --break-lock: the operator decides.
 */
export function staleReason(
  holder: LockOwner | null,
  now: Date,
  staleAfterMs: number,
  ownerGone: boolean,
): string | null {
  if (!holder) return 'the lock file cannot be read';
  if (ownerGone) return `process ${holder.pid} no longer runs on this machine (${thisMachine()})`;
  const started = Date.parse(holder.startedAt);
  if (Number.isNaN(started)) return `its start time "${holder.startedAt}" cannot be read`;
  const age = now.getTime() - started;
  return age > staleAfterMs ? `it was taken ${Math.round(age / 60_000)} minutes ago` : null;
}

export function parseLock(text: string): LockOwner | null {
  try {
    const v: unknown = JSON.parse(text);
    const validate = validatorFor<LockOwner>(LOCK_SCHEMA);
    return validate(v)
      ? { owner: v.owner, pid: v.pid, command: v.command, startedAt: v.startedAt }
      : null;
  } catch {
    return null;
  }
}

function thisMachine(): string {
  return hostname();
}

export function lockOwner(command: string, now: Date): LockOwner {
  return {
    owner: `${localUser()}@${thisMachine()}`,
    pid: process.pid,
    command,
    startedAt: now.toISOString(),
  };
}

/** True when the holder ran on this machine and its process is gone (a killed or crashed run). */
export function ownerProcessGone(holder: LockOwner | null): boolean {
  if (
    !holder ||
    holder.owner.split('@').pop() !== thisMachine() ||
    !Number.isInteger(holder.pid) ||
    holder.pid <= 0
  )
    return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists, owned by someone else. Only "no such process" proves it is gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
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
    const first = await this.tryCreate();
    if (first === null) return;
    const holder = parseLock(first);
    const why = staleReason(holder, new Date(), options.staleAfterMs, ownerProcessGone(holder));
    // --break-lock removes only the very lock just judged stale; a live lock is never removed.
    if (!options.breakLock || why === null) throw new LockError(this.transport.host, holder, why);
    await this.removeIfUnchanged(first);
    const second = await this.tryCreate();
    if (second === null) return;
    const now = parseLock(second);
    throw new LockError(
      this.transport.host,
      now,
      staleReason(now, new Date(), options.staleAfterMs, ownerProcessGone(now)),
    );
  }

  /** null once the lock is ours; else the holder's lock text. */
  private async tryCreate(): Promise<string | null> {
    const r = await must(
      this.transport,
      sh`if (set -C; printf '%s\n' ${this.text} > ${LOCK_FILE}) 2>/dev/null; then echo ACQUIRED; else cat ${LOCK_FILE}; fi`,
    );
    return r.stdout.trim() === 'ACQUIRED' ? null : r.stdout.replace(/\n+$/, '');
  }

  /**
   * Compare-and-remove in one remote step, under flock on a guard file: two breakers cannot
   * both remove, and a lock taken since it was read (different text) stays.
   */
  private async removeIfUnchanged(expected: string): Promise<void> {
    await must(
      this.transport,
      sh`{ flock -w 10 9 || exit 75; if [ "$(cat ${LOCK_FILE} 2>/dev/null)" = ${expected} ]; then rm -f ${LOCK_FILE}; fi; } 9>>${LOCK_GUARD}`,
    );
  }

  get host(): string {
    return this.transport.host;
  }

  /** Remove the lock only if it is still ours. */
  async release(): Promise<void> {
    await this.removeIfUnchanged(this.text);
  }
}

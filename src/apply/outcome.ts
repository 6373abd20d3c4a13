import type { HakaError } from '../errors.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'refused' | 'rolled-back';

/** What happened on one host; the recap and the exit code are built from these. */
export interface HostOutcome {
  host: string;
  status: HostStatus;
  /** Changes applied (or, in check mode, planned). */
  changed: number;
  /** Tasks that needed nothing. */
  ok: number;
  message?: string;
  error?: HakaError | Error;
}

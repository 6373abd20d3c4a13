// Handlers owed on a host are written there before any file is replaced, and cleared only once
// they ran: a run cut between "write" and "reload" is finished by the next run.
import type { HostFacts } from '../facts/types.js';
import type { Handler, HostPlan, Plan } from './types.js';
import { PENDING_FILE } from '../../tasks/paths.js';
import { PENDING_SCHEMA } from '../schema/state-schemas.js';
import { firstError, validatorFor } from '../schema/validators.js';

export interface PendingRecord {
  /** Handlers still to run on this host. */
  handlers: Handler[];
  /** Files this run replaced (their previous versions are the last known good). */
  files: string[];
  /** Units that were not active before the run; a rollback stops them again. */
  startedUnits: string[];
}

export function parsePending(facts: HostFacts): PendingRecord | null {
  const content = facts.files[PENDING_FILE]?.content;
  if (!content) return null;
  try {
    const parsed: unknown = JSON.parse(content);
    const validate = validatorFor<Partial<PendingRecord>>(PENDING_SCHEMA);
    if (!validate(parsed)) throw new Error(firstError(validate.errors));
    return {
      handlers: parsed.handlers ?? [],
      files: parsed.files ?? [],
      startedUnits: parsed.startedUnits ?? [],
    };
  } catch {
    // A torn or tampered pending file still means "something was left unfinished": redo every
    // reload, and trust none of its paths.
    return {
      handlers: [
        { kind: 'reload', unit: 'haproxy' },
        { kind: 'reload', unit: 'keepalived' },
      ],
      files: [],
      startedUnits: [],
    };
  }
}

function key(h: Handler): string {
  return h.kind === 'daemon-reload' ? h.kind : `${h.kind}:${h.unit}`;
}

/** Pure: add handlers owed by an interrupted run to the plan, daemon-reload first, no duplicates. */
export function withPendingHandlers(plan: Plan, facts: Record<string, HostFacts>): Plan {
  return {
    ...plan,
    hosts: plan.hosts.map((hp): HostPlan => {
      const hostFacts = facts[hp.host];
      const pending = hostFacts ? parsePending(hostFacts) : null;
      if (!pending || hp.refused) return hp;
      const seen = new Set(hp.handlers.map(key));
      const merged = [...hp.handlers, ...pending.handlers.filter((h) => !seen.has(key(h)))];
      merged.sort(
        (a, b) => Number(b.kind === 'daemon-reload') - Number(a.kind === 'daemon-reload'),
      );
      return { ...hp, handlers: merged, pendingFromEarlierRun: pending.handlers.length > 0 };
    }),
  };
}

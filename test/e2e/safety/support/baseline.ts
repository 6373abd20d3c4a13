// Every safety file starts the same way: pristine prebaked hosts, then a baseline install that
// converges, with lb1 (highest priority) holding both VIPs.
import { inventoryPath, resetLab, vipHolders, waitFor } from '../../harness/lab.js';
import { haka, inventoryVariant } from '../../support/haka.js';

export async function freshBaseline(): Promise<string> {
  await resetLab({ variant: 'prebaked' });
  const inventory = inventoryPath();
  const run = await haka(['install', '--yes'], { inventory });
  if (run.code !== 0)
    throw new Error(`baseline install failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  await lb1HoldsBothVips();
  return inventory;
}

export async function lb1HoldsBothVips(timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      const h = await vipHolders();
      return h.api.join() === 'lb1' && h.ingress.join() === 'lb1';
    },
    { timeoutMs, intervalMs: 200, what: 'lb1 to hold both VIPs alone' },
  );
}

type Doc = Record<string, unknown>;
const section = (doc: Doc, key: string): Doc => (doc[key] ??= {}) as Doc;

/** Inventory edits the cases use; each returns the path of a variant beside the lab inventory. */
export const edits = {
  /** HAProxy timeouts (reload haproxy) and the track script's rise (reload keepalived). */
  timeoutAndRise: (client: string, rise: number) => (doc: Doc) => {
    section(doc, 'haproxy').timeouts = { connect: '5s', client, server: '1h', tunnel: '1h' };
    (section(doc, 'keepalived').track as Doc).rise = rise;
  },
  statsBind: (bind: string) => (doc: Doc) => {
    (section(doc, 'haproxy').stats as Doc).bind = bind;
  },
  ingressPorts: (ports: number[]) => (doc: Doc) => {
    (section(doc, 'vips').ingress as Doc).ports = ports;
  },
  connectTimeout: (seconds: number) => (doc: Doc) => {
    section(doc, 'ssh').connectTimeout = seconds;
  },
};

export function variant(base: string, name: string, ...changes: ((doc: Doc) => void)[]): string {
  return inventoryVariant(base, `safety-${name}`, (doc) => changes.forEach((c) => c(doc)));
}

/** Wall time of a step, for the figures each case prints. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

export function figures(caseName: string, values: Record<string, string | number>): void {
  const text = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stdout.write(`[safety] ${caseName}: ${text}\n`);
}

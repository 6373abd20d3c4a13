// The end-of-run summary, one aligned row per host, like Ansible's PLAY RECAP.
import { paint, type Style } from './styles.js';

export interface RecapRow {
  host: string;
  ok: number;
  changed: number;
  failed: number;
  status: 'ok' | 'changed' | 'failed' | 'unreachable' | 'refused' | 'rolled-back';
  message?: string;
}

/** How each outcome is coloured, in the recap and the live progress. */
export const STATUS_STYLE: Record<RecapRow['status'], Style> = {
  ok: 'ok',
  changed: 'change',
  failed: 'bad',
  unreachable: 'bad',
  refused: 'bad',
  'rolled-back': 'bad',
};

const SHORT_MAX = 80;

/**
 * One short reason for the recap: the first line, without the "host (address:port): " prefix,
 * up to the end of its first clause; the full text is printed once, in the host's section.
 */
export function shortReason(message: string): string {
  const first = (message.trim().split('\n')[0] ?? '').replace(/^\S+ \([0-9A-Fa-f.:[\]]+\): /, '');
  const clause = /^(.{8,}?)(?:; |\. )/.exec(first)?.[1] ?? first.replace(/\.$/, '');
  return clause.length > SHORT_MAX ? `${clause.slice(0, SHORT_MAX - 1)}…` : clause;
}

/** The full message of each host that has one, under its name: the host's section of the report. */
export function renderHostDetails(rows: RecapRow[]): string {
  return rows
    .filter((r) => r.message)
    .map(
      (r) =>
        `${r.host}: ${r.status}\n${(r.message ?? '')
          .trim()
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`,
    )
    .join('\n\n');
}

/** The reason after the status, without saying the status twice ("unreachable: unreachable (X): …"). */
export function recapReason(status: RecapRow['status'], message: string): string {
  const reason = shortReason(message);
  const repeated = new RegExp(`^${status}(?: \\(([A-Z0-9_]+)\\))?: (.+)$`).exec(reason);
  if (!repeated) return reason;
  const [, code, rest] = repeated;
  return code ? `${rest as string} (${code})` : (rest as string);
}

export function renderRecap(rows: RecapRow[], options: { color?: boolean } = {}): string {
  const cells = rows.map((r) => [
    r.host,
    `ok=${r.ok}`,
    `changed=${r.changed}`,
    `failed=${r.failed}`,
    r.status,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => (c[i] as string).length), 0));
  const lines = rows.map((row, i) => {
    const c = cells[i] as string[];
    const text = `${(c[0] as string).padEnd(widths[0] as number)} : ${[1, 2, 3]
      .map((k) => (c[k] as string).padEnd(widths[k] as number))
      .join('  ')}  ${row.status}${row.message ? `: ${recapReason(row.status, row.message)}` : ''}`;
    return paint({ style: STATUS_STYLE[row.status], text }, options.color ?? false);
  });
  return ['RECAP', ...lines].join('\n');
}

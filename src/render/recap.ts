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

const STATUS_STYLE: Record<RecapRow['status'], Style> = {
  ok: 'ok',
  changed: 'change',
  failed: 'bad',
  unreachable: 'bad',
  refused: 'bad',
  'rolled-back': 'bad',
};

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
      .join(
        '  ',
      )}  ${row.status}${row.message ? `: ${row.message.trim().split('\n').join('\n    ')}` : ''}`;
    return paint({ style: STATUS_STYLE[row.status], text }, options.color ?? false);
  });
  return ['RECAP', ...lines].join('\n');
}

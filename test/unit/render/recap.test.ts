import { describe, expect, it } from 'vitest';
import { renderRecap, type RecapRow } from '../../../src/render/index.js';

const rows: RecapRow[] = [
  { host: 'k8s-api-lb', ok: 9, changed: 0, failed: 0, status: 'ok' },
  { host: 'loadbalancer1', ok: 3, changed: 12, failed: 0, status: 'changed' },
  {
    host: 'lb2',
    ok: 0,
    changed: 0,
    failed: 1,
    status: 'unreachable',
    message: 'connect timeout after 10 s',
  },
  {
    host: 'fc1',
    ok: 0,
    changed: 0,
    failed: 0,
    status: 'refused',
    message: 'Flatcar: support comes with the sysext path\nnothing was changed',
  },
];

describe('renderRecap', () => {
  it('aligned columns like a PLAY RECAP', () => {
    expect(renderRecap(rows)).toBe(
      [
        'RECAP',
        'k8s-api-lb    : ok=9  changed=0   failed=0  ok',
        'loadbalancer1 : ok=3  changed=12  failed=0  changed',
        'lb2           : ok=0  changed=0   failed=1  unreachable: connect timeout after 10 s',
        'fc1           : ok=0  changed=0   failed=0  refused: Flatcar: support comes with the sysext path\n    nothing was changed',
      ].join('\n'),
    );
  });

  it('colors only when asked', () => {
    expect(renderRecap(rows)).not.toContain('\u001b[');
    expect(renderRecap(rows, { color: true })).toContain('\u001b[31mlb2');
  });

  it('no rows: just the title', () => {
    expect(renderRecap([])).toBe('RECAP');
  });
});

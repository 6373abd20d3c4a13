import { describe, expect, it } from 'vitest';
import {
  recapReason,
  renderHostDetails,
  renderRecap,
  shortReason,
  type RecapRow,
} from '../../../src/render/index.js';

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
        'fc1           : ok=0  changed=0   failed=0  refused: Flatcar: support comes with the sysext path',
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

describe('shortReason: one short reason per host in the recap', () => {
  it('drops the host prefix and keeps the first clause (messages as haka writes them)', () => {
    expect(
      shortReason(
        'lb1 (10.88.4.11:22): connection refused: nothing listens on port 22 (is sshd running?)',
      ),
    ).toBe('connection refused: nothing listens on port 22 (is sshd running?)');
    expect(
      shortReason(
        'lb3 (10.88.4.13:22): HOST KEY MISMATCH: possible MITM or reinstalled host. Expected ED25519 SHA256:x (kh:3); the host offered ED25519 SHA256:y.',
      ),
    ).toBe('HOST KEY MISMATCH: possible MITM or reinstalled host');
    expect(
      shortReason(
        'lb1 (10.88.4.11:22): unreachable (ENETUNREACH): no route to the host; check the address and the VPN/WireGuard link',
      ),
    ).toBe('unreachable (ENETUNREACH): no route to the host');
  });

  it('at most 80 characters, and only the first line', () => {
    const long = `not reloaded: ${'x'.repeat(200)}`;
    expect(shortReason(long)).toHaveLength(80);
    expect(shortReason(long).endsWith('…')).toBe(true);
    expect(shortReason('E: Unable to locate package socat (exit 100)\nmore')).toBe(
      'E: Unable to locate package socat (exit 100)',
    );
  });
});

describe('recapReason: the status is not said twice', () => {
  it('drops a leading status word, keeping the error code', () => {
    const message =
      'lb1 (10.88.4.11:22): unreachable (ENETUNREACH): no route to the host; check the address';
    expect(recapReason('unreachable', message)).toBe('no route to the host (ENETUNREACH)');
    expect(recapReason('refused', 'refused: Flatcar too old')).toBe('Flatcar too old');
    expect(recapReason('failed', 'unreachable (ETIMEDOUT): x')).toBe('unreachable (ETIMEDOUT): x');
  });

  it('in the recap line', () => {
    const line = renderRecap([
      {
        host: 'lb1',
        ok: 0,
        changed: 0,
        failed: 1,
        status: 'unreachable',
        message: 'lb1 (10.88.4.11:22): unreachable (EHOSTUNREACH): no route to the host; check it',
      },
    ]).split('\n')[1];
    expect(line).toBe(
      'lb1 : ok=0  changed=0  failed=1  unreachable: no route to the host (EHOSTUNREACH)',
    );
  });
});

describe('renderHostDetails: the full text once, in the host section', () => {
  it('every host with a message, its text indented under its name and status', () => {
    expect(renderHostDetails(rows)).toBe(
      [
        'lb2: unreachable',
        '  connect timeout after 10 s',
        '',
        'fc1: refused',
        '  Flatcar: support comes with the sysext path',
        '  nothing was changed',
      ].join('\n'),
    );
  });
});

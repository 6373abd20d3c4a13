// The files haka keeps on a host, read back through their schemas: what a real host holds is
// accepted; a tampered file is refused (its paths and names would reach commands).
import { describe, expect, it } from 'vitest';
import { parsePending } from '../../../src/plan/pending.js';
import { parseRunRecord } from '../../../src/plan/run-record.js';
import { parseLock } from '../../../src/run-lock.js';
import { parseManifest } from '../../../tasks/manifest-model.js';
import { MANIFEST, PENDING_FILE } from '../../../tasks/paths.js';
import { loadFacts } from '../tasks/support/fixtures.js';

const converged = loadFacts('debian12-converged').files[MANIFEST]?.content as string;

function tampered(edit: (m: Record<string, unknown>) => void): string {
  const m = JSON.parse(converged) as Record<string, unknown>;
  edit(m);
  return JSON.stringify(m);
}

describe('manifest', () => {
  it('the manifest of a converged lab host is accepted', () => {
    expect(parseManifest(converged).state).toBe('present');
  });

  it.each([
    [
      'a path with a shell metacharacter',
      (m: Record<string, unknown>) => void (m.createdDirs = ['/etc/x;rm -rf /']),
    ],
    [
      'a relative original',
      (m: Record<string, unknown>) => {
        const files = m.files as Record<string, { original: string | null }>;
        const first = Object.values(files)[0] as { original: string | null };
        first.original = 'etc/passwd';
      },
    ],
    [
      'an option-like package',
      (m: Record<string, unknown>) =>
        void ((m.packages as { installed: string[] }).installed = ['--force-all']),
    ],
    [
      'an unknown service',
      (m: Record<string, unknown>) =>
        void ((m.services as Record<string, unknown>).sshd = {
          enabledBefore: true,
          activeBefore: true,
        }),
    ],
    ['a missing field', (m: Record<string, unknown>) => void delete m.sysctl],
  ])('refused: %s, with where and why', (_what, edit) => {
    const read = parseManifest(tampered(edit));
    expect(read.state).toBe('invalid');
    expect(read.state === 'invalid' && read.error).toMatch(/^(\/\S*|the document) /);
  });

  it('another format is named as such', () => {
    expect(parseManifest(tampered((m) => void (m.format = 2)))).toEqual({
      state: 'invalid',
      error: 'unknown format 2 (this haka reads 1)',
    });
  });
});

describe('pending record', () => {
  const facts = (content: string) => {
    const f = structuredClone(loadFacts('debian12-converged'));
    f.files[PENDING_FILE] = {
      path: PENDING_FILE,
      exists: true,
      content,
      mode: '0600',
      owner: 'root',
      group: 'root',
    };
    return f;
  };
  const everything = {
    handlers: [
      { kind: 'reload', unit: 'haproxy' },
      { kind: 'reload', unit: 'keepalived' },
    ],
    files: [],
    startedUnits: [],
  };

  it('a record apply wrote is read as written', () => {
    const record = {
      handlers: [{ kind: 'daemon-reload' }, { kind: 'restart', unit: 'keepalived' }],
      files: ['/etc/haproxy/haproxy.cfg'],
      startedUnits: ['haproxy'],
    };
    expect(parsePending(facts(JSON.stringify(record)))).toEqual(record);
  });

  it('torn or tampered: every reload again, and none of its paths trusted', () => {
    for (const content of [
      '{"handlers": [',
      JSON.stringify({ handlers: [{ kind: 'reload', unit: 'sshd' }] }),
      JSON.stringify({ files: ['/etc/x$(reboot)'] }),
    ])
      expect(parsePending(facts(content)), content).toEqual(everything);
  });
});

describe('lock and run record', () => {
  it('a lock haka wrote is read; a malformed one is "cannot be read"', () => {
    const lock = {
      owner: 'op@jump',
      pid: 4242,
      command: 'install',
      startedAt: '2026-12-02T09:00:00.000Z',
    };
    expect(parseLock(JSON.stringify(lock))).toEqual(lock);
    expect(parseLock(JSON.stringify({ ...lock, pid: '4242; reboot' }))).toBeNull();
    expect(parseLock('not json')).toBeNull();
  });

  it('a run record is read only when every field is a string', () => {
    const record = {
      command: 'rollback',
      at: '2026-12-02T09:00:00.000Z',
      from: 'op@jump',
      version: '0.1.0',
    };
    expect(parseRunRecord(JSON.stringify(record))).toEqual(record);
    expect(parseRunRecord(JSON.stringify({ ...record, version: 1 }))).toBeNull();
  });
});

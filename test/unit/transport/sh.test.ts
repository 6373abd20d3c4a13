// Shell quoting, checked against a real /bin/sh: what goes in must come out byte for byte.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { join, quote, sh, Shell } from '../../../src/transport/sh.js';

// Characters that break naive quoting, plus multi-byte UTF-8.
const ALPHABET = [
  ...'abcXYZ019 \'"\\$`!*?[]{}()<>|&;~#=%,.:/-_@+\n\t',
  'é',
  '日本',
  '✓',
  '🙂',
  '\u00a0',
];

// Deterministic PRNG (mulberry32), so a failure is reproducible from the seed in the test name.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomString(next: () => number): string {
  const length = Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

/** Run `printf '%s\0' <quoted>...` in a real sh and split what it printed. */
function roundTrip(values: string[]): string[] {
  const script = sh`printf '%s\\0' ${values}`;
  const out = execFileSync('/bin/sh', ['-c', script.text]).toString('utf8');
  return out.split('\0').slice(0, -1);
}

describe('quote', () => {
  const SEED = 20240611;
  it(`round-trips 500 random strings through /bin/sh (seed ${SEED})`, () => {
    const next = rng(SEED);
    const values = Array.from({ length: 500 }, () => randomString(next));
    expect(roundTrip(values)).toEqual(values);
  });

  it(`round-trips 100 random strings one by one via sh -c 'printf %s <quoted>' (seed ${SEED + 1})`, () => {
    const next = rng(SEED + 1);
    for (let i = 0; i < 100; i++) {
      const value = randomString(next);
      const script = sh`printf %s ${value}`;
      expect(execFileSync('/bin/sh', ['-c', script.text]).toString('utf8')).toBe(value);
    }
    // 100 process spawns: on a loaded machine this takes longer than vitest's default 5 s.
  }, 60_000);

  it.each([
    [''],
    ["'"],
    ["it's"],
    ['$HOME'],
    ['`id`'],
    ['$(id)'],
    ['a\nb'],
    ['  spaced  '],
    ['-n'],
    ['*'],
    ['日本語 ✓'],
    ['\\'],
  ])('round-trips %j through a single printf', (value) => {
    const script = sh`printf %s ${value}`;
    expect(execFileSync('/bin/sh', ['-c', script.text]).toString('utf8')).toBe(value);
  });

  it('leaves safe words bare and quotes the rest', () => {
    expect(quote('/etc/haproxy/haproxy.cfg')).toBe('/etc/haproxy/haproxy.cfg');
    expect(quote(42)).toBe('42');
    expect(quote('')).toBe("''");
    expect(quote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('sh template', () => {
  it('quotes each element of an array as its own word and inserts nested Shell as is', () => {
    const inner = sh`echo ${'x y'}`;
    expect(sh`run ${['a b', 'c']} && ${inner}`.text).toBe(`run 'a b' c && echo 'x y'`);
    expect(join([sh`true`, sh`false`], ' || ').text).toBe('true || false');
  });

  it('is nominal: only sh`` and join() build a Shell', () => {
    // @ts-expect-error an object literal of the same shape is not a Shell (compile-time check)
    const fake: Shell = { text: 'rm -rf /', toString: () => 'rm -rf /' };
    expect(fake instanceof Shell).toBe(false);
    // @ts-expect-error the constructor needs the token only sh.ts holds
    expect(() => new Shell(Symbol('sh'), 'rm -rf /')).toThrow(/built only by sh/);
    expect(sh`true` instanceof Shell).toBe(true);
  });
});

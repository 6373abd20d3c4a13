import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedText } from '../../../src/inventory/bounded-read.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-bounded-'));

describe('readBoundedText', () => {
  it('reads a regular file with its mode', () => {
    const file = join(dir, 'ok');
    writeFileSync(file, 'secret\n');
    chmodSync(file, 0o640);
    expect(readBoundedText(file, 100)).toEqual({ text: 'secret\n', mode: 0o640 });
  });

  it('refuses a file over the limit', () => {
    const file = join(dir, 'big');
    writeFileSync(file, 'x'.repeat(101));
    expect(() => readBoundedText(file, 100)).toThrow(/more than the/);
  });

  it('refuses a FIFO at once, without waiting for a writer', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(() => readBoundedText(fifo, 100)).toThrow(/FIFO/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['/dev/zero', /character device/],
    [dir, /folder/],
  ])('refuses %s', (path, message) => {
    expect(() => readBoundedText(path, 100)).toThrow(message);
  });

  it('refuses text that is not UTF-8', () => {
    const file = join(dir, 'latin1');
    writeFileSync(file, Buffer.from([0x61, 0xff, 0x62]));
    expect(() => readBoundedText(file, 100)).toThrow(/not UTF-8/);
  });
});

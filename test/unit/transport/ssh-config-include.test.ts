// Include in ~/.ssh/config: followed at the top level as ssh does (order, globs, ~/.ssh-relative
// paths, missing files skipped, the main file's scope restored after), reported inside a block,
// and bounded (self-inclusion, a FIFO).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import {
  computeFor,
  readSshConfig,
  unsupportedDirectives,
} from '../../../src/transport/ssh-config.js';

const home = mkdtempSync(join(tmpdir(), 'haka-ssh-include-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const ssh = join(home, '.ssh');
mkdirSync(join(ssh, 'config.d'), { recursive: true });
const write = (name: string, text: string) => writeFileSync(join(ssh, name), text);

describe('Include', () => {
  it('splices the matched files in lexical order; the main file’s later lines apply to all hosts', () => {
    write('config.d/20-lbs', 'Host lb-*\n  User core\n  Port 2201\n');
    write('config.d/10-bastion', 'Host bastion\n  HostName gw.example.net\n  User jumper\n');
    write('config.d/.hidden', 'Host lb-*\n  User hidden\n');
    write('extra', 'Host lb-a\n  HostName 10.88.0.11\n');
    write(
      'config',
      [
        'Include config.d/* "extra" ~/.ssh/missing-file',
        'IdentityFile ~/.ssh/global_key',
        'Host other',
        '  User other',
      ].join('\n'),
    );
    const cfg = readSshConfig(undefined, home);
    expect(cfg).not.toBeNull();
    const lb = computeFor(cfg!, 'lb-a');
    expect(lb).toMatchObject({ user: 'core', port: '2201', hostname: '10.88.0.11' });
    expect(lb.identityfile).toEqual(['~/.ssh/global_key']);
    expect(computeFor(cfg!, 'bastion')).toMatchObject({ user: 'jumper' });
    expect(computeFor(cfg!, 'other').user).toBe('other');
    expect(unsupportedDirectives(cfg!)).toEqual([]);
  });

  it('inside a Host block it is left alone and reported', () => {
    write('block', 'Host lb-*\n  Include config.d/*\n  User inblock\n');
    const cfg = readSshConfig(join(ssh, 'block'), home);
    expect(unsupportedDirectives(cfg!)).toEqual(['Include']);
    expect(computeFor(cfg!, 'lb-a').user).toBe('inblock');
  });

  it('a file that includes itself stops at 16 levels with a clear error', () => {
    write('loop', 'Include loop\n');
    const read = () => readSshConfig(join(ssh, 'loop'), home);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/Include nested more than 16 levels deep/);
  });

  it('an included FIFO is refused at once, never read', () => {
    execFileSync('mkfifo', [join(ssh, 'fifo')]);
    write('with-fifo', 'Include fifo\n');
    expect(() => readSshConfig(join(ssh, 'with-fifo'), home)).toThrow(/fifo is a FIFO/);
  });
});

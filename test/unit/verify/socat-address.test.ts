import { describe, expect, it } from 'vitest';
import { InternalError } from '../../../src/errors.js';
import { unixConnectAddress } from '../../../src/verify/socat-address.js';
import { systemdWord } from '../../../tasks/content/quoting.js';

describe('socat gets an address built only from a safe path', () => {
  it('builds UNIX-CONNECT from an absolute plain path', () => {
    expect(unixConnectAddress('/run/haproxy/haka.sock')).toBe(
      'UNIX-CONNECT:/run/haproxy/haka.sock',
    );
  });

  it.each([
    '/run/x.sock!!SYSTEM:touch /tmp/pwned',
    '/run/x.sock,fork',
    '/run/x:y',
    'relative.sock',
    '/run/../etc/x',
    `/${'x'.repeat(107)}`,
  ])('refuses %j', (path) => {
    expect(() => unixConnectAddress(path)).toThrow(InternalError);
  });
});

describe('systemd unit lines carry plain words only', () => {
  it('passes a folder through', () => expect(systemdWord('/run/haproxy')).toBe('/run/haproxy'));

  it.each([
    '/run/a b',
    '/run/a\nExecStartPre=/bin/sh -c id',
    '/run/%n',
    '/run/$HOME',
    '/run/"x"',
    '',
  ])('refuses %j', (value) => expect(() => systemdWord(value)).toThrow(InternalError));
});

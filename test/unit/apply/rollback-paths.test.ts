import { describe, expect, it } from 'vitest';
import { previousFiles } from '../../../src/apply/previous.js';

describe('previousFiles', () => {
  it('maps kept versions and absence markers back to managed paths', () => {
    const out = [
      '/var/lib/haka/previous/etc/haproxy/haproxy.cfg',
      '/var/lib/haka/previous/etc/keepalived/haka-notify.sh.absent',
      '/var/lib/haka/previous/etc/haproxy/haproxy.cfg',
      'find: something odd',
      '',
    ].join('\n');
    expect(previousFiles(out)).toEqual([
      '/etc/haproxy/haproxy.cfg',
      '/etc/keepalived/haka-notify.sh',
    ]);
  });
});

// The gratuitous ARP a VIP's holder sends at the end of a run: the frame, byte for byte, and the
// link that carries the VIP, read from `ip -j addr` as captured on a lab host.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { garpFrame, linkHolding, printfEscapes } from '../../../src/apply/announce.js';

// `ip -j addr show` on lab 4's lb1 while it held both VIPs (trimmed to the fields read).
const IP_JSON = JSON.stringify([
  {
    ifindex: 1,
    ifname: 'lo',
    address: '00:00:00:00:00:00',
    addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }],
  },
  {
    ifindex: 2,
    ifname: 'eth0',
    address: '02:88:04:00:00:0b',
    addr_info: [
      { family: 'inet', local: '10.88.4.11', prefixlen: 24 },
      { family: 'inet', local: '10.88.4.100', prefixlen: 24 },
      { family: 'inet', local: '10.88.4.101', prefixlen: 24 },
    ],
  },
]);

describe('gratuitous ARP', () => {
  it('finds the interface and MAC that carry the VIP; null when the host does not hold it', () => {
    expect(linkHolding(IP_JSON, '10.88.4.101')).toEqual({
      ifname: 'eth0',
      mac: '02:88:04:00:00:0b',
    });
    expect(linkHolding(IP_JSON, '10.88.4.102')).toBeNull();
    expect(linkHolding('not json', '10.88.4.101')).toBeNull();
  });

  it('an interface name socat would split (":" or ",") is never handed over', () => {
    const odd = IP_JSON.replace('"eth0"', '"eth0,x:y"');
    expect(linkHolding(odd, '10.88.4.101')).toBeNull();
  });

  it('the frame: broadcast, ARP, sender and target both the VIP, padded to 60 bytes', () => {
    const f = garpFrame('02:88:04:00:00:0b', '10.88.4.101', 1);
    expect(f.length).toBe(60);
    expect(f.subarray(0, 42).toString('hex')).toBe(
      'ffffffffffff' +
        '02880400000b' +
        '0806' +
        '0001' +
        '0800' +
        '06' +
        '04' +
        '0001' +
        '02880400000b' +
        '0a580465' +
        '000000000000' +
        '0a580465',
    );
    expect(garpFrame('02:88:04:00:00:0b', '10.88.4.101', 2).subarray(20, 22).toString('hex')).toBe(
      '0002',
    );
    expect(() => garpFrame('02:88:04:00:00', '10.88.4.101', 1)).toThrow();
  });

  it('printf(1) turns the escapes back into exactly the frame (run with /bin/sh)', () => {
    const f = garpFrame('02:88:04:00:00:0b', '10.88.4.101', 2);
    const fmt = printfEscapes(f);
    expect(fmt).toMatch(/^(\\[0-7]{3})+$/);
    expect(execFileSync('/bin/sh', ['-c', 'printf "$1"', 'sh', fmt])).toEqual(f);
  });
});

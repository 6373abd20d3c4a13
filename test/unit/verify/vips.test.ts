import { describe, expect, it } from 'vitest';
import { holderProblems } from '../../../src/verify/cluster.js';
import { vipProblems, vipsToProbe } from '../../../src/verify/settle.js';
import { addressesFromIpJson } from '../../../src/verify/vips.js';

describe('VIP holders', () => {
  it('reads addresses from ip -j output', () => {
    const json = JSON.stringify([
      { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      {
        ifname: 'eth0',
        addr_info: [
          { family: 'inet', local: '10.88.0.11', prefixlen: 24 },
          { family: 'inet', local: '10.88.0.100', prefixlen: 24 },
        ],
      },
    ]);
    expect([...addressesFromIpJson(json)]).toEqual(['127.0.0.1', '10.88.0.11', '10.88.0.100']);
  });

  it('flags no holder and split brain', () => {
    expect(vipProblems({ api: ['lb1'], ingress: ['lb1'] })).toEqual([]);
    expect(vipProblems({ api: [], ingress: ['lb1', 'lb2'] })).toEqual([
      'VIP api is held by no host',
      'VIP ingress is held by 2 hosts (lb1, lb2): split brain',
    ]);
  });

  it('flags a holder that is not the highest-priority healthy host', () => {
    expect(
      holderProblems({ api: ['lb2'], ingress: ['lb1'] }, { api: 'lb1', ingress: 'lb1' }),
    ).toEqual(['VIP api is held by lb2, expected lb1 (highest priority among healthy hosts)']);
  });

  it('with a host out of sight, no visible holder is not a problem but a VIP to test by connecting', () => {
    const none = { api: [], ingress: ['lb2'] };
    expect(vipProblems(none, false)).toEqual([]);
    expect(vipsToProbe(none, false)).toEqual(['api']);
    expect(vipsToProbe(none, true)).toEqual([]);
    expect(vipProblems({ api: ['lb2', 'lb3'], ingress: [] }, false)).toEqual([
      'VIP api is held by 2 hosts (lb2, lb3): split brain',
    ]);
  });
});

// The running configuration as facts, from files captured on lab hosts configured the way the
// team's Ansible role does (fixtures/takeover), and from haka's own converged host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxyCfg, hasRuntimeApi } from '../../../src/facts/haproxy-cfg.js';
import { authPassDigest, parseKeepalivedConf } from '../../../src/facts/keepalived-conf.js';
import { loadFacts, REPO } from '../tasks/support/fixtures.js';

const fixture = (name: string): string =>
  readFileSync(join(REPO, 'fixtures/takeover', name), 'utf8');

describe('keepalived.conf', () => {
  it("the Ansible role's file: unicast peers, router ids, interval, auth, VIPs, notify scripts", () => {
    const conf = parseKeepalivedConf(fixture('ansible-lb2-keepalived.conf'));
    expect(conf.routerId).toBe('lb2');
    expect(conf.includes).toEqual([]);
    expect(conf.instances.map((i) => i.name)).toEqual(['VI_API', 'VI_INGRESS']);
    const api = conf.instances[0];
    expect(api).toMatchObject({
      state: 'BACKUP',
      interface: 'eth0',
      virtualRouterId: 51,
      priority: 100,
      advertInt: 1,
      authType: 'PASS',
      transport: 'unicast',
      unicastSrcIp: '10.88.4.12',
      unicastPeers: ['10.88.4.11', '10.88.4.13'],
      vips: [{ address: '10.88.4.100', prefix: 24, dev: null }],
      nopreempt: false,
      preemptDelay: null,
      trackScripts: ['chk_haproxy'],
      notifyScripts: [
        '/etc/keepalived/vip_master.sh',
        '/etc/keepalived/vip_backup.sh',
        '/etc/keepalived/vip_fault.sh',
      ],
    });
    expect(api?.authPassDigest).toBe(authPassDigest('Ansib1e8'));
    expect(conf.instances[1]?.virtualRouterId).toBe(52);
  });

  it('the auth_pass is never kept in clear, and only its first 8 characters count', () => {
    const text = fixture('ansible-lb1-keepalived.conf');
    expect(JSON.stringify(parseKeepalivedConf(text))).not.toContain('Ansib1e8');
    const longer = parseKeepalivedConf(
      text.replace(/auth_pass Ansib1e8/g, 'auth_pass Ansib1e8-and-more'),
    );
    expect(longer.instances[0]?.authPassDigest).toBe(authPassDigest('Ansib1e8'));
  });

  it("haka's own file (converged lab host): multicast, quoted auth_pass, VIP with dev", () => {
    const facts = loadFacts('debian12-converged');
    const conf = parseKeepalivedConf(facts.files['/etc/keepalived/keepalived.conf']?.content ?? '');
    expect(conf.instances).toHaveLength(2);
    expect(conf.instances[0]).toMatchObject({
      transport: 'multicast',
      unicastPeers: [],
      virtualRouterId: 51,
      vips: [{ address: '10.88.0.100', prefix: 24, dev: 'eth0' }],
      notifyScripts: ['/etc/keepalived/haka-notify.sh'],
    });
    expect(conf.instances[0]?.authPassDigest).toBe(authPassDigest('Vr9p#x!2'));
  });

  it('comments, a brace on its own line, nopreempt, preempt_delay, include, garp settings', () => {
    const conf = parseKeepalivedConf(`! comment
global_defs {
  vrrp_garp_master_refresh 10   # seconds
}
include /etc/keepalived/conf.d/*.conf
vrrp_instance X
{
  virtual_router_id 7
  advert_int 2
  nopreempt
  preempt_delay 30
  unicast_peer {
  }
  virtual_ipaddress {
    192.0.2.1
  }
}
`);
    expect(conf.garp).toEqual({ vrrp_garp_master_refresh: '10' });
    expect(conf.includes).toEqual(['/etc/keepalived/conf.d/*.conf']);
    expect(conf.instances[0]).toMatchObject({
      name: 'X',
      virtualRouterId: 7,
      advertInt: 2,
      nopreempt: true,
      preemptDelay: 30,
      transport: 'multicast',
      authType: null,
      authPassDigest: null,
      vips: [{ address: '192.0.2.1', prefix: null, dev: null }],
    });
  });
});

describe('haproxy.cfg', () => {
  it("the Ansible role's file has no runtime API", () => {
    const cfg = parseHaproxyCfg(fixture('ansible-haproxy.cfg'));
    expect(cfg.sockets).toEqual([]);
    expect(hasRuntimeApi(cfg)).toBe(false);
    expect(cfg.frontends).toEqual(['kubernetes_api', 'ingress_http', 'ingress_https']);
    expect(cfg.backends).toEqual([
      'kubernetes_masters',
      'ingress_http_workers',
      'ingress_https_workers',
    ]);
  });

  it("haka's own file: a runtime API socket with expose-fd listeners", () => {
    const facts = loadFacts('debian12-converged');
    const cfg = parseHaproxyCfg(facts.files['/etc/haproxy/haproxy.cfg']?.content ?? '');
    expect(cfg.sockets).toEqual([{ path: '/run/haproxy/haka.sock', exposeFdListeners: true }]);
    expect(hasRuntimeApi(cfg)).toBe(true);
  });
});

// The production-behaviour keys as rendered, and accepted by the real haproxy -c / keepalived -t:
// port mapping, balance, PROXY protocol, check timing, limits, metrics, preemption, /32 VIPs.
import { afterAll, describe, expect, it } from 'vitest';
import { judgeValidation } from '../../../src/apply/validate.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import { SECRETS, loadInventory, TEMPLATES } from '../tasks/support/fixtures.js';
import { HAPROXY, KEEPALIVED, keepalivedConfFor, removeTempDirs, run, tempFile } from './support.js';

afterAll(removeTempDirs);

function haproxyCheck(config: string): void {
  const result = run(HAPROXY, ['-c', '-f', tempFile('haproxy.cfg', config)]);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/WARNING|ALERT/);
}

function keepalivedCheck(config: string): void {
  const result = run(KEEPALIVED, ['-t', '-f', tempFile('keepalived.conf', config)]);
  expect(result.stderr.replace(/^Terminated\n?/m, '')).toBe('');
  expect(judgeValidation('keepalived', result).ok).toBe(true);
}

/** The production fixture with every production key set away from its default. */
function tuned(): Inventory {
  const inventory = structuredClone(loadInventory('production'));
  const { api, ingress } = inventory.vips;
  api.check = 'tls';
  api.balance = 'leastconn';
  api.healthCheck = { interval: '2s', fall: 2, rise: 3, path: '/readyz' };
  api.minBackendsUp = 2;
  ingress.backendPorts = { 80: 30080, 443: 30443 };
  ingress.proxyProtocol = 'v2';
  ingress.check = 'http';
  ingress.healthCheck = { interval: '5s', fall: 3, rise: 2, path: '/healthz' };
  ingress.maxconn = 10000;
  ingress.balance = 'source';
  inventory.haproxy.maxconn = 12000;
  inventory.haproxy.hardStopAfter = '30m';
  inventory.haproxy.retries = 2;
  inventory.haproxy.tcpKeepalive = false;
  inventory.haproxy.metrics = { bind: '127.0.0.1:8406' };
  inventory.keepalived.scriptUser = 'nobody';
  return inventory;
}

describe('haproxy.cfg with the production keys', () => {
  const config = renderHaproxyCfg(TEMPLATES, tuned(), SECRETS);

  it('maps VIP ports to backend ports, and only those', () => {
    expect(config).toContain('server worker1 10.17.4.24:30080 ');
    expect(config).toContain('server worker1 10.17.4.24:30443 ');
    expect(config).toContain('server master1 10.17.4.21:6443 ');
    expect(config).toContain('bind 10.17.5.30:80\n');
  });

  it('balance, check timing, PROXY protocol (checks too), limits and metrics', () => {
    expect(config).toMatch(/backend be_api_6443\n {4}balance leastconn\n/);
    expect(config).toMatch(/backend be_ingress_80\n {4}balance source\n/);
    expect(config).toContain('default-server inter 2s fall 2 rise 3 on-marked-down');
    expect(config).toContain('option httpchk GET /healthz\n    http-check expect status 200\n');
    expect(config).toMatch(/server worker1 10\.17\.4\.24:30080 check send-proxy-v2 check-send-proxy\n/);
    expect(config).toMatch(/server master1 \S+ check check-ssl verify none\n/);
    expect(config).toContain('    maxconn 12000\n    # A reload');
    expect(config).toMatch(/frontend fe_ingress_80\n.*\n {4}maxconn 10000\n/);
    expect(config).toMatch(/frontend fe_api_6443\n.*\n {4}maxconn 12000\n/);
    expect(config).toContain('hard-stop-after 30m');
    expect(config).toContain('retries 2\n');
    expect(config).not.toContain('clitcpka');
    expect(config).toContain('bind 127.0.0.1:8406\n');
    expect(config).toContain('use-service prometheus-exporter');
  });

  it('the per-VIP health path needs minBackendsUp usable servers on every port of that VIP', () => {
    expect(config).toContain(
      'http-request return status 200 if { path /haka-health/api } { nbsrv(be_api_6443) ge 2 }\n',
    );
    expect(config).toContain(
      '{ path /haka-health/ingress } { nbsrv(be_ingress_80) ge 1 } { nbsrv(be_ingress_443) ge 1 }\n',
    );
  });

  it('passes haproxy -c without a warning', () => haproxyCheck(config));

  it('PROXY protocol v1 and the keepalive defaults pass haproxy -c too', () => {
    const inventory = tuned();
    inventory.vips.ingress.proxyProtocol = 'v1';
    inventory.haproxy.tcpKeepalive = true;
    const text = renderHaproxyCfg(TEMPLATES, inventory, SECRETS);
    expect(text).toContain('check send-proxy check-send-proxy');
    expect(text).toContain('option clitcpka');
    haproxyCheck(text);
  });
});

describe('keepalived.conf with preemption settings and off-subnet hosts', () => {
  const hostConf = (inventory: Inventory, name: string): string => {
    const host = inventory.hosts.find((h) => h.name === name);
    if (!host) throw new Error(name);
    return keepalivedConfFor(inventory, host);
  };

  it('default: preemption at once, no nopreempt, no preempt_delay', () => {
    const conf = hostConf(tuned(), 'k8s-api-lb');
    expect(conf).not.toContain('nopreempt');
    expect(conf).not.toContain('preempt_delay');
  });

  it('preemptDelay: preempt_delay in both BACKUP instances; passes keepalived -t', () => {
    const inventory = tuned();
    inventory.keepalived.preemptDelay = 60;
    const conf = hostConf(inventory, 'k8s-api-lb');
    expect(conf.match(/preempt_delay 60\n/g)).toHaveLength(2);
    expect(conf.match(/state BACKUP/g)).toHaveLength(2);
    keepalivedCheck(conf);
  });

  it('preempt: false: nopreempt (and no preempt_delay) in both BACKUP instances; passes keepalived -t', () => {
    const inventory = tuned();
    inventory.keepalived.preempt = false;
    inventory.keepalived.preemptDelay = 60;
    const conf = hostConf(inventory, 'loadbalancer2');
    expect(conf.match(/ {4}nopreempt\n/g)).toHaveLength(2);
    expect(conf).not.toContain('preempt_delay');
    expect(conf.match(/state BACKUP/g)).toHaveLength(2);
    keepalivedCheck(conf);
  });

  it('a host off the VIP subnet gets the VIP as /32; a host on it keeps the prefix', () => {
    const inventory = tuned();
    expect(hostConf(inventory, 'loadbalancer1')).toContain('10.17.5.10/32 dev eth0');
    expect(hostConf(inventory, 'k8s-api-lb')).toContain('10.17.5.10/24 dev eth0');
    keepalivedCheck(hostConf(inventory, 'loadbalancer1'));
  });
});

// `haka import` on a recreated Ansible repository: the production's three load balancers, named
// by address, with their host_vars priorities; the result is linted at once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runImport } from '../../../src/commands/import.js';
import { readAnsibleRepo } from '../../../src/import/ansible-repo.js';
import { ansibleToInventory, type ImportOptions } from '../../../src/import/to-inventory.js';
import { lintInventory } from '../../../src/inventory/index.js';

const REPO = join(import.meta.dirname, 'fixtures', 'ansible-k8s-ha-loadbalancer');
const SECRET = 'Xq7-fixture-secret';
const OPTIONS: ImportOptions = {
  group: 'haproxy_keepalived',
  cluster: 'k3s-prod',
  names: {
    '10.17.5.20': 'k8s-api-lb',
    '10.17.3.12': 'loadbalancer1',
    '10.17.3.13': 'loadbalancer2',
  },
  apiVip: '10.17.5.10/24',
  ingressVip: '10.17.5.30/24',
  principal: 'k8s-api-lb',
  masters: 'masters',
  workers: 'workers',
};

describe('haka import of the production Ansible repository', () => {
  const repo = readAnsibleRepo(REPO);
  const { yaml, unmapped } = ansibleToInventory(repo, OPTIONS);
  const data = parse(yaml);

  it('finds inventory/hosts.ini and maps hosts, users and keepalived_priority_api/_ingress', () => {
    expect(repo.hostsFile).toBe('inventory/hosts.ini');
    expect(data.ssh).toEqual({ user: 'core' });
    expect(data.hosts).toEqual({
      'k8s-api-lb': { address: '10.17.5.20', priority: { api: 100, ingress: 100 } },
      loadbalancer1: { address: '10.17.3.12', priority: { api: 120, ingress: 120 } },
      loadbalancer2: { address: '10.17.3.13', priority: { api: 110, ingress: 110 } },
    });
    expect(data.vips.api.backends).toEqual({
      master1: '10.17.4.21',
      master2: '10.17.4.22',
      master3: '10.17.4.23',
    });
    expect(data.vips.ingress.backends).toEqual({
      worker1: '10.17.4.24',
      worker2: '10.17.4.25',
      worker3: '10.17.4.26',
    });
    expect(data.vips.ingress.ports).toEqual([80, 443]);
    expect(data.keepalived.authPass).toBe('env:HAKA_VRRP_AUTH');
  });

  it('comments where each value came from', () => {
    expect(yaml).toContain('# from inventory/hosts.ini [haproxy_keepalived:vars]\n  user: core');
    expect(yaml).toContain('# from host_vars/10.17.5.20.yml (keepalived_priority_api / _ingress)');
  });

  it('lists every value it did not carry over, and never copies or shows a secret', () => {
    expect(unmapped).toEqual([
      expect.stringMatching(
        /^group_vars\/all\.yml: ansible_python_interpreter \(k8s-api-lb, loadbalancer1, loadbalancer2\): haka needs no Python/,
      ),
      expect.stringMatching(
        /^group_vars\/all\.yml: keepalived_auth_pass \(.*\): a secret: not copied \(value not shown\)/,
      ),
      expect.stringMatching(
        /^inventory\/hosts\.ini \[haproxy_keepalived:vars\]: ansible_become \(.*\): haka runs privileged commands with `sudo -n`/,
      ),
      expect.stringMatching(
        /^host_vars\/10\.17\.5\.20\.yml: keepalived_state \(k8s-api-lb\): no inventory key/,
      ),
      expect.stringMatching(/^host_vars\/10\.17\.3\.12\.yml: keepalived_state \(loadbalancer1\)/),
      expect.stringMatching(/^host_vars\/10\.17\.3\.13\.yml: keepalived_state \(loadbalancer2\)/),
    ]);
    expect(yaml).toContain('# NOT IMPORTED');
    expect(`${yaml}${unmapped.join('\n')}`).not.toContain(SECRET);
  });

  it('the result lints, and shows the production topology known problems at once', () => {
    const { inventory, issues } = lintInventory('/imported/inventory.yaml', yaml);
    expect(inventory?.hosts.map((h) => h.name)).toEqual([
      'k8s-api-lb',
      'loadbalancer1',
      'loadbalancer2',
    ]);
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual([
      'vips.api.address',
      'vips.api.intendedHolder',
      'vips.ingress.address',
      'vips.ingress.intendedHolder',
    ]);
    expect(issues.map((i) => i.message).join('\n')).toMatch(
      /k8s-api-lb is the intended holder .* is the lowest/,
    );
  });

  it('without names or VIPs: address-derived names, and lint names the missing VIP addresses', () => {
    const bare = ansibleToInventory(repo, {
      ...OPTIONS,
      names: {},
      apiVip: undefined,
      ingressVip: undefined,
      principal: undefined,
    });
    expect(Object.keys(parse(bare.yaml).hosts)).toEqual([
      'lb-10-17-5-20',
      'lb-10-17-3-12',
      'lb-10-17-3-13',
    ]);
    expect(bare.yaml).toContain('TODO: add address: (the api VIP');
    const { issues } = lintInventory('/imported/inventory.yaml', bare.yaml);
    expect(issues.map((i) => `${i.field}: ${i.message}`).join('\n')).toMatch(/vips\.api.*address/);
  });
});

describe('haka import writes a file and reports on the side', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haka-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes --output, refuses to overwrite without --force, and notes the lint findings', () => {
    const notes: string[] = [];
    const printed: string[] = [];
    const output = join(dir, 'inventory.yaml');
    const run = (force: boolean) =>
      runImport({
        ...OPTIONS,
        source: join(REPO, 'inventory', 'hosts.ini'),
        output,
        force,
        print: (t) => printed.push(t),
        note: (t) => notes.push(t),
      });
    // Written, with the lint errors of the production topology: exit 2, not 0.
    expect(run(false)).toBe(2);
    expect(printed).toEqual([]);
    expect(readFileSync(output, 'utf8')).toContain('loadbalancer1:');
    expect(notes.join('\n')).toContain(`lint of ${output}: 4 error(s), 0 warning(s)`);
    writeFileSync(output, 'keep me');
    expect(run(false)).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe('keep me');
    expect(notes.at(-1)).toMatch(/exists; not overwritten \(add --force/);
    expect(run(true)).toBe(2);
    expect(readFileSync(output, 'utf8')).toContain('loadbalancer1:');
  });
});

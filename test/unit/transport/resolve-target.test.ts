// ssh_config resolution: aliases, Host patterns, ProxyJump chains, precedence (inventory wins
// over ssh_config, ssh_config over defaults) and where each setting came from.
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { parseProxyJump, resolveTarget } from '../../../src/transport/resolve-target.js';
import { parseSshConfig, unsupportedDirectives } from '../../../src/transport/ssh-config.js';

const env = { home: '/home/op', localUser: 'op' };
const CONFIG = `
Host bastion
  HostName gw.example.net
  User jumper
  Port 2222
  IdentityFile ~/.ssh/bastion_key

Host inner-gw
  HostName 10.20.0.1
  ProxyJump bastion

Host lb-*
  HostName %h.lan.example.net
  User core
  IdentityFile ~/.ssh/lb_%r
  IdentitiesOnly yes
  UserKnownHostsFile ~/.ssh/known_hosts_lab
  ProxyJump bastion

Host deep
  ProxyJump inner-gw,ops@10.30.0.1:2022

Host 10.17.3.*
  User admin
  Port 2201

Host proxied
  ProxyCommand nc %h %p

Match exec "touch /tmp/haka-must-not-run"
  User exec-ran

Include ~/.ssh/config.d/*
`;
const cfg = parseSshConfig('/home/op/.ssh/config', CONFIG, '~/.ssh/config');

function host(ssh: string, address = '10.17.3.12') {
  const text = `cluster: c
hosts:
  lb1:
    address: ${address}
    priority: { api: 100, ingress: 100 }
${ssh ? `    ssh: ${ssh}\n` : ''}  lb2:
    address: 10.17.3.13
    priority: { api: 90, ingress: 90 }
vips:
  api: { address: 10.17.3.10/24, virtualRouterId: 51, ports: [6443], backends: { m1: 10.17.4.21 } }
  ingress: { address: 10.17.3.30/24, virtualRouterId: 52, ports: [443], backends: { w1: 10.17.4.24 } }
keepalived: { authPass: env:HAKA_VRRP_AUTH }
`;
  return loadInventory('/inv/inventory.yaml', text, { home: '/home/op' }).hosts[0]!;
}

describe('ssh_config resolution', () => {
  it('an alias: HostName with %h, User, IdentityFile with %r, IdentitiesOnly, known_hosts, a jump', () => {
    const { target, origins } = resolveTarget(host('{ host: lb-a }'), cfg, env, false);
    expect(target).toMatchObject({
      name: 'lb1',
      address: 'lb-a.lan.example.net',
      port: 22,
      user: 'core',
      identityFile: '/home/op/.ssh/lb_core',
      identitiesOnly: true,
      knownHostsFile: '/home/op/.ssh/known_hosts_lab',
      jumps: [
        {
          address: 'gw.example.net',
          port: 2222,
          user: 'jumper',
          identityFile: '/home/op/.ssh/bastion_key',
          knownHostsFile: '/home/op/.ssh/known_hosts',
        },
      ],
    });
    expect(origins).toEqual([
      'connect to lb-a.lan.example.net (from ~/.ssh/config, for lb-a); VRRP uses 10.17.3.12',
      'port 22 (from default)',
      'user core (from ~/.ssh/config)',
      'identity /home/op/.ssh/lb_core (from ~/.ssh/config), IdentitiesOnly',
      'known_hosts /home/op/.ssh/known_hosts_lab (from ~/.ssh/config)',
      'via jumper@gw.example.net:2222 (from ~/.ssh/config)',
    ]);
  });

  it('inventory values win over ssh_config; ssh_config over the defaults', () => {
    const { target, origins } = resolveTarget(
      host('{ host: lb-a, user: root, port: 2022, identityFile: /keys/k, knownHostsFile: /kh }'),
      cfg,
      env,
      false,
    );
    expect(target).toMatchObject({
      user: 'root',
      port: 2022,
      identityFile: '/keys/k',
      knownHostsFile: '/kh',
    });
    expect(origins.slice(1, 5)).toEqual([
      'port 2022 (from inventory)',
      'user root (from inventory)',
      'identity /keys/k (from inventory), IdentitiesOnly',
      'known_hosts /kh (from inventory)',
    ]);
  });

  it('matches Host patterns against the address when the inventory names no alias', () => {
    const { target } = resolveTarget(host(''), cfg, env, false);
    expect(target).toMatchObject({ address: '10.17.3.12', user: 'admin', port: 2201 });
    expect(target.jumps).toBeUndefined();
  });

  it('the inventory jump wins over ProxyJump', () => {
    const { target } = resolveTarget(
      host('{ host: lb-a, jump: { address: 10.9.9.9, user: ops } }'),
      cfg,
      env,
      false,
    );
    expect(target.jumps).toEqual([
      {
        address: '10.9.9.9',
        port: 22,
        user: 'ops',
        knownHostsFile: '/home/op/.ssh/known_hosts_lab',
      },
    ]);
  });

  it('follows chains: a jump host with its own ProxyJump comes after its jumps', () => {
    const { target } = resolveTarget(host('{ host: deep }'), cfg, env, false);
    expect(target.jumps?.map((j) => `${j.user}@${j.address}:${j.port}`)).toEqual([
      'jumper@gw.example.net:2222',
      'root@10.20.0.1:22',
      'ops@10.30.0.1:2022',
    ]);
  });

  it('refuses a ProxyJump loop and a ProxyCommand, with the file named', () => {
    const loop = parseSshConfig('/c', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    expect(() => resolveTarget(host('{ host: a }'), loop, env, false)).toThrow(
      /longer than 8 hops/,
    );
    expect(() => resolveTarget(host('{ host: proxied }'), cfg, env, false)).toThrow(
      /ProxyCommand .* use ProxyJump/,
    );
  });

  it('never runs Match exec, and reports the Include it does not follow', () => {
    const { target } = resolveTarget(host('{ host: lb-a }'), cfg, env, false);
    expect(target.user).toBe('core');
    expect(unsupportedDirectives(cfg)).toEqual(['Include']);
  });

  it('without ssh_config: the inventory and the defaults', () => {
    const { target, origins } = resolveTarget(host(''), null, env, true);
    expect(target).toMatchObject({
      address: '10.17.3.12',
      port: 22,
      user: 'root',
      acceptNewHostKeys: true,
    });
    expect(origins[3]).toBe('identity ssh-agent (from default)');
  });

  it('reads ProxyJump hops with users, ports, ssh:// and IPv6 brackets', () => {
    expect(parseProxyJump('a, ops@b:2022,ssh://c@[fd00::1]:23')).toEqual([
      { host: 'a' },
      { user: 'ops', host: 'b', port: 2022 },
      { user: 'c', host: 'fd00::1', port: 23 },
    ]);
    expect(() => parseProxyJump('a b')).toThrow(/cannot read the ProxyJump hop/);
  });
});

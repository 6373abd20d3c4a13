// Lab hosts configured the way the team's Ansible role configures its load balancers: its
// keepalived.conf (unicast peers, MASTER on the principal, notify scripts vip_*.sh), its
// haproxy.cfg (frontend kubernetes_api / backend kubernetes_masters, ingress 80/443, no runtime
// API socket), its keepalived override.conf and its 99-haproxy-nonlocal-bind.conf. Test support
// only: the lab build knows nothing of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  labExec,
  labInfo,
  resetLab,
  vipHolders,
  waitFor,
  type LabInfo,
} from '../../harness/lab.js';

export const LBS = ['lb1', 'lb2', 'lb3'] as const;
/** The role's priorities (the lab inventory's, so a matching inventory needs no priority change). */
const PRIORITY: Record<string, number> = { lb1: 150, lb2: 100, lb3: 50 };

export const FOREIGN_FILES = [
  '/etc/haproxy/haproxy.cfg',
  '/etc/keepalived/keepalived.conf',
  '/etc/keepalived/vip_master.sh',
  '/etc/keepalived/vip_backup.sh',
  '/etc/keepalived/vip_fault.sh',
  '/etc/systemd/system/keepalived.service.d/override.conf',
  '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf',
] as const;

function instance(lab: LabInfo, host: string, vip: 'api' | 'ingress', authPass: string): string {
  const me = lab.hosts.find((h) => h.name === host)?.address ?? '';
  const peers = LBS.filter((h) => h !== host).map(
    (h) => `        ${lab.hosts.find((x) => x.name === h)?.address}`,
  );
  const v = lab.vips[vip];
  return `vrrp_instance VI_${vip.toUpperCase()} {
    state ${host === 'lb1' ? 'MASTER' : 'BACKUP'}
    interface eth0
    virtual_router_id ${v.virtualRouterId}
    priority ${PRIORITY[host]}
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass ${authPass}
    }
    unicast_src_ip ${me}
    unicast_peer {
${peers.join('\n')}
    }
    virtual_ipaddress {
        ${v.address}/${v.prefix}
    }
    track_script {
        chk_haproxy
    }
    notify_master /etc/keepalived/vip_master.sh
    notify_backup /etc/keepalived/vip_backup.sh
    notify_fault /etc/keepalived/vip_fault.sh
}
`;
}

function keepalivedConf(lab: LabInfo, host: string, authPass: string): string {
  return `# Ansible managed
global_defs {
    router_id ${host}
    enable_script_security
    script_user root
}

vrrp_script chk_haproxy {
    script "/usr/bin/systemctl is-active --quiet haproxy"
    interval 2
    weight 2
}

${instance(lab, host, 'api', authPass)}
${instance(lab, host, 'ingress', authPass)}`;
}

function haproxyCfg(lab: LabInfo): string {
  const backends = lab.hosts.filter((h) => h.role === 'backend');
  const servers = (prefix: string, port: number): string =>
    backends.map((b, i) => `    server ${prefix}-${i + 1} ${b.address}:${port} check`).join('\n');
  const proxy = (name: string, address: string, port: number): string => `
frontend ${name}
    bind ${address}:${port}
    mode tcp
    option tcplog
    default_backend ${name}_workers

backend ${name}_workers
    mode tcp
    balance roundrobin
    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
${servers('worker', port)}
`;
  return `# Ansible managed
global
    log /dev/log local0
    user haproxy
    group haproxy
    daemon

defaults
    log global
    timeout connect 5s
    timeout client 1h
    timeout server 1h

frontend kubernetes_api
    bind ${lab.vips.api.address}:6443
    mode tcp
    option tcplog
    default_backend kubernetes_masters

backend kubernetes_masters
    mode tcp
    balance roundrobin
    option tcp-check
    tcp-check connect port 6443
    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
${servers('master', 6443)}
${proxy('ingress_http', lab.vips.ingress.address, 80)}${proxy('ingress_https', lab.vips.ingress.address, 443)}`;
}

const notify = (state: string): string =>
  `#!/bin/sh\n# Ansible managed\nlogger -t keepalived-notify "VIP ${state}: $*"\n`;

/** The role's files for one host, by path. */
export function roleFiles(lab: LabInfo, host: string, authPass: string): Record<string, string> {
  return {
    '/etc/haproxy/haproxy.cfg': haproxyCfg(lab),
    '/etc/keepalived/keepalived.conf': keepalivedConf(lab, host, authPass),
    '/etc/keepalived/vip_master.sh': notify('MASTER'),
    '/etc/keepalived/vip_backup.sh': notify('BACKUP'),
    '/etc/keepalived/vip_fault.sh': notify('FAULT'),
    '/etc/systemd/system/keepalived.service.d/override.conf': '[Unit]\nAfter=haproxy.service\n',
    '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf': 'net.ipv4.ip_nonlocal_bind=1\n',
  };
}

async function sh(host: string, script: string): Promise<string> {
  const r = await labExec(host, ['sh', '-c', script]);
  if (r.code !== 0) throw new Error(`${host}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Write a file inside a guest through a here-document with a quoted delimiter (no expansion). */
function writeScript(path: string, content: string): string {
  const mode = path.endsWith('.sh') ? '0755' : '0644';
  return `mkdir -p "$(dirname ${path})" && cat > ${path} <<'ANSIBLE_EOF'\n${content}ANSIBLE_EOF\nchmod ${mode} ${path}\n`;
}

/** Pristine prebaked hosts, then the role applied on each, serving through both VIPs from lb1. */
export async function ansibleCluster(): Promise<void> {
  await resetLab({ variant: 'prebaked' });
  const lab = labInfo();
  const authPass = readFileSync(join(lab.inventory, '..', 'secrets', 'vrrp-auth'), 'utf8').trim();
  await Promise.all(
    LBS.map((host) =>
      sh(
        host,
        Object.entries(roleFiles(lab, host, authPass))
          .map(([p, c]) => writeScript(p, c))
          .join('') +
          'sysctl -q -p /etc/sysctl.d/99-haproxy-nonlocal-bind.conf && systemctl daemon-reload && ' +
          'systemctl enable -q haproxy keepalived && systemctl restart haproxy && systemctl restart keepalived',
      ),
    ),
  );
  await waitFor(
    async () => {
      const h = await vipHolders();
      return h.api.join() === 'lb1' && h.ingress.join() === 'lb1';
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'lb1 to hold both VIPs under the Ansible config' },
  );
}

/** sha256 of each of the role's files on a host (absent: 'absent'). */
export async function foreignDigests(host: string): Promise<Record<string, string>> {
  const out = await sh(
    host,
    FOREIGN_FILES.map((p) => `{ sha256sum ${p} 2>/dev/null || echo "absent ${p}"; }`).join('; '),
  );
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/))
      .map(([d, p]) => [p ?? '', d ?? '']),
  );
}

// An Ansible repository (hosts.ini + host_vars/ + group_vars/) → a commented inventory.yaml.
// Pure. Every variable is either mapped (with a comment naming its source) or listed in
// `unmapped` with the reason; secret values are never copied nor shown.
import { Document, isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { PATTERNS } from '../inventory/schema.js';
import { hostsOf, type IniHost } from './ansible-ini.js';
import type { AnsibleRepo } from './ansible-repo.js';
import { mergedVars, type SourcedValue } from './host-vars.js';

export interface ImportOptions {
  /** The hosts.ini group of the load balancers. */
  group: string;
  cluster: string;
  /** Inventory names for hosts that Ansible knows only by address: { '10.17.3.12': 'loadbalancer1' }. */
  names: Record<string, string>;
  /** VIP addresses with prefix length (the Ansible templates hard-code them). */
  apiVip?: string;
  ingressVip?: string;
  /** The host meant to hold both VIPs (intendedHolder). */
  principal?: string;
  /** hosts.ini groups whose hosts become the backends. */
  masters: string;
  workers: string;
}

export interface ImportResult {
  yaml: string;
  /** "source: variable (hosts): why" — everything not carried over. */
  unmapped: string[];
}

const ipv4 = new RegExp(PATTERNS.ipv4);
const validName = new RegExp(PATTERNS.name);
const SECRET = /pass|secret|token|vault/i;

// Variables haka does not need, with the reason an operator reads.
const NOT_NEEDED: Record<string, string> = {
  ansible_become: 'haka runs privileged commands with `sudo -n` whenever ssh.user is not root',
  ansible_become_user: 'haka becomes root with `sudo -n` (passwordless sudo)',
  ansible_become_method: 'haka becomes root with `sudo -n` (passwordless sudo)',
  ansible_connection: 'haka always connects over SSH',
  ansible_python_interpreter: 'haka needs no Python on the hosts',
  ansible_ssh_common_args:
    'put ProxyJump and other SSH options in ~/.ssh/config (haka reads it) or in ssh.jump',
  ansible_ssh_extra_args:
    'put ProxyJump and other SSH options in ~/.ssh/config (haka reads it) or in ssh.jump',
};

interface HostOut {
  name: string;
  address?: string;
  user?: SourcedValue;
  port?: SourcedValue;
  identityFile?: SourcedValue;
  priority: { api?: SourcedValue; ingress?: SourcedValue };
  interface?: SourcedValue;
}

class Unmapped {
  private readonly entries = new Map<string, { hosts: string[]; why: string }>();
  add(from: string, key: string, host: string, why: string): void {
    const id = `${from}: ${key}`;
    const entry = this.entries.get(id) ?? { hosts: [], why };
    if (!entry.hosts.includes(host)) entry.hosts.push(host);
    this.entries.set(id, entry);
  }
  list(): string[] {
    return [...this.entries].map(([id, e]) => `${id} (${e.hosts.join(', ')}): ${e.why}`);
  }
}

function hostName(host: IniHost, options: ImportOptions): string {
  const given = options.names[host.name];
  if (given !== undefined) return given;
  if (ipv4.test(host.name)) return `lb-${host.name.replaceAll('.', '-')}`;
  const label = host.name.split('.')[0] ?? host.name;
  return validName.test(label) ? label : label.replace(/[^A-Za-z0-9_-]/g, '-');
}

function mapHost(
  repo: AnsibleRepo,
  host: IniHost,
  options: ImportOptions,
  unmapped: Unmapped,
): HostOut {
  const out: HostOut = { name: hostName(host, options), priority: {} };
  const vars = mergedVars(repo, host);
  const ansibleHost = vars.get('ansible_host');
  const connectName = ansibleHost ? String(ansibleHost.value) : host.name;
  if (ipv4.test(connectName)) out.address = connectName;
  else
    unmapped.add(
      ansibleHost?.from ?? `${repo.hostsFile}:${host.line}`,
      ansibleHost ? 'ansible_host' : 'host name',
      out.name,
      `${connectName} is not an IPv4 address: set hosts.${out.name}.address to the address that carries VRRP`,
    );
  for (const [key, sourced] of vars) {
    if (key === 'ansible_host') continue;
    if (key === 'ansible_user' || key === 'ansible_ssh_user') out.user = sourced;
    else if (key === 'ansible_port' || key === 'ansible_ssh_port') out.port = sourced;
    else if (key === 'ansible_ssh_private_key_file' || key === 'ansible_private_key_file')
      out.identityFile = sourced;
    else if (key === 'keepalived_priority_api') out.priority.api = sourced;
    else if (key === 'keepalived_priority_ingress') out.priority.ingress = sourced;
    else if (key === 'keepalived_interface') out.interface = sourced;
    else if (SECRET.test(key))
      unmapped.add(
        sourced.from,
        key,
        out.name,
        'a secret: not copied (value not shown); haka takes secrets by reference, e.g. keepalived.authPass: env:HAKA_VRRP_AUTH',
      );
    else
      unmapped.add(
        sourced.from,
        key,
        out.name,
        NOT_NEEDED[key] ??
          'no inventory key of haka means this; carry it over by hand if it matters',
      );
  }
  return out;
}

function backendsOf(repo: AnsibleRepo, group: string, role: string, unmapped: Unmapped) {
  const backends: Record<string, string> = {};
  const singular = group.replace(/s$/, '');
  hostsOf(repo.ini, group).forEach((host, i) => {
    const address = String(mergedVars(repo, host).get('ansible_host')?.value ?? host.name);
    const name =
      !ipv4.test(host.name) && validName.test(host.name) ? host.name : `${singular}${i + 1}`;
    if (ipv4.test(address)) backends[name] = address;
    else
      unmapped.add(
        `${repo.hostsFile}:${host.line}`,
        host.name,
        role,
        'a backend needs an IPv4 address (ansible_host)',
      );
  });
  return backends;
}

// The value every host shares (to write once under the top-level ssh:), else undefined.
function shared(hosts: HostOut[], pick: (h: HostOut) => SourcedValue | undefined) {
  const values = hosts.map((h) => pick(h)?.value);
  return values.every((v) => v !== undefined && v === values[0])
    ? pick(hosts[0] as HostOut)
    : undefined;
}

export function ansibleToInventory(repo: AnsibleRepo, options: ImportOptions): ImportResult {
  const unmapped = new Unmapped();
  for (const problem of repo.problems) unmapped.add(problem, '(file)', '-', 'not read');
  const lbs = hostsOf(repo.ini, options.group);
  const hosts = lbs.map((h) => mapHost(repo, h, options, unmapped));
  const comments = new Map<string, string>();
  const sshKeys = { user: 'user', port: 'port', identityFile: 'identityFile' } as const;
  const topSsh: Record<string, unknown> = {};
  for (const key of Object.keys(sshKeys) as (keyof typeof sshKeys)[]) {
    const common = shared(hosts, (h) => h[key]);
    if (!common) continue;
    topSsh[key] = common.value;
    comments.set(`ssh.${key}`, `from ${common.from}`);
    for (const h of hosts) delete h[key];
  }
  const hostsOut: Record<string, unknown> = {};
  for (const h of hosts) {
    const entry: Record<string, unknown> = {};
    if (h.address !== undefined) entry.address = h.address;
    if (h.interface) entry.interface = h.interface.value;
    entry.priority = { api: h.priority.api?.value, ingress: h.priority.ingress?.value };
    const ssh: Record<string, unknown> = {};
    for (const key of Object.keys(sshKeys) as (keyof typeof sshKeys)[]) {
      const v = h[key];
      if (v) ssh[key] = v.value;
    }
    if (Object.keys(ssh).length > 0) entry.ssh = ssh;
    hostsOut[h.name] = entry;
    const sources = [...new Set([h.priority.api?.from, h.priority.ingress?.from].filter(Boolean))];
    comments.set(
      `hosts.${h.name}.priority`,
      sources.length > 0
        ? `from ${sources.join(', ')} (keepalived_priority_api / _ingress)`
        : 'TODO: no keepalived_priority_api/_ingress found for this host',
    );
  }
  const vip = (
    address: string | undefined,
    vrid: number,
    ports: number[],
    backends: Record<string, string>,
  ) => {
    const v: Record<string, unknown> = {};
    if (address !== undefined) v.address = address;
    v.virtualRouterId = vrid;
    if (options.principal !== undefined) v.intendedHolder = options.principal;
    v.ports = ports;
    v.check = 'tcp';
    v.backends = backends;
    return v;
  };
  const data = {
    cluster: options.cluster,
    ...(Object.keys(topSsh).length > 0 ? { ssh: topSsh } : {}),
    hosts: hostsOut,
    vips: {
      api: vip(
        options.apiVip,
        51,
        [6443],
        backendsOf(repo, options.masters, 'api backends', unmapped),
      ),
      ingress: vip(
        options.ingressVip,
        52,
        [80, 443],
        backendsOf(repo, options.workers, 'ingress backends', unmapped),
      ),
    },
    keepalived: { authPass: 'env:HAKA_VRRP_AUTH' },
  };
  comments.set(
    'hosts',
    `The load balancers: group [${options.group}] of ${repo.hostsFile}. The highest priority holds a VIP.`,
  );
  comments.set(
    'vips.api.virtualRouterId',
    'CHECK: the virtual_router_id your keepalived.conf.j2 used (unique on the segment)',
  );
  comments.set(
    'vips.ingress.virtualRouterId',
    'CHECK: the virtual_router_id your keepalived.conf.j2 used (unique on the segment)',
  );
  comments.set(
    'vips.api.backends',
    `hosts of group [${options.masters}]: the K3s servers (HAProxy forwards :6443 to them)`,
  );
  comments.set(
    'vips.ingress.backends',
    `hosts of group [${options.workers}]: Traefik on the workers, passed through in TCP mode (80 and 443)`,
  );
  comments.set(
    'keepalived.authPass',
    'the VRRP password, by reference (never the value): export HAKA_VRRP_AUTH=...',
  );
  for (const [name, address] of [
    ['api', options.apiVip],
    ['ingress', options.ingressVip],
  ] as const)
    if (address === undefined)
      comments.set(
        `vips.${name}.virtualRouterId`,
        `TODO: add address: (the ${name} VIP with its prefix, e.g. 10.17.5.10/24): the Ansible templates hard-code it; or pass --${name}-vip`,
      );
  const list = unmapped.list();
  return { yaml: render(data, comments, repo, list), unmapped: list };
}

function pairAt(doc: Document, path: string): Pair<Scalar> | undefined {
  let map: unknown = doc.contents;
  let found: Pair<Scalar> | undefined;
  for (const key of path.split('.')) {
    if (!isMap(map)) return undefined;
    found = (map as YAMLMap<Scalar>).items.find((p) => isScalar(p.key) && p.key.value === key);
    map = found?.value;
  }
  return found;
}

function render(
  data: object,
  comments: Map<string, string>,
  repo: AnsibleRepo,
  unmapped: string[],
): string {
  const doc = new Document(data);
  for (const [path, text] of comments) {
    const pair = pairAt(doc, path);
    if (pair) pair.key.commentBefore = ` ${text}`;
  }
  doc.commentBefore = [
    ` haka inventory imported from the Ansible repository ${repo.root}`,
    ` (${repo.hostsFile}, host_vars/, group_vars/) by \`haka import\`. Format: docs/inventory.md.`,
    ' Next: haka lint -i THIS_FILE, fix what it reports, then haka check --diff -i THIS_FILE.',
  ].join('\n');
  if (unmapped.length > 0)
    doc.comment = [
      ' NOT IMPORTED (see `haka import` output; values are never shown here):',
      ...unmapped.map((u) => `   ${u}`),
    ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

// JSON Schema of inventory.yaml (docs/inventory.md). `title` names a value in messages,
// `description` says what it must be ("an IPv4 address like 10.17.5.20"), `examples[0]`
// feeds the suggested fix: schema-issues.ts turns ajv errors into sentences from these.
import type { SchemaObject } from 'ajv';
import {
  haproxyProductionProperties,
  keepalivedProductionProperties,
  vipProductionProperties,
} from './schema-production.js';
import { COUNT_LIMITS } from './count-limits.js';
import { flatcarSchema } from './flatcar-schema.js';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const PREFIX = '([1-9]|[12][0-9]|3[0-2])';
const PORT =
  '(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})';
/** Path characters: nothing a shell, socat, systemd, HAProxy or keepalived reads specially. */
const PATH_CHAR = '[A-Za-z0-9._/-]';
/** No `..` segment anywhere (at the start, between slashes, at the end). */
const NO_DOTDOT = '(?!(?:.*/)?\\.\\.(?:/|$))';
/** Absolute, not a folder (no trailing /). */
const HOST_PATH = `${NO_DOTDOT}/${PATH_CHAR}*[A-Za-z0-9._-]`;
/** On the operator's machine: ~, ~/x, absolute, or relative to the inventory's folder. */
const LOCAL_PATH = `${NO_DOTDOT}(?:~|~/${PATH_CHAR}+|${PATH_CHAR}+)`;

export const PATTERNS = {
  ipv4: `^${IPV4}$`,
  ipv4WithPrefix: `^${IPV4}/${PREFIX}$`,
  hostname: '^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$',
  /** Names become dotted field paths and HAProxy/keepalived identifiers: no dots, no spaces. */
  name: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$',
  cluster: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
  unixUser: '^[a-z_][a-z0-9_-]{0,31}$',
  /** keepalived runs its scripts as this user: root would defeat its script security. */
  scriptUser: '^(?!root$)[a-z_][a-z0-9_-]{0,31}$',
  /** The kernel's rules (1-15 bytes, not . or .., no / : or whitespace), narrowed to plain characters. */
  interface: '^(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,15}$',
  secretRef: `^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:${LOCAL_PATH})$`,
  /** HAProxy time with a unit: a bare number would silently mean milliseconds. */
  haproxyTime: '^[0-9]+(us|ms|s|m|h|d)$',
  statsBind: `^(${IPV4}|\\*)?:${PORT}$`,
  /** A path on a host: it reaches shell commands, socat addresses and systemd lines. */
  hostPath: `^${HOST_PATH}$`,
  /** A path on the operator's machine (keys, known_hosts). */
  localPath: `^${LOCAL_PATH}$`,
  port: `^${PORT}$`,
} as const;

/** Longest local path accepted: well above any real one, far below what could hurt. */
export const MAX_LOCAL_PATH = 1024;
/** A Unix socket path must fit sun_path (108 bytes with its terminating NUL). */
export const MAX_SOCKET_PATH = 107;

const ipv4 = (title: string, example: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: PATTERNS.ipv4,
  description: `an IPv4 address like ${example}`,
  examples: [example],
});

const int = (title: string, minimum: number, maximum: number, example: number): SchemaObject => ({
  title,
  type: 'integer',
  minimum,
  maximum,
  examples: [example],
});

const path = (title: string, example: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: PATTERNS.localPath,
  maxLength: MAX_LOCAL_PATH,
  description:
    'a file path (absolute, ~/..., or relative to the inventory folder) of letters, digits, ., _, - and /, without a .. segment',
  examples: [example],
});

const secretRef = (title: string, example: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: PATTERNS.secretRef,
  maxLength: MAX_LOCAL_PATH + 'file:'.length,
  // writeOnly: a value never read back; schema-issues.ts never quotes it in a message.
  writeOnly: true,
  description:
    'a secret reference, env:VARIABLE_NAME or file:PATH (never the secret itself; PATH of letters, digits, ., _, - and /)',
  examples: [example],
});

const user = (title: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: PATTERNS.unixUser,
  description: 'a Unix user name like core or root',
  examples: ['core'],
});

const object = (
  title: string,
  properties: Record<string, SchemaObject>,
  required: string[] = [],
): SchemaObject => ({ title, type: 'object', properties, required, additionalProperties: false });

const jumpSchema = object(
  'jump',
  {
    address: {
      title: 'jump address',
      type: 'string',
      pattern: PATTERNS.hostname,
      description: 'an IPv4 address or DNS name like 10.17.0.5',
      examples: ['10.17.0.5'],
    },
    port: int('jump port', 1, 65535, 22),
    user: user('jump user'),
    identityFile: path('jump identityFile', '~/.ssh/haka_ed25519'),
  },
  ['address'],
);

const sshSchema = object('ssh', {
  user: user('ssh user'),
  port: int('ssh port', 1, 65535, 22),
  identityFile: path('identityFile', '~/.ssh/haka_ed25519'),
  knownHostsFile: path('knownHostsFile', '~/.ssh/known_hosts'),
  connectTimeout: {
    title: 'connectTimeout',
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 300,
    description: 'a number of seconds like 10',
    examples: [10],
  },
  jump: jumpSchema,
});

// Per host only: the name to connect to, looked up in ssh_config like `ssh NAME` would.
const hostSshSchema = object('ssh', {
  ...(sshSchema.properties as Record<string, SchemaObject>),
  host: {
    title: 'ssh host',
    type: 'string',
    pattern: PATTERNS.hostname,
    description:
      'an ssh_config Host alias or DNS name like lb1.example.net (VRRP keeps using address)',
    examples: ['lb1.example.net'],
  },
});

const prioritySchema = (vip: string): SchemaObject => ({
  ...int('priority', 1, 254, 100),
  description: `the keepalived priority of this host for the ${vip} VIP`,
});

const hostSchema = object(
  'host',
  {
    address: ipv4('address', '10.17.5.20'),
    interface: {
      title: 'interface',
      type: 'string',
      pattern: PATTERNS.interface,
      description:
        'a network interface name like eth0 (1 to 15 letters, digits, ., _ or -; not . or ..)',
      examples: ['eth0'],
    },
    priority: {
      ...object('priority', { api: prioritySchema('api'), ingress: prioritySchema('ingress') }, [
        'api',
        'ingress',
      ]),
      examples: [{ api: 100, ingress: 100 }],
    },
    ssh: hostSshSchema,
  },
  ['address', 'priority'],
);

const vipSchema = (example: { address: string; port: number; vrid: number }): SchemaObject =>
  object(
    'vip',
    {
      address: {
        title: 'VIP address',
        type: 'string',
        pattern: PATTERNS.ipv4WithPrefix,
        description: `an IPv4 address with its prefix length like ${example.address}`,
        examples: [example.address],
      },
      virtualRouterId: int('virtualRouterId', 1, 255, example.vrid),
      intendedHolder: {
        title: 'intendedHolder',
        type: 'string',
        pattern: PATTERNS.name,
        description: 'the name of a host under hosts',
        examples: ['loadbalancer1'],
      },
      ports: {
        title: 'ports',
        type: 'array',
        items: int('port', 1, 65535, example.port),
        minItems: 1,
        maxItems: COUNT_LIMITS.ports,
        uniqueItems: true,
        description: 'a list of TCP ports',
        examples: [[example.port]],
      },
      check: {
        title: 'check',
        type: 'string',
        enum: ['tcp', 'tls', 'http'],
        examples: ['tcp'],
      },
      backends: {
        title: 'backends',
        type: 'object',
        propertyNames: {
          pattern: PATTERNS.name,
          description: 'letters, digits, - and _ (it becomes an HAProxy server name)',
        },
        additionalProperties: ipv4('backend address', '10.17.4.21'),
        maxProperties: COUNT_LIMITS.backends,
        description: 'a mapping of backend name to IPv4 address',
        examples: [{ master1: '10.17.4.21' }],
      },
      ...vipProductionProperties(PATTERNS),
    },
    ['address', 'virtualRouterId', 'ports', 'backends'],
  );

const keepalivedSchema: SchemaObject = {
  ...object(
    'keepalived',
    {
      authPass: secretRef('authPass', 'env:HAKA_VRRP_AUTH'),
      advertInt: int('advertInt', 1, 255, 1),
      unicast: { title: 'unicast', type: 'boolean', examples: [true] },
      scriptUser: {
        title: 'scriptUser',
        type: 'string',
        pattern: PATTERNS.scriptUser,
        description:
          'a Unix user name other than root (keepalived runs its track and notify scripts as this user; root would defeat its script security)',
        examples: ['keepalived_script'],
      },
      track: object('track', {
        interval: int('track interval', 1, 3600, 2),
        fall: int('track fall', 1, 100, 2),
        rise: int('track rise', 1, 100, 2),
        weight: int('track weight', -254, 254, -30),
      }),
      ...keepalivedProductionProperties,
    },
    ['authPass'],
  ),
  examples: [{ authPass: 'env:HAKA_VRRP_AUTH' }],
};

const haproxyTime = (title: string, example: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: PATTERNS.haproxyTime,
  description: 'an HAProxy time with a unit (us, ms, s, m, h, d) like 5s or 1h',
  examples: [example],
});

const haproxySchema = object('haproxy', {
  timeouts: object('timeouts', {
    connect: haproxyTime('connect timeout', '5s'),
    client: haproxyTime('client timeout', '1h'),
    server: haproxyTime('server timeout', '1h'),
    tunnel: haproxyTime('tunnel timeout', '1h'),
  }),
  statsSocket: {
    title: 'statsSocket',
    type: 'string',
    pattern: PATTERNS.hostPath,
    maxLength: MAX_SOCKET_PATH,
    description:
      'an absolute path like /run/haproxy/haka.sock, of letters, digits, ., _, - and /, without a .. segment, at most 107 characters',
    examples: ['/run/haproxy/haka.sock'],
  },
  stats: object(
    'stats',
    {
      bind: {
        title: 'stats bind',
        type: 'string',
        pattern: PATTERNS.statsBind,
        description: 'ADDRESS:PORT like 127.0.0.1:8404',
        examples: ['127.0.0.1:8404'],
      },
      user: {
        title: 'stats user',
        type: 'string',
        pattern: PATTERNS.name,
        description: 'a user name of letters, digits, - and _',
        examples: ['admin'],
      },
      password: secretRef('stats password', 'file:/etc/haka/stats-password'),
    },
    ['password'],
  ),
  ...haproxyProductionProperties(PATTERNS),
});

export const inventorySchema: SchemaObject = object(
  'inventory',
  {
    cluster: {
      title: 'cluster',
      type: 'string',
      pattern: PATTERNS.cluster,
      description: 'lowercase letters, digits and - (like k3s-prod)',
      examples: ['k3s-prod'],
    },
    ssh: sshSchema,
    hosts: {
      title: 'hosts',
      type: 'object',
      propertyNames: {
        pattern: PATTERNS.name,
        description: 'letters, digits, - and _ (like loadbalancer1)',
      },
      additionalProperties: hostSchema,
      maxProperties: COUNT_LIMITS.hosts,
      description: 'a mapping of host name to its settings',
      examples: [{ loadbalancer1: { address: '10.17.3.12' } }],
    },
    vips: object(
      'vips',
      {
        api: vipSchema({ address: '10.17.5.10/24', port: 6443, vrid: 51 }),
        ingress: vipSchema({ address: '10.17.5.30/24', port: 443, vrid: 52 }),
      },
      ['api', 'ingress'],
    ),
    keepalived: keepalivedSchema,
    haproxy: haproxySchema,
    flatcar: flatcarSchema,
    takeover: object('takeover', {
      leftovers: {
        title: 'takeover leftovers',
        type: 'string',
        enum: ['leave', 'adopt'],
        description:
          "leave (another tool's sysctl file and notify scripts stay, listed in the plan) or adopt (haka removes them, keeping their originals; uninstall puts them back)",
        examples: ['adopt'],
      },
    }),
  },
  ['cluster', 'hosts', 'vips', 'keepalived'],
);

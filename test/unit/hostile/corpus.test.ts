// Hostile inventories and arguments (the classes of issue #7), run through the built CLI as a
// child process, because exit codes, stderr and reads that never end belong to the process.
// Each is refused with a clear (where it has one: file:line) message, no stack trace, no secret
// and no raw control character in any output, within a bound that only a hang would exceed.
// Nothing here opens a connection: lint never connects, and every `check`/`install` case is
// refused before one (a refused inventory or option, or an identity file that does not exist).
// The built CLI comes from dist/, which test/unit/setup/built-cli.ts rebuilds when stale.
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SECRET = 'Hunter22';
const FILE_SECRET = 'fileS3cr';
const ENV_SECRET = 'envS3cr7';
const dir = mkdtempSync(join(tmpdir(), 'haka-hostile-'));
writeFileSync(join(dir, 'auth'), `${FILE_SECRET}\n`, { mode: 0o600 });
writeFileSync(join(dir, 'big-secret'), 'x'.repeat(8192), { mode: 0o600 });
writeFileSync(join(dir, 'long-auth'), 'far-too-long-for-vrrp\n', { mode: 0o600 });
writeFileSync(join(dir, 'open-auth'), `${FILE_SECRET}\n`, { mode: 0o644 });
chmodSync(join(dir, 'open-auth'), 0o644);
mkdirSync(join(dir, 'a-folder'));
execFileSync('mkfifo', [
  join(dir, 'fifo.yaml'),
  join(dir, 'fifo-secret'),
  join(dir, 'fifo.log'),
  join(dir, 'fifo-ssh-config'),
]);
writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An Ansible repository for `haka import` whose host_vars/lb1.yml is made by `lb1`. */
function ansibleRepo(
  name: string,
  lb1: (file: string) => void,
  hostsIni?: (file: string) => void,
): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'inventory'), { recursive: true });
  mkdirSync(join(root, 'host_vars'));
  const ini = join(root, 'inventory', 'hosts.ini');
  if (hostsIni) hostsIni(ini);
  else
    writeFileSync(
      ini,
      '[haproxy_keepalived]\nlb1 ansible_host=10.9.9.11\nlb2 ansible_host=10.9.9.12\n[masters]\nm1 ansible_host=10.9.9.21\n',
    );
  lb1(join(root, 'host_vars', 'lb1.yml'));
  return root;
}
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

/** A valid inventory on loopback addresses; `auth` replaces the authPass value (line 16). */
function inventory(
  edit: { auth?: string; extra?: string; host3?: string; lb1?: string; identity?: string } = {},
): string {
  return `cluster: hostile
ssh:
  identityFile: ${edit.identity ?? './no-such-key'}
  knownHostsFile: ./known_hosts
hosts:
  lb1: { ${edit.lb1 ?? ''}address: 127.0.0.11, priority: { api: 30, ingress: 30 } }
  lb2: { address: 127.0.0.12, priority: { api: 20, ingress: 20 } }
  ${edit.host3 ?? 'lb3'}: { address: 127.0.0.13, priority: { api: 10, ingress: 10 } }
vips:
  api: { address: 127.0.0.100/24, virtualRouterId: 51, ports: [6443], backends: { m1: 127.0.0.31 } }
  ingress: { address: 127.0.0.101/24, virtualRouterId: 52, ports: [443], backends: { w1: 127.0.0.32 } }
keepalived:
  scriptUser: keepalived_script
  advertInt: 1
  unicast: false
  authPass: ${edit.auth ?? 'file:auth'}
${edit.extra ?? ''}
`;
}

/** `flatcar:` at line 17: images haproxy 19, keepalived 20, socat 21; rebootWindow at 22. */
function flatcar(edit: { haproxy?: string; window?: string } = {}): string {
  const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const image = (name: string) =>
    `{ source: images/${name}.raw, sha256: ${sha}, version: "2.6.12" }`;
  return inventory({
    extra: [
      'flatcar:',
      '  images:',
      `    haproxy: ${edit.haproxy ?? image('haproxy')}`,
      `    keepalived: ${image('keepalived')}`,
      `    socat: ${image('socat')}`,
      `  rebootWindow: { start: "${edit.window ?? 'Thu 04:00'}", lengthMinutes: 60 }`,
    ].join('\n'),
  });
}
const imageWith = (fields: string) =>
  `{ source: images/haproxy.raw, sha256: ${'a'.repeat(64)}, ${fields} }`;

/** N more hosts (lines 9 onwards), N more ports or N more backends than a cluster ever has. */
const manyHosts = (n: number) =>
  inventory().replace(
    /^hosts:\n/m,
    `hosts:\n${Array.from({ length: n }, (_, i) => `  x${i}: { address: 127.1.${i >> 8}.${i & 255}, priority: { api: 1, ingress: 1 } }\n`).join('')}`,
  );
const ports = (n: number) => Array.from({ length: n }, (_, i) => 1000 + i).join(', ');
const backends = (n: number) =>
  Array.from({ length: n }, (_, i) => `b${i}: 127.2.${i >> 8}.${i & 255}`).join(', ');

/** `haproxy:` at line 17, so the first key under it is line 18. */
const haproxy = (body: string) => inventory({ extra: `haproxy:\n  ${body}` });

interface Case {
  name: string;
  args: string[];
  /** Inventory text (written to inv-N.yaml, or to `file` when given), or an existing `path`. */
  text?: string;
  file?: string;
  path?: string;
  code: number;
  /** Must appear in the output: a file:line, or the clear reason. */
  says: RegExp;
  /** Must not appear: e.g. proof that a connection was attempted. */
  never?: RegExp;
  env?: NodeJS.ProcessEnv;
  /** Run as this UID/GID (root only): one without a passwd entry. */
  uid?: number;
  /** Give this run a --log-file and hold its content to the same rules as stdout/stderr. */
  logFile?: boolean;
}

const at = (line: number) => new RegExp(`inv-\\d+\\.yaml:${line}\\b`);
/** Output that shows a connection was attempted: cases refused "before any connection" never say it. */
const CONNECTED = /identity file|unreachable|ECONNREFUSED|host key/;
const NO_PASSWD_UID = 54_321;

const CASES: Record<string, Case[]> = {
  '1 root command execution through statsSocket and paths': [
    {
      name: 'statsSocket !!SYSTEM (socat address chain)',
      args: ['lint'],
      code: 1,
      says: at(18),
      text: haproxy('statsSocket: "/run/x.sock!!SYSTEM:touch /tmp/pwned"'),
    },
    {
      name: 'statsSocket !!SYSTEM, check: refused before any connection',
      args: ['check'],
      code: 1,
      says: at(18),
      never: CONNECTED,
      text: haproxy('statsSocket: "/run/x.sock!!SYSTEM:touch /tmp/pwned"'),
    },
    {
      name: 'statsSocket ,fork (socat option)',
      args: ['lint'],
      code: 1,
      says: at(18),
      text: haproxy('statsSocket: /run/x.sock,fork'),
    },
    {
      name: 'statsSocket newline (systemd directive)',
      args: ['install', '--yes'],
      code: 1,
      says: at(18),
      never: CONNECTED,
      text: haproxy('statsSocket: "/run/x\\nExecStartPre=/bin/touch /tmp/pwned"'),
    },
    {
      name: 'statsSocket with a space (extra mkdir argument)',
      args: ['check', '--json'],
      code: 1,
      says: at(18),
      never: CONNECTED,
      text: haproxy('statsSocket: "/run/a /etc/x"'),
    },
    {
      name: 'statsSocket .. segment',
      args: ['lint'],
      code: 1,
      says: at(18),
      text: haproxy('statsSocket: /run/../etc/x.sock'),
    },
    {
      name: 'statsSocket $(command)',
      args: ['lint'],
      code: 1,
      says: at(18),
      text: haproxy('statsSocket: "/run/$(touch /tmp/pwned).sock"'),
    },
    {
      name: 'identityFile with ..',
      args: ['lint'],
      code: 1,
      says: at(3),
      text: inventory({ identity: '../../etc/shadow' }),
    },
  ],
  '2 secrets written into the inventory': [
    {
      name: 'literal authPass',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: SECRET }),
    },
    {
      name: 'literal authPass, lint --json',
      args: ['lint', '--json'],
      code: 1,
      says: /"line": 16/,
      text: inventory({ auth: SECRET }),
    },
    {
      name: 'authPass as a list',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: `[${SECRET}]` }),
    },
    {
      name: 'literal authPass, check --json',
      args: ['check', '--json'],
      code: 1,
      says: at(16),
      text: inventory({ auth: SECRET }),
    },
    {
      name: 'literal authPass, install with a trace log file',
      args: ['install', '--yes', '--log-level', 'trace'],
      code: 1,
      says: at(16),
      logFile: true,
      text: inventory({ auth: SECRET }),
    },
    {
      name: 'stats password literal',
      args: ['lint'],
      code: 1,
      says: at(18),
      text: haproxy(`stats: { password: "${SECRET} x" }`),
    },
  ],
  '3 unbounded reads': [
    {
      name: '-i /dev/zero',
      args: ['lint'],
      path: '/dev/zero',
      code: 1,
      says: /\/dev\/zero is a character device/,
    },
    {
      name: '-i FIFO',
      args: ['check'],
      path: join(dir, 'fifo.yaml'),
      code: 1,
      says: /fifo\.yaml is a FIFO/,
    },
    {
      name: '-i 2 MiB file',
      args: ['lint'],
      path: join(dir, 'huge.yaml'),
      code: 1,
      says: /more than the 1 MiB allowed/,
    },
    {
      name: '-F FIFO (ssh_config)',
      args: ['check', '-F', join(dir, 'fifo-ssh-config')],
      text: inventory(),
      code: 1,
      says: /invalid SSH client configuration:\n.*fifo-ssh-config is a FIFO/,
      never: CONNECTED,
    },
    {
      name: '-i a folder',
      args: ['lint'],
      path: join(dir, 'a-folder'),
      code: 1,
      says: /a-folder is a (folder|directory)/,
    },
    {
      name: 'secret file:/dev/zero',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'file:/dev/zero' }),
    },
    {
      name: 'secret FIFO',
      args: ['check'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'file:fifo-secret' }),
    },
    {
      name: 'secret 8 KiB',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'file:big-secret' }),
    },
    {
      name: 'secret a folder',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'file:a-folder' }),
    },
  ],
  '4 inputs that crashed (YAML, names, log options, users)': [
    {
      name: 'undefined alias',
      args: ['lint'],
      code: 1,
      says: at(17),
      text: inventory({ extra: 'haproxy: *nowhere' }),
    },
    {
      name: 'alias bomb',
      args: ['check'],
      code: 1,
      says: /inv-\d+\.yaml:\d+:\d+: .*alias bomb/,
      text: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    },
    {
      name: 'flow nesting 2,000 deep',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:1:\d+: .*nested too deeply/,
      text: `cluster: ${'['.repeat(2_000)}${']'.repeat(2_000)}\n`,
    },
    {
      name: 'block nesting 1,200 deep',
      args: ['check'],
      code: 1,
      says: /inv-\d+\.yaml:\d+:\d+: .*nested too deeply/,
      text: `cluster:\n${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`,
    },
    {
      name: 'host named constructor (no facts)',
      args: ['check'],
      code: 1,
      says: /constructor .*cannot read identity file/,
      text: inventory({ host3: 'constructor' }),
    },
    {
      name: 'host named toString',
      args: ['check', '--json'],
      code: 1,
      says: /toString/,
      text: inventory({ host3: 'toString' }),
    },
    {
      name: 'host named __proto__',
      args: ['lint'],
      code: 1,
      says: at(8),
      text: inventory({ host3: '__proto__' }),
    },
    {
      name: '--log-level bogus',
      args: ['check', '--log-level', 'bogus'],
      code: 1,
      says: /Allowed choices are trace/,
      text: inventory(),
    },
    {
      name: '--log-file in a missing folder',
      args: ['check', '--log-file', '/nonexistent/haka.log'],
      code: 1,
      says: /cannot open the log file.*ENOENT/,
      never: CONNECTED,
      text: inventory(),
    },
    {
      name: '--log-file naming a folder',
      args: ['install', '--yes', '--log-file', dir],
      code: 1,
      says: /cannot open the log file.*EISDIR/,
      never: CONNECTED,
      text: inventory(),
    },
    {
      name: '--log-file a FIFO nobody reads',
      args: ['check', '--log-file', join(dir, 'fifo.log')],
      code: 1,
      says: /cannot open the log file.*ENXIO/,
      never: CONNECTED,
      text: inventory(),
    },
    {
      name: 'UID without a passwd entry, no HOME, ~ in a path (lint)',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml: error: \(home\): no home folder/,
      uid: NO_PASSWD_UID,
      text: inventory({ identity: '~/.ssh/id_ed25519', auth: 'env:HAKA_HOSTILE_SECRET' }),
      env: { HAKA_HOSTILE_SECRET: ENV_SECRET },
    },
    {
      name: 'UID without a passwd entry, no HOME, ~ in a path (install)',
      args: ['install', '--yes'],
      code: 1,
      says: /no home folder/,
      never: CONNECTED,
      uid: NO_PASSWD_UID,
      text: inventory({ identity: '~/.ssh/id_ed25519', auth: 'env:HAKA_HOSTILE_SECRET' }),
      env: { HAKA_HOSTILE_SECRET: ENV_SECRET },
    },
    {
      name: 'UID without a passwd entry, HOME set (check gets as far as the identity file)',
      args: ['check'],
      code: 1,
      says: /cannot read identity file \/nonexistent-home\/\.ssh\/id_ed25519/,
      uid: NO_PASSWD_UID,
      text: inventory({ identity: '~/.ssh/id_ed25519', auth: 'env:HAKA_HOSTILE_SECRET' }),
      env: { HAKA_HOSTILE_SECRET: ENV_SECRET, HOME: '/nonexistent-home' },
    },
  ],
  '5 option values': [
    {
      name: '--health-timeout abc',
      args: ['install', '--health-timeout', 'abc'],
      code: 1,
      says: /--health-timeout.*'abc' is invalid/,
      text: inventory(),
    },
    {
      name: '--health-timeout -5s',
      args: ['rollback', '--health-timeout=-5s'],
      code: 1,
      says: /--health-timeout.*'-5s' is invalid/,
      text: inventory(),
    },
    {
      name: '--concurrency abc',
      args: ['check', '--concurrency', 'abc'],
      code: 1,
      says: /--concurrency.*'abc' is invalid/,
      text: inventory(),
    },
    {
      name: '--concurrency 0',
      args: ['status', '--concurrency', '0'],
      code: 1,
      says: /--concurrency.*'0' is invalid/,
      text: inventory(),
    },
    {
      name: 'lint --limit unknown',
      args: ['lint', '--limit', 'nosuchhost'],
      code: 1,
      says: /nosuchhost, which is not a host/,
      text: inventory(),
    },
    {
      name: 'check --limit unknown',
      args: ['check', '--limit', 'lb1,nosuchhost'],
      code: 1,
      says: /nosuchhost, which is not a host/,
      never: CONNECTED,
      text: inventory(),
    },
    {
      name: '--limit a;b',
      args: ['check', '--limit', 'a;b'],
      code: 1,
      says: /cannot be a host name/,
      text: inventory(),
    },
  ],
  '6 lint and secrets': [
    {
      name: 'env secret unset',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'env:HAKA_HOSTILE_UNSET' }),
    },
    {
      name: 'auth_pass too long',
      args: ['lint'],
      code: 1,
      says: at(16),
      text: inventory({ auth: 'file:long-auth' }),
    },
    {
      name: 'secret file missing',
      args: ['lint', '--json'],
      code: 1,
      says: /"line": 16/,
      text: inventory({ auth: 'file:nope' }),
    },
    {
      name: 'secret file readable by others: a warning at its line',
      args: ['lint'],
      code: 0,
      says: /inv-\d+\.yaml:16: warning: .*other users/,
      text: inventory({ auth: 'file:open-auth' }),
    },
    {
      name: '--no-secrets says so',
      args: ['lint', '--no-secrets'],
      code: 0,
      says: /secrets not checked \(--no-secrets\)/,
      text: inventory({ auth: 'file:nope' }),
    },
  ],
  'import of a hostile Ansible repository (classes 3, 4 and 9 for haka import)': [
    {
      name: 'host_vars file is a FIFO',
      args: ['import', ansibleRepo('ans-fifo', mkfifo)],
      code: 2,
      says: /host_vars\/lb1\.yml: cannot read it: .*lb1\.yml is a FIFO/,
    },
    {
      name: 'host_vars file links to /dev/zero',
      args: ['import', ansibleRepo('ans-zero', (f) => symlinkSync('/dev/zero', f))],
      code: 2,
      says: /host_vars\/lb1\.yml: cannot read it: .*lb1\.yml is a character device/,
    },
    {
      name: 'host_vars file is an alias bomb',
      args: [
        'import',
        ansibleRepo('ans-bomb', (f) =>
          writeFileSync(
            f,
            `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
          ),
        ),
      ],
      code: 2,
      says: /host_vars\/lb1\.yml: cannot read it: Excessive alias count/,
    },
    {
      name: 'host_vars key with a clear-screen sequence',
      args: [
        'import',
        ansibleRepo('ans-esc', (f) =>
          writeFileSync(f, 'foo\u001b[2J: 1\nbar: "\u001b]0;pwned\u0007"\n'),
        ),
      ],
      code: 2,
      says: /host_vars\/lb1\.yml: foo\\u001b\[2J \(lb1\)/,
    },
    {
      name: 'hosts.ini is a FIFO',
      args: ['import', ansibleRepo('ans-ini-fifo', () => undefined, mkfifo)],
      code: 1,
      says: /hosts\.ini: error: \(import\): cannot read it: .*hosts\.ini is a FIFO/,
    },
  ],
  '9 control characters shown to the operator': [
    {
      name: 'host name with a window-title sequence',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:8:\d+: .*lb\\u001b\]0;pwned\\u0007/,
      text: inventory({ host3: '"lb\\e]0;pwned\\a"' }),
    },
    {
      name: 'inventory file name with a color sequence',
      args: ['lint'],
      code: 1,
      says: /inv-esc\\u001b\[8m\.yaml:18\b/,
      file: 'inv-esc\u001b[8m.yaml',
      text: haproxy('statsSocket: "/run/x.sock!!SYSTEM:id"'),
    },
    {
      name: '--limit with a clear-screen sequence',
      args: ['lint', '--limit', 'lb\u001b[2J'],
      code: 1,
      says: /lb\\u001b\[2J/,
      text: inventory(),
    },
    {
      name: 'value with a fake "lb1 ok" line',
      args: ['check'],
      code: 1,
      says: at(1),
      text: inventory().replace('cluster: hostile', 'cluster: "x\\r\\e[2Klb1 ok"'),
    },
  ],
  '12 values that defeat safety rules': [
    {
      name: 'scriptUser root',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:13\b.*root would defeat/,
      text: inventory().replace('scriptUser: keepalived_script', 'scriptUser: root'),
    },
    {
      name: 'interface ..',
      args: ['lint'],
      code: 1,
      says: at(6),
      text: inventory({ lb1: 'interface: "..", ' }),
    },
    {
      name: 'interface with /',
      args: ['check'],
      code: 1,
      says: at(6),
      text: inventory({ lb1: 'interface: "a/b", ' }),
    },
    {
      name: 'interface of 16 characters',
      args: ['lint'],
      code: 1,
      says: at(6),
      text: inventory({ lb1: 'interface: abcdefghijklmnop, ' }),
    },
    {
      name: 'interface with a newline',
      args: ['lint'],
      code: 1,
      says: at(6),
      text: inventory({ lb1: 'interface: "eth0\\nvrrp_script x", ' }),
    },
  ],
  '13 sizes no cluster has (bounded validation)': [
    {
      name: '1,000 hosts',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:6\b.*hosts may hold at most 128 entries, got 1003/,
      text: manyHosts(1000),
    },
    {
      name: '2,000 ports on one VIP',
      args: ['check'],
      code: 1,
      says: /inv-\d+\.yaml:10\b.*ports may hold at most 64 item\(s\), got 2000/,
      text: inventory().replace('ports: [6443]', `ports: [${ports(2000)}]`),
      never: CONNECTED,
    },
    {
      name: '2,000 backends on one VIP',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:10\b.*backends may hold at most 256 entries, got 2000/,
      text: inventory().replace('backends: { m1: 127.0.0.31 }', `backends: { ${backends(2000)} }`),
    },
    {
      name: '1,000 backend port mappings',
      args: ['lint'],
      code: 1,
      says: /backendPorts may hold at most 64 entries, got 1000/,
      text: inventory().replace(
        'ports: [443],',
        `ports: [443], backendPorts: { ${Array.from({ length: 1000 }, (_, i) => `${1000 + i}: ${2000 + i}`).join(', ')} },`,
      ),
    },
  ],
  '14 Flatcar image fields (versions become host file names)': [
    {
      name: 'image version with a dash (NAME-VERSION-ARCH would not parse back)',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*version/,
      text: flatcar({ haproxy: imageWith('version: "2.6-rc1"') }),
    },
    {
      name: 'image version with a path',
      args: ['check'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*version/,
      text: flatcar({ haproxy: imageWith('version: "../../usr/bin/x"') }),
      never: CONNECTED,
    },
    {
      name: 'image version with a newline',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*version/,
      text: flatcar({ haproxy: imageWith('version: "1\\nExecStart=/bin/sh"') }),
    },
    {
      name: 'image source with a shell word',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*source/,
      text: flatcar({
        haproxy: `{ source: "x.raw;reboot #.raw", sha256: ${'a'.repeat(64)}, version: "1" }`,
      }),
    },
    {
      name: 'image source URL with a query',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*source/,
      text: flatcar({
        haproxy: `{ source: "http://127.0.0.1/x.raw?a=$(id).raw", sha256: ${'a'.repeat(64)}, version: "1" }`,
      }),
    },
    {
      name: 'image sha256 in capitals',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:19\b.*sha256/,
      text: flatcar({
        haproxy: `{ source: images/haproxy.raw, sha256: ${'A'.repeat(64)}, version: "1" }`,
      }),
    },
    {
      name: 'reboot window start with a command',
      args: ['lint'],
      code: 1,
      says: /inv-\d+\.yaml:22\b.*start/,
      text: flatcar({ window: 'Thu 04:00; reboot' }),
    },
  ],
};

const CLI = resolve('dist/src/cli.js');
const RUSAGE = resolve('test/unit/hostile/rusage.mjs');
/** Generous: only a hang (a read that never ends) exceeds it, even on a loaded machine. */
const BOUND_MS = 60_000;

interface Run {
  code: number;
  out: string;
  ms: number;
  /** Peak resident memory of the child, KiB (from its own process.resourceUsage()). */
  maxRssKiB: number;
}

function run(args: string[], c: Case, folder: string): Promise<Run> {
  const started = Date.now();
  const usage = join(folder, `rusage-${++serial}.json`);
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...c.env, HAKA_TEST_RUSAGE: usage };
    delete env.HAKA_HOSTILE_UNSET;
    if (c.uid !== undefined && !c.env?.HOME) delete env.HOME;
    execFile(
      process.execPath,
      ['--import', RUSAGE, CLI, ...args],
      {
        cwd: dir,
        env,
        timeout: BOUND_MS * 2,
        ...(c.uid === undefined ? {} : { uid: c.uid, gid: c.uid }),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const rss = existsSync(usage)
          ? (JSON.parse(readFileSync(usage, 'utf8')) as { maxRSS: number }).maxRSS
          : -1;
        done({ code, out: `${stdout}\n${stderr}`, ms: Date.now() - started, maxRssKiB: rss });
      },
    );
  });
}

let serial = 0;
const isRoot = process.getuid?.() === 0;
const noPasswd = (): boolean => {
  try {
    execFileSync('getent', ['passwd', String(NO_PASSWD_UID)], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
};
const figures: { name: string; ms: number; maxRssKiB: number }[] = [];

afterAll(() => {
  if (figures.length === 0) return;
  const slowest = figures.reduce((a, b) => (b.ms > a.ms ? b : a));
  const biggest = figures.reduce((a, b) => (b.maxRssKiB > a.maxRssKiB ? b : a));
  process.stdout.write(
    `hostile corpus: ${figures.length} cases refused; slowest ${slowest.ms} ms (${slowest.name}); ` +
      `peak RSS ${Math.round(biggest.maxRssKiB / 1024)} MiB (${biggest.name})\n`,
  );
});

describe.concurrent.each(Object.entries(CASES))('hostile: %s', (_cls, cases) => {
  it('has at least three cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));

  it.for(cases)('$name', { timeout: BOUND_MS * 3 }, async (c, { skip }) => {
    if (c.uid !== undefined && !(isRoot && noPasswd()))
      skip('needs root and a UID without passwd entry');
    let path = c.path ?? join(dir, c.file ?? `inv-${++serial}.yaml`);
    let folder = dir;
    if (c.uid !== undefined) {
      // A folder the unprivileged child may write, with its own copy of the inventory.
      folder = join(dir, `uid-${++serial}`);
      mkdirSync(folder);
      chmodSync(folder, 0o777);
      chmodSync(dir, 0o755);
      path = join(folder, `inv-${serial}.yaml`);
    }
    if (c.text !== undefined) writeFileSync(path, c.text, { mode: 0o644 });
    const log = c.logFile ? join(dir, `log-${++serial}.json`) : undefined;
    const r = await run([...c.args, '-i', path, ...(log ? ['--log-file', log] : [])], c, folder);
    const out = log && existsSync(log) ? `${r.out}\n${readFileSync(log, 'utf8')}` : r.out;
    expect(r.out).toMatch(c.says);
    expect(r.code, r.out).toBe(c.code);
    if (c.never) expect(out).not.toMatch(c.never);
    expect(out).not.toMatch(/internal error|\n\s+at .+\(.*:\d+:\d+\)|Error: .*\n\s+at /);
    for (const secret of [SECRET, FILE_SECRET, ENV_SECRET]) expect(out).not.toContain(secret);
    // eslint-disable-next-line no-control-regex -- the point: none may reach the terminal
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.ms).toBeLessThan(BOUND_MS);
    figures.push({ name: c.name, ms: r.ms, maxRssKiB: r.maxRssKiB });
  });
});

describe('a UID without a passwd entry', () => {
  it.runIf(isRoot && noPasswd())('is named uidN in locks and run records, never a crash', () => {
    const module = resolve('dist/src/local-user.js');
    const name = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `console.log((await import(${JSON.stringify(module)})).localUser())`,
      ],
      { uid: NO_PASSWD_UID, gid: NO_PASSWD_UID, encoding: 'utf8', cwd: '/' },
    );
    expect(name.trim()).toBe(`uid${NO_PASSWD_UID}`);
  });
});

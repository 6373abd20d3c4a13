// renderPlan: header per host, one line per task, and with --diff the detail of every change.
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../../src/render/index.js';
import { SECRET_VALUES } from '../tasks/support/fixtures.js';
import { editManifest, setFile } from '../tasks/support/tweaks.js';
import { planFor } from './support.js';

const render = (p: ReturnType<typeof planFor>, diff = false) =>
  renderPlan(p, { diff, secrets: SECRET_VALUES });

describe('renderPlan without --diff', () => {
  const text = render(planFor('debian12-fresh'));
  const lines = text.split('\n');

  it('a header per host with its OS, then one line per task', () => {
    expect(lines[0]).toBe('lb1 (Debian GNU/Linux 12 (bookworm))');
    expect(lines[1]).toBe('  change  packages          install haproxy, keepalived, socat (apt)');
    expect(lines).toContain('  change  haproxy.cfg       create /etc/haproxy/haproxy.cfg');
    expect(lines).toContain('  handlers: daemon-reload, restart haproxy, restart keepalived');
    expect(lines.filter((l) => /^lb\d /.test(l))).toEqual([
      'lb1 (Debian GNU/Linux 12 (bookworm))',
      'lb2 (Debian GNU/Linux 12 (bookworm))',
      'lb3 (Debian GNU/Linux 12 (bookworm))',
    ]);
  });

  it('no file content without --diff', () => {
    expect(text).not.toContain('frontend fe_api_6443');
    expect(text).not.toContain('vrrp_instance');
  });

  it('a summary line at the end', () => {
    expect(lines.at(-1)).toBe('install: 3 host(s), 45 change(s) on 3');
  });

  it('a check says check, and counts the hosts it could not reach', () => {
    const checked = renderPlan(planFor('debian12-fresh'), {
      diff: false,
      secrets: SECRET_VALUES,
      verb: 'check',
      unreached: 2,
    });
    expect(checked.split('\n').at(-1)).toBe('check: 3 host(s), 45 change(s) on 3, 2 not reached');
  });

  it('a converged host: every task ok with its reason', () => {
    const converged = render(planFor('debian12-converged'));
    expect(converged).toContain('  ok      haproxy.cfg       /etc/haproxy/haproxy.cfg up to date');
    expect(converged).toContain(
      '  ok      packages          packages haproxy, keepalived, socat already installed (2.6.12-1+deb12u4, 1:2.2.7-1+b2, 1.7.4.4-2)',
    );
    expect(converged).not.toContain('handlers:');
    expect(converged.split('\n').at(-1)).toBe('install: 1 host(s), no changes');
  });

  it('a refused host: one line with the reason', () => {
    const refused = render(planFor('flatcar'));
    expect(refused).toContain(
      'lb1 (Flatcar Container Linux by Kinvolk 3975.2.2 (Oklo))\n  refused Flatcar',
    );
    expect(refused.split('\n').at(-1)).toBe('install: 3 host(s), no changes, 3 refused');
  });

  it('warnings are shown', () => {
    expect(render(planFor('rhel9-fresh'))).toMatch(
      /\n {2}warning: firewalld is active: VRRP \(IP protocol 112\)/,
    );
  });
});

describe('renderPlan with --diff', () => {
  const text = render(planFor('debian12-preinstalled'), true);

  it('unified diff with current/haka headers', () => {
    expect(text).toContain(
      '      --- /etc/haproxy/haproxy.cfg (current)\n      +++ /etc/haproxy/haproxy.cfg (haka)\n      @@ -1,34 +1,',
    );
    expect(text).toContain('      -\tchroot /var/lib/haproxy');
    expect(text).toContain(
      '      +    stats socket /run/haproxy/haka.sock mode 600 level admin expose-fd listeners',
    );
  });

  it('new files diff from /dev/null', () => {
    expect(text).toContain(
      '      --- /dev/null\n      +++ /etc/keepalived/keepalived.conf (haka)\n      @@ -0,0 +1,',
    );
  });

  it('a saved original is one line, never its content twice', () => {
    expect(text).toContain(
      '      + save original of /etc/haproxy/haproxy.cfg to /var/lib/haka/originals/etc/haproxy/haproxy.cfg (1285 bytes)',
    );
    const lb1 = text.slice(0, text.indexOf('\nlb2 '));
    // Once, as a removed line of the diff; the save itself shows no content.
    expect(lb1.split('ca-base /etc/ssl/certs').length).toBe(2);
  });

  it('+/- lines for packages, sysctl, services and users', () => {
    expect(text).toContain('      + package socat (apt install)');
    expect(text).toContain(
      '      - net.ipv4.ip_nonlocal_bind = 0\n      + net.ipv4.ip_nonlocal_bind = 1',
    );
    expect(text).toContain('      + keepalived.service running');
    expect(text).toContain('      + user keepalived_script');
  });

  it('mode and validation notes', () => {
    expect(text).toContain(
      '      mode 0755\n      --- /dev/null\n      +++ /etc/keepalived/haka-notify.sh (haka)',
    );
    expect(text).toContain('      validated with keepalived before it replaces anything');
  });

  it('uninstall: deletions to /dev/null and the folders that go with them', () => {
    const un = render(planFor('debian12-converged', { command: 'uninstall', purge: true }), true);
    expect(un).toContain(
      '      --- /etc/systemd/system/keepalived.service.d/override.conf (current)\n      +++ /dev/null',
    );
    expect(un).toContain('      - folder /etc/systemd/system/keepalived.service.d (if empty)');
    expect(un).toContain('      - package haproxy (apt purge)');
    expect(un).toContain('      - keepalived.service running\n      - keepalived.service enabled');
    expect(un).toContain('      - user keepalived_script');
    expect(un.split('\n').at(-1)).toBe('uninstall: 1 host(s), 15 change(s) on 1');
  });
});

describe('renderPlan for an uninstall that restores an original', () => {
  it('labels the written side "restored"', () => {
    const ORIGINAL = '/var/lib/haka/originals/etc/haproxy/haproxy.cfg';
    const p = planFor('debian12-converged', {
      command: 'uninstall',
      tweak: (f) => {
        setFile(f, ORIGINAL, 'global\n    daemon\n');
        editManifest(f, (m) => {
          (m.files as Record<string, unknown>)['/etc/haproxy/haproxy.cfg'] = {
            existedBefore: true,
            original: ORIGINAL,
            modeBefore: '0644',
          };
        });
      },
    });
    const text = render(p, true);
    expect(text).toContain(
      '      --- /etc/haproxy/haproxy.cfg (current)\n      +++ /etc/haproxy/haproxy.cfg (restored)',
    );
    expect(text).toContain('      +    daemon');
    expect(text).toContain('  handlers: daemon-reload\n');
  });
});

describe('colors', () => {
  it('off by default: no escape codes', () => {
    expect(render(planFor('debian12-fresh'), true)).not.toContain('\u001b[');
  });

  it('on when asked: status and diff lines colored', () => {
    const text = renderPlan(planFor('debian12-fresh'), {
      diff: true,
      secrets: SECRET_VALUES,
      color: true,
    });
    expect(text).toContain('\u001b[33m  change  packages');
    expect(text).toContain('\u001b[32m      +    balance roundrobin\u001b[0m');
  });
});

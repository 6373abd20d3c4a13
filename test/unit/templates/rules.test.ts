// Domain rules (DESIGN.md) checked on everything haka renders, for both fixture inventories.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendName } from '../../../tasks/content/haproxy-cfg.js';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import { renderKeepalivedDropin, renderNotifyScript } from '../../../tasks/content/system-files.js';
import { HAKA_MARKER } from '../../../tasks/managed-file.js';
import { CHECK_SCRIPT, NOTIFY_SCRIPT, VRRP_STATE_DIR } from '../../../tasks/paths.js';
import { packageRootOf } from '../../../src/package-root.js';
import { templatesPath } from '../../../tasks/templates.js';
import { REPO, SECRETS, loadInventory, TEMPLATES } from '../tasks/support/fixtures.js';
import { keepalivedConfFor } from './support.js';

describe.each(['production', 'lab'] as const)('%s inventory', (name) => {
  const inventory = loadInventory(name);
  const haproxy = renderHaproxyCfg(TEMPLATES, inventory, SECRETS);
  const keepalived = inventory.hosts.map((h) => keepalivedConfFor(inventory, h));
  const dropin = renderKeepalivedDropin(TEMPLATES, inventory);

  it('every file says it is managed by haka and names the cluster', () => {
    for (const text of [haproxy, ...keepalived, dropin, renderNotifyScript(TEMPLATES, inventory)])
      expect(text).toContain(`${HAKA_MARKER} — do not edit (cluster ${inventory.cluster}`);
  });

  it('keepalived: never vrrp_strict; script security on; both instances BACKUP with their own VRID', () => {
    for (const conf of keepalived) {
      expect(conf).not.toMatch(/vrrp_strict/);
      expect(conf).toContain('enable_script_security');
      expect(conf).toContain(`script_user ${inventory.keepalived.scriptUser}`);
      expect(conf.match(/state BACKUP/g)).toHaveLength(2);
      expect(conf).toContain(`virtual_router_id ${inventory.vips.api.virtualRouterId}\n`);
      expect(conf).toContain(`virtual_router_id ${inventory.vips.ingress.virtualRouterId}\n`);
      expect(conf).toContain(`script "${CHECK_SCRIPT} api"`);
      expect(conf).toContain(`script "${CHECK_SCRIPT} ingress"`);
      expect(conf).toMatch(/vrrp_instance API \{[^}]*\}[^}]*\}[^]*?track_script \{\s+haka_check_api\s+\}/);
      expect(conf.match(new RegExp(`notify "${NOTIFY_SCRIPT}"`, 'g'))).toHaveLength(2);
    }
  });

  it('keepalived: unicast peers are the other hosts, only when unicast is on', () => {
    inventory.hosts.forEach((host, i) => {
      const conf = keepalived[i] as string;
      if (!inventory.keepalived.unicast) return expect(conf).not.toContain('unicast');
      expect(conf).toContain(`unicast_src_ip ${host.address}\n`);
      for (const other of inventory.hosts.filter((h) => h !== host)) expect(conf).toContain(`        ${other.address}\n`);
      expect(conf).not.toContain(`        ${host.address}\n`);
    });
  });

  it('HAProxy: TCP mode, admin socket, long timeouts, one frontend and backend per VIP port', () => {
    expect(haproxy).toContain(`stats socket ${inventory.haproxy.statsSocket} mode 600 level admin`);
    expect(haproxy).toMatch(/defaults\n(.*\n)*? {4}mode tcp\n/);
    expect(haproxy).toContain(`timeout tunnel ${inventory.haproxy.timeouts.tunnel}`);
    for (const vip of Object.values(inventory.vips))
      for (const port of vip.ports) {
        expect(haproxy).toContain(`bind ${vip.address}:${port}\n`);
        expect(haproxy).toContain(`backend ${backendName(vip, port)}\n    balance roundrobin\n`);
        for (const b of vip.backends) expect(haproxy).toContain(`server ${b.name} ${b.address}:${port} check`);
      }
    expect(haproxy.match(/default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions/g)).toHaveLength(3);
  });

  it('systemd drop-in: After= and Wants= HAProxy, never Requires= or BindsTo=', () => {
    expect(dropin).toMatch(/^After=haproxy\.service$/m);
    expect(dropin).toMatch(/^Wants=haproxy\.service$/m);
    expect(dropin).not.toMatch(/^\s*(Requires|BindsTo|Requisite|PartOf)=/m);
    expect(dropin).toContain(`ExecStartPre=+/usr/bin/install -d -o ${inventory.keepalived.scriptUser} -m 0755 /run/haka ${VRRP_STATE_DIR}`);
    // A reload (the first one of a host taken over from another tool) needs them too: keepalived
    // drops a track file whose folder is missing. The package's own reload line comes after.
    expect(dropin).toMatch(
      new RegExp(`^ExecReload=\n^ExecReload=\\+/usr/bin/install -d -o ${inventory.keepalived.scriptUser} -m 0755 /run/haka ${VRRP_STATE_DIR}\n^ExecReload=/bin/kill -HUP \\$MAINPID$`, 'm'),
    );
  });
});

describe('templates folder', () => {
  it('is found from the source tree and from a compiled dist/ tree, in a checkout or installed', () => {
    expect(templatesPath()).toBe(join(REPO, 'templates'));
    expect(packageRootOf(join(REPO, 'src'))).toBe(REPO);
    expect(packageRootOf(join(REPO, 'dist', 'src'))).toBe(REPO);
    const installed = '/usr/lib/node_modules/haka';
    expect(packageRootOf(join(installed, 'dist', 'src'))).toBe(installed);
  });

  it('an unknown template is an error that names it', () => {
    expect(() => TEMPLATES.render('nope.hbs', {})).toThrow(/no template nope\.hbs in /);
  });

  it('strict: a missing variable fails loudly instead of rendering an empty string', () => {
    expect(() => TEMPLATES.render('keepalived-override.conf.hbs', { cluster: 'c', scriptUser: 'u', runtimeDir: '/run/haka' })).toThrow(
      /"stateDir" not defined/,
    );
  });
});

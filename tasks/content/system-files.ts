// The small files: keepalived's scripts, the sysctl file and the two systemd drop-ins.
import { posix } from 'node:path';
import type { Inventory } from '../../src/inventory/types.js';
import { HEALTH_ENDPOINT, RUNTIME_DIR, VRRP_STATE_DIR } from '../paths.js';
import type { Templates } from '../templates.js';
import { systemdWord } from './quoting.js';

export function renderNotifyScript(
  templates: Templates,
  inventory: Inventory,
  stateDir: string = VRRP_STATE_DIR,
): string {
  return templates.render('haka-notify.sh.hbs', {
    cluster: inventory.cluster,
    scriptUser: inventory.keepalived.scriptUser,
    stateDir,
  });
}

/** The check must finish within keepalived's interval, or checks pile up. */
export function renderCheckScript(
  templates: Templates,
  inventory: Inventory,
  endpoint: { address: string; port: number; uri: string } = HEALTH_ENDPOINT,
): string {
  return templates.render('haka-check-haproxy.sh.hbs', {
    cluster: inventory.cluster,
    timeoutSeconds: Math.max(1, inventory.keepalived.track.interval),
    address: endpoint.address,
    port: endpoint.port,
    uri: endpoint.uri,
  });
}

export function renderSysctlConf(templates: Templates, inventory: Inventory): string {
  return templates.render('90-haka.conf.hbs', { cluster: inventory.cluster });
}

export function renderKeepalivedDropin(templates: Templates, inventory: Inventory): string {
  return templates.render('keepalived-override.conf.hbs', {
    cluster: inventory.cluster,
    scriptUser: systemdWord(inventory.keepalived.scriptUser),
    runtimeDir: systemdWord(RUNTIME_DIR),
    stateDir: systemdWord(VRRP_STATE_DIR),
  });
}

export function renderHaproxyDropin(templates: Templates, inventory: Inventory): string {
  return templates.render('haproxy-override.conf.hbs', {
    cluster: inventory.cluster,
    statsSocket: systemdWord(inventory.haproxy.statsSocket),
    socketDir: systemdWord(posix.dirname(inventory.haproxy.statsSocket)),
  });
}

// The small files: keepalived's scripts, the sysctl file and the two systemd drop-ins.
import { posix } from 'node:path';
import type { Inventory } from '../../src/inventory/types.js';
import { HEALTH_ENDPOINT, RUNTIME_DIR, VRRP_STATE_DIR } from '../paths.js';
import { renderTemplate } from '../templates.js';
import { systemdWord } from './quoting.js';

export function renderNotifyScript(
  inventory: Inventory,
  stateDir: string = VRRP_STATE_DIR,
): string {
  return renderTemplate('haka-notify.sh.hbs', {
    cluster: inventory.cluster,
    scriptUser: inventory.keepalived.scriptUser,
    stateDir,
  });
}

/** The check must finish within keepalived's interval, or checks pile up. */
export function renderCheckScript(
  inventory: Inventory,
  endpoint: { address: string; port: number; uri: string } = HEALTH_ENDPOINT,
): string {
  return renderTemplate('haka-check-haproxy.sh.hbs', {
    cluster: inventory.cluster,
    timeoutSeconds: Math.max(1, inventory.keepalived.track.interval),
    address: endpoint.address,
    port: endpoint.port,
    uri: endpoint.uri,
  });
}

export function renderSysctlConf(inventory: Inventory): string {
  return renderTemplate('90-haka.conf.hbs', { cluster: inventory.cluster });
}

export function renderKeepalivedDropin(inventory: Inventory): string {
  return renderTemplate('keepalived-override.conf.hbs', {
    cluster: inventory.cluster,
    scriptUser: systemdWord(inventory.keepalived.scriptUser),
    runtimeDir: systemdWord(RUNTIME_DIR),
    stateDir: systemdWord(VRRP_STATE_DIR),
  });
}

export function renderHaproxyDropin(inventory: Inventory): string {
  return renderTemplate('haproxy-override.conf.hbs', {
    cluster: inventory.cluster,
    statsSocket: systemdWord(inventory.haproxy.statsSocket),
    socketDir: systemdWord(posix.dirname(inventory.haproxy.statsSocket)),
  });
}

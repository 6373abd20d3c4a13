// keepalived.conf for one host: its priorities, its interface, its unicast peers.
import { InternalError } from '../../src/errors.js';
import type { Inventory, LbHost, Secrets, VipName } from '../../src/inventory/types.js';
import { VIP_NAMES } from '../../src/inventory/types.js';
import { CHECK_SCRIPT, drillTrackPath, NOTIFY_SCRIPT } from '../paths.js';
import type { Templates } from '../templates.js';
import { keepalivedWord } from './quoting.js';

/** vrrp_instance names; the notify script records state under these names. */
export const VRRP_INSTANCE: Record<VipName, string> = { api: 'API', ingress: 'INGRESS' };
export const TRACK_SCRIPT_NAME = 'haka_check_haproxy';

/** The auth_pass as keepalived.conf can carry it; null when it cannot (a quote or a line break). */
export function keepalivedAuthPass(secrets: Secrets): string | null {
  return keepalivedWord(secrets.vrrpAuthPass);
}

export function renderKeepalivedConf(
  templates: Templates,
  inventory: Inventory,
  secrets: Secrets,
  host: LbHost,
  interfaces: Record<VipName, string>,
): string {
  const authPass = keepalivedAuthPass(secrets);
  if (authPass === null)
    throw new InternalError('the VRRP auth_pass cannot be written into keepalived.conf');
  const k = inventory.keepalived;
  const peers = inventory.hosts.filter((h) => h.name !== host.name).map((h) => h.address);
  return templates.render('keepalived.conf.hbs', {
    cluster: inventory.cluster,
    hostName: host.name,
    routerId: host.name,
    scriptUser: k.scriptUser,
    scriptName: TRACK_SCRIPT_NAME,
    checkScript: CHECK_SCRIPT,
    notifyScript: NOTIFY_SCRIPT,
    track: k.track,
    instances: VIP_NAMES.map((name) => {
      const vip = inventory.vips[name];
      return {
        name: VRRP_INSTANCE[name],
        vipName: name,
        interface: interfaces[name],
        virtualRouterId: vip.virtualRouterId,
        priority: host.priority[name],
        advertInt: k.advertInt,
        authPass,
        unicast: k.unicast ? { srcIp: host.address, peers } : null,
        vip: vip.address,
        prefix: vip.prefix,
        drillTrack: { name: `haka_drill_${name}`, path: drillTrackPath(name) },
      };
    }),
  });
}

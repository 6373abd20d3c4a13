// keepalived.conf for one host: its priorities, its interface, its unicast peers.
import { InternalError } from '../../src/errors.js';
import type { Inventory, LbHost, Secrets, VipName } from '../../src/inventory/types.js';
import { VIP_NAMES } from '../../src/inventory/types.js';
import { CHECK_SCRIPT, drillTrackPath, NOTIFY_SCRIPT } from '../paths.js';
import type { Templates } from '../templates.js';
import { inSubnet } from '../ipv4.js';
import { keepalivedWord } from './quoting.js';

/** vrrp_instance names; the notify script records state under these names. */
export const VRRP_INSTANCE: Record<VipName, string> = { api: 'API', ingress: 'INGRESS' };
/** The vrrp_script of one VIP: HAProxy alive and enough of that VIP's backends usable. */
export const TRACK_SCRIPT_NAME: Record<VipName, string> = {
  api: 'haka_check_api',
  ingress: 'haka_check_ingress',
};

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
    checkScript: CHECK_SCRIPT,
    notifyScript: NOTIFY_SCRIPT,
    track: k.track,
    instances: VIP_NAMES.map((name) => {
      const vip = inventory.vips[name];
      // A host off the VIP's subnet (unicast) must not get an on-link route for that whole subnet.
      const offSubnet = !inSubnet(host.address, vip.address, vip.prefix);
      return {
        name: VRRP_INSTANCE[name],
        vipName: name,
        scriptName: TRACK_SCRIPT_NAME[name],
        nopreempt: !k.preempt,
        preemptDelay: k.preempt && k.preemptDelay > 0 ? k.preemptDelay : null,
        offSubnet,
        interface: interfaces[name],
        virtualRouterId: vip.virtualRouterId,
        priority: host.priority[name],
        advertInt: k.advertInt,
        authPass,
        unicast: k.unicast ? { srcIp: host.address, peers } : null,
        vip: vip.address,
        prefix: offSubnet ? 32 : vip.prefix,
        drillTrack: { name: `haka_drill_${name}`, path: drillTrackPath(name) },
      };
    }),
  });
}

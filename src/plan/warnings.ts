// What the operator should know that does not block the plan.
import { unitState } from '../../tasks/host-facts.js';
import { SERVICES } from '../../tasks/services.js';
import type { TaskContext } from '../../tasks/task.js';
import type { PlanCommand } from './types.js';

function firewallWarnings({ inventory, host, facts }: TaskContext): string[] {
  const peers = inventory.hosts
    .filter((h) => h.name !== host.name)
    .map((h) => h.address)
    .join(', ');
  const ports = [...new Set([...inventory.vips.api.ports, ...inventory.vips.ingress.ports])].join(
    ', ',
  );
  const what = `VRRP (IP protocol 112) must be allowed between the load balancers (from ${peers}${inventory.keepalived.unicast ? '' : ' to 224.0.0.18'}) and TCP ${ports} to the VIPs, or each host elects itself MASTER`;
  const out: string[] = [];
  if (facts.firewall.firewalldActive)
    out.push(
      `firewalld is active: ${what} (e.g. firewall-cmd --permanent --add-rich-rule='rule protocol value="vrrp" accept' && firewall-cmd --reload)`,
    );
  if (facts.firewall.nftablesActive)
    out.push(
      `nftables is active: ${what} (e.g. a rule "ip protocol vrrp accept" in the input chain)`,
    );
  return out;
}

function selinuxWarnings({ facts }: TaskContext): string[] {
  if (facts.selinux !== 'enforcing') return [];
  return [
    'SELinux is enforcing: HAProxy may only connect to its backends and bind the VIP ports with the haproxy_connect_any boolean on (setsebool -P haproxy_connect_any 1); haka does not change SELinux booleans',
  ];
}

function maskedWarnings({ facts }: TaskContext): string[] {
  return SERVICES.map((s) => unitState(facts, s))
    .filter((u) => u.masked)
    .map(
      (u) =>
        `${u.unit} is masked: haka leaves it stopped; unmask it (systemctl unmask ${u.unit}) for the load balancer to work`,
    );
}

export function warningsFor(ctx: TaskContext, command: PlanCommand): string[] {
  if (command === 'uninstall') return maskedWarnings(ctx);
  return [...firewallWarnings(ctx), ...selinuxWarnings(ctx), ...maskedWarnings(ctx)];
}

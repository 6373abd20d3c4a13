// How many entries an inventory list or map may hold. Far above any real cluster (a pair or a
// triple, a handful of masters) yet low enough that a hostile inventory cannot make the
// validator's uniqueness checks or the preflight's pairwise checks run for seconds.
export const COUNT_LIMITS = {
  /** Load balancers in one cluster: each needs a distinct VRRP priority in 1..254. */
  hosts: 128,
  /** TCP ports of one VIP (and VIP port → backend port mappings). */
  ports: 64,
  /** Backends of one VIP. */
  backends: 256,
} as const;

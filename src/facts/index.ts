// Facts: what a host is like, gathered in one probe per host and parsed by pure functions.
export { buildProbe, gatherFacts, parseProbe } from './gather.js';
export type { Fact } from './fact.js';
export { probeScript, splitSections, PROBE_HEADER, PROBE_END, type ProbeSection } from './probe.js';
export { osReleaseFact, osFamily, parseOsRelease } from './os-release.js';
export { packageManagerFact } from './package-manager.js';
export { packagesFact, parsePackages } from './packages.js';
export { fileFact, parseFile } from './files.js';
export { sysctlFact, sysctlPath } from './sysctl.js';
export { unitsFact, parseUnits } from './units.js';
export { interfacesFact, parseIpAddrJson } from './interfaces.js';
export { selinuxFact } from './selinux.js';
export { firewallFact } from './firewall.js';
export type * from './types.js';

// SELinux mode: on RHEL, 'enforcing' means HAProxy needs the haproxy_connect_any boolean.
import { sh } from '../transport/sh.js';
import type { HostFacts } from './types.js';
import { factError, type Fact } from './fact.js';

export type SelinuxMode = HostFacts['selinux'];

export const selinuxFact: Fact<SelinuxMode> = {
  name: 'selinux',
  command: sh`if command -v getenforce >/dev/null 2>&1; then getenforce; else echo 'absent'; fi`,
  parse(output) {
    const mode = output.trim().toLowerCase();
    if (mode === 'enforcing' || mode === 'permissive' || mode === 'disabled' || mode === 'absent')
      return mode;
    throw factError('selinux', `unexpected getenforce output: ${output.trim() || '(empty)'}`);
  },
};

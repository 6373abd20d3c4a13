// One host's Ansible variables with where each came from, merged in Ansible's order of
// precedence (low to high): all, then each group, then the host line, then host_vars files.
import { groupsOf, type IniHost } from './ansible-ini.js';
import type { AnsibleRepo } from './ansible-repo.js';

export interface SourcedValue {
  value: unknown;
  /** File (and line) the value came from, for comments and the unmapped list. */
  from: string;
}

export function mergedVars(repo: AnsibleRepo, host: IniHost): Map<string, SourcedValue> {
  const vars = new Map<string, SourcedValue>();
  const put = (values: Record<string, unknown>, from: string): void => {
    for (const [key, value] of Object.entries(values)) vars.set(key, { value, from });
  };
  const groups = groupsOf(repo.ini, host.name).filter((g) => g !== 'all');
  for (const group of ['all', ...groups]) {
    const iniVars = repo.ini.groups.get(group)?.vars;
    if (iniVars) put(iniVars, `${repo.hostsFile} [${group}:vars]`);
    for (const file of repo.groupVars.get(group) ?? []) put(file.vars, file.file);
  }
  put(host.vars, `${repo.hostsFile}:${host.line}`);
  for (const file of repo.hostVars.get(host.name) ?? []) put(file.vars, file.file);
  return vars;
}

// Small edits of fixture facts, for case files.
import type { HostFacts } from '../../../../src/facts/types.js';

export function setFile(facts: HostFacts, path: string, content: string, mode = '0644'): void {
  facts.files[path] = { path, exists: true, content, mode, owner: 'root', group: 'root' };
}

export function removeFile(facts: HostFacts, path: string): void {
  facts.files[path] = { path, exists: false, content: null, mode: null, owner: null, group: null };
}

export function fileContent(facts: HostFacts, path: string): string {
  const content = facts.files[path]?.content;
  if (content == null) throw new Error(`fixture has no content for ${path}`);
  return content;
}

export function setUnit(
  facts: HostFacts,
  unit: string,
  state: { active?: boolean; enabled?: boolean; masked?: boolean },
): void {
  facts.units[unit] = {
    name: unit,
    loadState: state.masked ? 'masked' : 'loaded',
    activeState: state.active ? 'active' : 'inactive',
    subState: state.active ? 'running' : 'dead',
    unitFileState: state.masked ? 'masked' : state.enabled ? 'enabled' : 'disabled',
  };
}

/** Edit the JSON manifest in the facts. */
export function editManifest(facts: HostFacts, edit: (m: Record<string, unknown>) => void): void {
  const path = '/var/lib/haka/manifest.json';
  const manifest = JSON.parse(fileContent(facts, path)) as Record<string, unknown>;
  edit(manifest);
  setFile(facts, path, `${JSON.stringify(manifest, null, 2)}\n`);
}

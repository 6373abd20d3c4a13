// `haka import`: an Ansible repository → a commented inventory.yaml, then linted at once so the
// topology's known problems show right away. Connects to nothing.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssue } from '../errors.js';
import { readAnsibleRepo } from '../import/ansible-repo.js';
import { ansibleToInventory, type ImportOptions } from '../import/to-inventory.js';
import { lintInventory } from '../inventory/index.js';
import { EXIT_ERROR, EXIT_OK, EXIT_IMPORTED_WITH_ERRORS } from './context.js';

export interface ImportCommandOptions extends ImportOptions {
  /** The Ansible repository folder, or its hosts.ini. */
  source: string;
  /** Write here instead of stdout; an existing file needs `force`. */
  output?: string;
  force: boolean;
  /** The inventory (stdout, unless written to a file). */
  print: (text: string) => void;
  /** What was not imported and the lint findings (stderr). */
  note: (text: string) => void;
}

export function runImport(options: ImportCommandOptions): number {
  const repo = readAnsibleRepo(options.source);
  const { yaml, unmapped } = ansibleToInventory(repo, options);
  const target = options.output === undefined ? undefined : resolve(options.output);
  if (target !== undefined) {
    if (existsSync(target) && !options.force) {
      options.note(`haka import: ${target} exists; not overwritten (add --force to replace it)`);
      return EXIT_ERROR;
    }
    writeFileSync(target, yaml, { mode: 0o644 });
    options.note(`haka import: wrote ${target}`);
  } else options.print(yaml.trimEnd());
  if (unmapped.length > 0) {
    options.note(`haka import: ${unmapped.length} value(s) not imported:`);
    for (const u of unmapped) options.note(`  ${u}`);
  }
  const shown = target ?? 'the imported inventory';
  const { issues } = lintInventory(target ?? resolve('imported-inventory.yaml'), yaml);
  const errors = issues.filter((i) => i.severity === 'error').length;
  options.note(
    `haka import: lint of ${shown}: ${errors} error(s), ${issues.length - errors} warning(s)`,
  );
  for (const issue of issues) options.note(`  ${formatIssue(issue)}`);
  // Written, but not usable as it is: a script must not go on to `haka check` with it.
  return errors > 0 ? EXIT_IMPORTED_WITH_ERRORS : EXIT_OK;
}

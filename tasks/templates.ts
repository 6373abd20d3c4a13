// Handlebars templates from the package's templates/ folder. They are read and compiled once,
// before planning (loadTemplates), and handed to the planner: planning itself does no I/O.
// noEscape: config files are not HTML; strict: a missing variable fails loudly, never renders "".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { InternalError } from '../src/errors.js';
import { PACKAGE_ROOT } from '../src/package-root.js';

/** The absolute path of the templates folder: <package root>/templates. */
export function templatesPath(): string {
  return join(PACKAGE_ROOT, 'templates');
}

/** Compiled templates by file name: what the content renderers fill in. */
export interface Templates {
  /** Render `name` (e.g. "haproxy.cfg.hbs") with `data`; pure. */
  render(name: string, data: object): string;
}

/** Read and compile every `*.hbs` of `dir` (default: haka's templates folder). */
export function loadTemplates(dir: string = templatesPath()): Templates {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.hbs'))
    .sort())
    compiled.set(
      name,
      Handlebars.compile(readFileSync(join(dir, name), 'utf8'), { noEscape: true, strict: true }),
    );
  return {
    render(name, data) {
      const template = compiled.get(name);
      if (!template) throw new InternalError(`no template ${name} in ${dir}`);
      return template(data);
    },
  };
}

// Handlebars templates from the package's templates/ folder, compiled once and cached.
// noEscape: config files are not HTML; strict: a missing variable fails loudly, never renders "".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../src/package-root.js';

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** The absolute path of the templates folder this module reads: <package root>/templates. */
export function templatesPath(): string {
  return join(PACKAGE_ROOT, 'templates');
}

/** Render `templates/<name>` with `data`; the one I/O in planning, done once per template. */
export function renderTemplate(name: string, data: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(join(templatesPath(), name), 'utf8');
    template = Handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(data);
}

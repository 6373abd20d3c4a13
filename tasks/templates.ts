// Handlebars templates from the repository's templates/ folder, compiled once and cached.
// noEscape: config files are not HTML; strict: a missing variable fails loudly, never renders "".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { InternalError } from '../src/errors.js';

/**
 * The templates/ folder of the first folder above `start` that holds both templates/ and
 * package.json: the repository root, from tasks/ (source) as from dist/tasks/ (compiled).
 */
export function templatesDirAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    if (dirname(dir) === dir)
      throw new InternalError(`no templates/ folder (beside a package.json) above ${start}`);
  }
}

let templatesDir: string | null = null;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** The absolute path of the templates folder this module reads. */
export function templatesPath(): string {
  templatesDir ??= templatesDirAbove(dirname(fileURLToPath(import.meta.url)));
  return templatesDir;
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

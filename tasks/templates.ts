// Handlebars templates from the repository's templates/ folder, compiled once and cached.
// noEscape: config files are not HTML; strict: a missing variable fails loudly, never renders "".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { InternalError } from '../src/errors.js';

/** Walk up from this module (tasks/ in source, dist/tasks/ when compiled) to the repository root. */
function findTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new InternalError(`no templates/ folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let templatesDir: string | null = null;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** The absolute path of the templates folder (for tests and error messages). */
export function templatesPath(): string {
  templatesDir ??= findTemplatesDir();
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

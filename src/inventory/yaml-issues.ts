// YAML syntax errors, warnings and duplicate keys as ConfigIssues (with lines).
import type { ConfigIssue } from '../errors.js';
import { isAlias, visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { DuplicateKey } from './source-map.js';

export const YAML_FIELD = '(yaml)';

const FIXES: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT: 'indent nested keys consistently with spaces and close every [ ] or { }',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MISSING_CHAR: 'add the missing closing character (quote, ] or })',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after each ":" and indent nested keys under their parent',
  MULTILINE_IMPLICIT_KEY: 'put each key on one line, followed by ": " and its value',
  UNEXPECTED_TOKEN: 'check the indentation and the ":" / "-" markers around this line',
  MULTIPLE_DOCS: 'keep a single YAML document in the inventory (remove the extra "---")',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name)',
};

/** yaml's message without its trailing " at line N, column M:" (we report those separately). */
function plainMessage(error: YAMLError): string {
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/** yaml turns a stack overflow while parsing into an error: that is a document nested too deeply. */
const TOO_DEEP = /maximum call stack size exceeded/i;

export function yamlErrorIssue(
  file: string,
  error: YAMLError,
  severity: ConfigIssue['severity'],
): ConfigIssue {
  const at = error.linePos?.[0];
  if (TOO_DEEP.test(error.message))
    return {
      file,
      line: at?.line ?? null,
      column: at?.col ?? null,
      field: YAML_FIELD,
      message:
        'YAML nested too deeply to be read (hundreds of levels of [ ], { } or indentation; an inventory needs about five)',
      fix: 'write the inventory as in docs/inventory.md: a few levels of plain mappings and lists',
      severity,
    };
  return {
    file,
    line: at?.line ?? null,
    column: at?.col ?? null,
    field: YAML_FIELD,
    message: `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${plainMessage(error)}`,
    fix: FIXES[error.code] ?? 'fix the YAML near this line (indentation, ": " after keys, quotes)',
    severity,
  };
}

export function duplicateKeyIssue(file: string, duplicate: DuplicateKey): ConfigIssue {
  const key = duplicate.field.slice(duplicate.field.lastIndexOf('.') + 1);
  return {
    file,
    line: duplicate.at.line,
    column: duplicate.at.column,
    field: duplicate.field,
    message: `duplicate key "${key}" (already set at line ${duplicate.first.line}); YAML keeps only one of them`,
    fix: `remove or merge one of the two "${key}" entries`,
    severity: 'error',
  };
}

/**
 * yaml reports an undefined alias and an alias bomb only when the data is built (as a thrown
 * ReferenceError): this names the alias it is about (the undefined one, else the first).
 */
export function aliasIssue(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  error: unknown,
): ConfigIssue {
  const aliases: { offset: number; name: string; defined: boolean }[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node)) return;
      const defined = node.resolve(doc) !== undefined;
      aliases.push({ offset: node.range?.[0] ?? 0, name: node.source, defined });
    },
  });
  const undefinedAlias = aliases.find((a) => !a.defined);
  const at = undefinedAlias ?? aliases[0];
  const pos = at ? lineCounter.linePos(at.offset) : null;
  const base = { file, line: pos?.line ?? null, column: pos?.col ?? null, field: YAML_FIELD };
  if (undefinedAlias)
    return {
      ...base,
      message: `YAML alias *${undefinedAlias.name} names no anchor defined before it`,
      fix: FIXES.BAD_ALIAS ?? '',
      severity: 'error',
    };
  const tooMany = error instanceof Error && /alias count/i.test(error.message);
  return {
    ...base,
    message: tooMany
      ? 'YAML aliases expand to too many nodes (an alias bomb?)'
      : 'the YAML data cannot be built (too deeply nested?)',
    fix: 'write the values out instead of nesting aliases (*name) inside anchors (&name)',
    severity: 'error',
  };
}

// Where each field of the inventory stands in its YAML text, so every finding can name a line.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** A path into the document: map keys as strings, sequence indexes as numbers. */
export type FieldPath = readonly (string | number)[];

/** `['hosts', 'lb1', 'priority', 'api']` → `hosts.lb1.priority.api`; indexes as `ports[1]`. */
export function formatField(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

interface Entry {
  /** The key (map entry) or the item itself (sequence entry). */
  key: Position;
  /** The value node; equals `key` when the value is empty. */
  value: Position;
}

export interface DuplicateKey {
  field: string;
  at: Position;
  first: Position;
}

export class SourceMap {
  private readonly entries = new Map<string, Entry>();
  readonly duplicates: DuplicateKey[] = [];

  constructor(
    doc: Document,
    private readonly lineCounter: LineCounter,
  ) {
    const root = doc.contents;
    const start = this.position(root) ?? { line: 1, column: 1 };
    this.entries.set('', { key: start, value: start });
    if (root) this.walk(root, []);
  }

  /** Line of the field's key, or of its nearest ancestor present in the file; null if none. */
  line(field: string): number | null {
    return this.keyPosition(field)?.line ?? null;
  }

  keyPosition(field: string): Position | null {
    return this.nearest(field)?.key ?? null;
  }

  /** Where the field's value starts (for "got X" errors); falls back like keyPosition. */
  valuePosition(field: string): Position | null {
    return this.nearest(field)?.value ?? null;
  }

  /** True when the field itself (not just an ancestor) is written in the file. */
  has(field: string): boolean {
    return this.entries.has(field);
  }

  /** The field's entry or its nearest written ancestor; the root only when asked for itself. */
  private nearest(field: string): Entry | null {
    if (field === '') return this.entries.get('') ?? null;
    for (let current = field; current !== ''; current = parentField(current)) {
      const entry = this.entries.get(current);
      if (entry) return entry;
    }
    return null;
  }

  private position(node: Node | null | undefined): Position | null {
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private walk(node: Node, path: FieldPath): void {
    if (isMap(node)) {
      const seen = new Map<string, Position>();
      for (const pair of node.items) {
        const keyNode = isScalar(pair.key) ? pair.key : null;
        const name = keyNode ? String(keyNode.value) : String(pair.key);
        const keyPos = this.position(keyNode) ?? this.position(node) ?? { line: 1, column: 1 };
        const valueNode = pair.value as Node | null;
        const valuePos = this.position(valueNode) ?? keyPos;
        const childPath = [...path, name];
        const field = formatField(childPath);
        const first = seen.get(name);
        if (first) {
          this.duplicates.push({ field, at: keyPos, first });
          continue;
        }
        seen.set(name, keyPos);
        this.entries.set(field, { key: keyPos, value: valuePos });
        if (valueNode) this.walk(valueNode, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const itemNode = item as Node | null;
        const pos = this.position(itemNode) ?? this.position(node) ?? { line: 1, column: 1 };
        const childPath = [...path, index];
        this.entries.set(formatField(childPath), { key: pos, value: pos });
        if (itemNode) this.walk(itemNode, childPath);
      });
    }
  }
}

/** `hosts.lb1.priority` → `hosts.lb1`; `vips.api.ports[1]` → `vips.api.ports`. */
export function parentField(field: string): string {
  const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
  return cut <= 0 ? '' : field.slice(0, cut);
}

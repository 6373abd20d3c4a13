// keepalived.conf's block syntax as a tree: one statement per line (keyword and words), `{ ... }`
// opening a block of statements. Hand-written because no maintained npm parser for keepalived's
// format exists; it is small and only reads, never writes.

export interface ConfNode {
  keyword: string;
  args: string[];
  /** Statements inside `{ ... }`; null for a plain statement. */
  children: ConfNode[] | null;
  /** 1-based line of the keyword. */
  line: number;
}

interface Token {
  text: string;
  line: number;
  /** First token on its line: a statement starts here. */
  first: boolean;
}

/** Words, quoted strings and braces; `#` and `!` start a comment running to the end of the line. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split('\n').forEach((raw, i) => {
    let first = true;
    const re = /"([^"]*)"?|([{}])|([^\s{}"]+)/g;
    for (const m of raw.matchAll(re)) {
      const word = m[3];
      if (word !== undefined && (word.startsWith('#') || word.startsWith('!'))) break;
      tokens.push({ text: m[1] ?? m[2] ?? word ?? '', line: i + 1, first });
      first = false;
    }
  });
  return tokens;
}

/** The statements of a whole file. An unbalanced `}` or `{` ends the block it is in. */
export function parseConfTree(text: string): ConfNode[] {
  const tokens = tokenize(text);
  let pos = 0;
  const block = (): ConfNode[] => {
    const nodes: ConfNode[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos] as Token;
      if (t.text === '}') {
        pos++;
        return nodes;
      }
      if (t.text === '{') {
        // A block without a keyword: keep its statements, attached to nothing.
        pos++;
        nodes.push(...block());
        continue;
      }
      pos++;
      const node: ConfNode = { keyword: t.text, args: [], children: null, line: t.line };
      while (pos < tokens.length) {
        const next = tokens[pos] as Token;
        if (next.text === '{') {
          pos++;
          node.children = block();
          break;
        }
        if (next.text === '}' || next.first) break;
        node.args.push(next.text);
        pos++;
      }
      nodes.push(node);
    }
    return nodes;
  };
  return block();
}

/** The first statement named `keyword` among `nodes`. */
export function child(nodes: ConfNode[] | null, keyword: string): ConfNode | undefined {
  return (nodes ?? []).find((n) => n.keyword === keyword);
}

export function childrenNamed(nodes: ConfNode[] | null, keyword: string): ConfNode[] {
  return (nodes ?? []).filter((n) => n.keyword === keyword);
}

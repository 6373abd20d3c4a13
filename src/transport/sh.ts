// POSIX shell quoting. ssh2's exec takes ONE string parsed by the remote shell, so every
// command haka sends is built here: interpolated values are single-quoted, never concatenated.

/** Only this module holds the token, so only sh`` and join() can build a Shell. */
const MINT: unique symbol = Symbol('sh');

/**
 * A piece of shell text that is safe to send: literal template parts plus quoted values. Nominal
 * (an ES private field): an object literal such as `{ text: \`rm -rf ${x}\` }` is not a Shell,
 * and `new Shell(...)` needs the token this module keeps, so `Transport.exec` can only ever
 * receive text built by sh``.
 */
export class Shell {
  readonly #text: string;
  constructor(token: typeof MINT, text: string) {
    if (token !== MINT) throw new TypeError('a Shell is built only by sh``');
    this.#text = text;
  }
  get text(): string {
    return this.#text;
  }
  toString(): string {
    return this.#text;
  }
}

export type ShellValue = string | number | Shell | readonly (string | number | Shell)[];

/** Quote one word for a POSIX shell. */
export function quote(value: string | number): string {
  const s = String(value);
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function render(value: ShellValue): string {
  if (value instanceof Shell) return value.text;
  if (Array.isArray(value)) return value.map((v) => render(v as ShellValue)).join(' ');
  return quote(value as string | number);
}

/** Tagged template: sh`systemctl is-active ${unit}` quotes `unit`; a nested sh`` is inserted as is. */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): Shell {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Shell(MINT, out);
}

/** Join shell pieces with a separator such as ' && ' or '\n'. */
export function join(parts: readonly Shell[], separator: string): Shell {
  return new Shell(MINT, parts.map((p) => p.text).join(separator));
}

// Text from hosts (stderr, file contents, validator output) reaches the operator's terminal:
// control characters in it could move the cursor, rewrite a line ("lb1 ok") or set the window
// title. Every one is shown as a \u00XX escape instead (also valid inside JSON strings);
// newlines and tabs stay. Only haka's own color codes (SGR, ESC [ digits m) may pass.
const COLOR = '\\u001b\\[[0-9;]*m';
const CONTROL = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]';
const WITH_COLORS = new RegExp(`(${COLOR})|${CONTROL}`, 'gu');
const ALL = new RegExp(CONTROL, 'gu');

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Every control character escaped (for text that has no colors of haka's own yet). */
export function escapeControl(text: string): string {
  return text.replace(ALL, escape);
}

/** Like escapeControl, but haka's own color codes stay. */
export function escapeControlKeepColors(text: string): string {
  return text.replace(WITH_COLORS, (match: string, color?: string) =>
    color ? match : escape(match),
  );
}

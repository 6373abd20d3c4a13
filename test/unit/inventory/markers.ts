// Reads the expectations written into fixture files: a comment `#! error FIELD` (or
// `#! warning FIELD`) on a line means exactly one finding with that severity and field on
// that line; `@null` after the field means a finding without a line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigIssue } from '../../../src/errors.js';

const MARKER = /#!\s*(error|warning)\s+(\S+)(\s+@null)?/g;

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/inventories');

export interface Case {
  name: string;
  path: string;
  text: string;
  expected: string[];
}

/** `error hosts.lb1.address @8`: one comparable line per finding. */
export function summarize(issue: Pick<ConfigIssue, 'severity' | 'field' | 'line'>): string {
  return `${issue.severity} ${issue.field} @${issue.line ?? 'null'}`;
}

export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(MARKER)) {
      const line = match[3] ? 'null' : String(index + 1);
      expected.push(`${match[1]} ${match[2]} @${line}`);
    }
  });
  return expected.sort();
}

export function casesIn(folder: string): Case[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      return { name: file.replace(/\.yaml$/, ''), path, text, expected: expectedFindings(text) };
    });
}

// Turns schema (zod) issues into messages an editor can act on, placed on the offending key.
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { report, type Place } from '../diagnostics.js';
import { didYouMean } from './did-you-mean.js';

type Path = readonly (string | number)[];

export interface SchemaIssueOptions {
  /** The data that was checked: tells a missing field from a wrong one, and what was written. */
  data: unknown;
  /** The keys the format knows in the mapping at `path`, for "did you mean". */
  knownKeys: (path: Path) => readonly string[];
}

function describePath(path: Path): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join('.').replace(/\.\[/g, '[');
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = { string: 'text', array: 'a list', object: 'a mapping', number: 'a number', int: 'a whole number', boolean: 'true or false' };

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

export function reportSchemaIssues(file: VFile, issues: readonly z.core.$ZodIssue[], placeOf: (path: Path) => Place, options: SchemaIssueOptions): void {
  for (const issue of issues) reportIssue(file, issue, [], placeOf, options);
}

function reportIssue(file: VFile, issue: z.core.$ZodIssue, prefix: Path, placeOf: (path: Path) => Place, options: SchemaIssueOptions): void {
  const path = [...prefix, ...issue.path.filter((part): part is string | number => typeof part !== 'symbol')];
  const where = describePath(path) || 'the file';
  const value = valueAt(options.data, path);
  if (issue.code === 'unrecognized_keys') {
    const known = options.knownKeys(path);
    for (const key of issue.keys) {
      const hint = didYouMean(key, known) || (known.length > 0 ? `; the fields here are ${known.join(', ')}` : '');
      report(file, 'error', `unknown field "${describePath([...path, key])}"${hint}`, 'unknown-field', placeOf([...path, key]));
    }
    return;
  }
  if (value === undefined && path.length > 0 && valueAt(options.data, path.slice(0, -1)) !== undefined) {
    report(file, 'error', `missing required field "${where}"; add a line \`${String(path.at(-1))}: ...\``, 'missing-field', placeOf(path.slice(0, -1)));
    return;
  }
  if (value === null) {
    report(file, 'error', `${where} has no value; write one after the colon, or delete the line`, 'invalid-field', placeOf(path));
    return;
  }
  if (issue.code === 'invalid_type') {
    const key = typeof path.at(-1) === 'string' ? `${String(path.at(-1))}: ` : '';
    const quote = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? `; put it in quotes: ${key}"${String(value)}"` : '';
    const list = issue.expected === 'array' && typeof value === 'string' ? `; write a list: ${String(path.at(-1))}: [${value}]` : '';
    report(file, 'error', `${where}: expected ${typeName(issue.expected)}, received ${describeValue(value)}${quote}${list}`, 'invalid-field', placeOf(path));
    return;
  }
  if (issue.code === 'invalid_union') {
    // The branch whose type matched knows what is wrong inside the value (a list item, say).
    const matching = issue.errors.find((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    if (matching) {
      for (const inner of matching) reportIssue(file, inner, path, placeOf, options);
      return;
    }
    const expected = issue.errors.flatMap((branch) => branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => typeName((inner as { expected: string }).expected)));
    report(file, 'error', `${where}: expected ${[...new Set(expected)].join(' or ')}, received ${describeValue(value)}`, 'invalid-field', placeOf(path));
    return;
  }
  report(file, 'error', `${where}: ${issue.message}`, 'invalid-field', placeOf(path));
}

// Turns schema (zod) issues into messages an editor can act on, placed on the offending key.
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { report, type Place } from '../diagnostics.js';
import { didYouMean } from './did-you-mean.js';

export interface SchemaIssueOptions {
  /** The keys the format knows at the top level, for "did you mean". */
  knownKeys: readonly string[];
}

type Path = readonly (string | number)[];

function describePath(path: Path): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join('.').replace(/\.\[/g, '[');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? 'text' : typeof value;
}

function typeName(expected: string): string {
  const names: Record<string, string> = { string: 'text', array: 'a list', object: 'a mapping', number: 'a number', int: 'a whole number', boolean: 'true or false' };
  return names[expected] ?? expected;
}

export function reportSchemaIssues(
  file: VFile,
  issues: readonly z.core.$ZodIssue[],
  placeOf: (path: Path) => Place,
  options: SchemaIssueOptions,
): void {
  for (const issue of issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = path.length === 0 ? options.knownKeys : [];
        report(file, 'error', `unknown field "${describePath([...path, key])}"${didYouMean(key, known)}`, 'unknown-field', placeOf([...path, key]));
      }
      continue;
    }
    const where = describePath(path);
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      report(file, 'error', `missing required field "${where}"`, 'missing-field', placeOf(path.slice(0, -1)));
      continue;
    }
    if (issue.code === 'invalid_type') {
      report(file, 'error', `${where}: expected ${typeName(issue.expected)}, received ${describeValue(issue.input)}`, 'invalid-field', placeOf(path));
      continue;
    }
    report(file, 'error', `${where}: ${issue.message}`, 'invalid-field', placeOf(path));
  }
}

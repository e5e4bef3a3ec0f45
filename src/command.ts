// What a CLI command is, shared by cli.ts and the modules that define commands (dev, new, import),
// so those modules need not import cli.ts (which imports them).
import type { ParseArgsConfig } from 'node:util';

/** 0 fine, 1 content errors, 2 usage errors, 70 an internal failure (a bug). */
export const EXIT = { ok: 0, content: 1, usage: 2, internal: 70 } as const;

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: OptionValues, positionals: string[]): Promise<number>;
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  root: { type: 'string', default: '.' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

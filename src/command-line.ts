// A command's arguments -> option values, or one line saying what is wrong and what was meant.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command, OptionValues } from './command.js';
import { closestMatches } from './validate/did-you-mean.js';

export type ParsedCommandLine = { values: OptionValues; positionals: string[] } | { problem: string };

export function parseCommandLine(name: string, args: readonly string[], options: Command['options']): ParsedCommandLine {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (error) {
    const what = describe(error as Error & { code?: string }, options);
    return { problem: `digest ${name}: ${what}${what.endsWith('?') ? '' : '.'} See \`digest ${name} --help\`.` };
  }
}

function describe(error: Error & { code?: string }, options: Command['options']): string {
  const flag = /'(-{1,2}[^' =]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const known = Object.entries(options).flatMap(([long, option]) => [`--${long}`, ...(option.short ? [`-${option.short}`] : [])]);
    // A prefix (--out for --outdir) is the likeliest meaning; then the nearest by edit distance.
    const prefix = known.filter((candidate) => candidate.length > 3 && flag.startsWith(candidate)).sort((a, b) => b.length - a.length);
    const nearest = [...prefix, ...closestMatches(flag, known, 2)][0];
    return `unknown option ${flag}${nearest ? `; did you mean ${nearest}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    const option = options[flag.replace(/^-+/, '')];
    return option?.type === 'boolean' ? `${flag} takes no value` : `${flag} needs a value, as in ${flag} VALUE`;
  }
  return error.message.split('\n')[0] ?? error.message;
}

/** "unknown command", with the nearest command when there is one close enough. */
export function unknownCommandMessage(name: string, commands: readonly string[]): string {
  const [nearest] = closestMatches(name, commands, 1);
  return `digest: unknown command "${name}"${nearest ? `; did you mean \`digest ${nearest}\`?` : '.'} Run \`digest --help\` for the commands.`;
}

/** `npx digest <command>`, with --root when the site root is not the current folder: a hint that works where it is printed. */
export function rootedCommand(command: string, root: string): string {
  const relative = path.relative(process.cwd(), root);
  return relative === '' ? `npx digest ${command}` : `npx digest ${command} --root ${quoteArgument(relative)}`;
}

function quoteArgument(text: string): string {
  return /^[\w./@:+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

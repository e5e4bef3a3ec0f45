// argv -> command; prints the report; the only module that decides exit codes.
// 0 fine, 1 content errors, 2 usage errors, 70 an internal failure (a bug).
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { build } from './build.js';
import { formatReport, type ReportFormat } from './report.js';
import { UnsafeOutputError } from './write/write-output.js';

export const EXIT = { ok: 0, content: 1, usage: 2, internal: 70 } as const;

const ISSUES_URL = 'https://github.com/weekly-digest/weekly-digest/issues';

class UsageError extends Error {}

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const common = {
  root: { type: 'string', default: '.' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

const COMMANDS: Record<string, Command> = {
  build: {
    summary: 'build the site into dist/',
    usage: `digest build [--root DIR] [--out DIR] [--base-url URL] [--drafts] [--strict] [--no-cache]

Builds the site root's content/ into <root>/dist (or --out). The output is updated only when
the whole build succeeds, and then only the files whose bytes changed are written.

  --root DIR       site root holding content/ (default: .)
  --out DIR        output folder (default: <root>/dist)
  --base-url URL   absolute URL the site is served from, overriding site.yml's url
  --drafts         include issues marked draft: true
  --strict         warnings fail the build too
  --no-cache       neither read nor write <root>/.digest-cache/ (a cold build)`,
    options: { ...common, out: { type: 'string' }, 'base-url': { type: 'string' }, drafts: { type: 'boolean' }, strict: { type: 'boolean' }, 'no-cache': { type: 'boolean' } },
    async run(values) {
      const root = path.resolve(String(values.root));
      const started = performance.now();
      const result = await build({
        root,
        outDir: values.out === undefined ? undefined : path.resolve(String(values.out)),
        baseUrl: values['base-url'] as string | undefined,
        drafts: values.drafts === true,
        strict: values.strict === true,
        cache: values['no-cache'] !== true,
      });
      process.stderr.write(formatReport(result.files, 'text', { color: process.stderr.isTTY }));
      if (!result.ok) {
        process.stderr.write('build failed: nothing was written; the previous output is unchanged\n');
        return EXIT.content;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const { stats } = result;
      process.stdout.write(
        `built ${result.pages.length} pages into ${path.relative(process.cwd(), path.resolve(String(values.out ?? path.join(root, 'dist')))) || '.'} in ${seconds} s: ` +
          `${stats.rendered} rendered, ${stats.keptPages} unchanged; ${result.written} files written, ${stats.deleted} deleted; ${stats.parsed} files parsed\n`,
      );
      if (values.debug) process.stderr.write(`timings (ms): ${JSON.stringify(stats.timings)}; cache: ${stats.cache}\n`);
      return EXIT.ok;
    },
  },
  check: {
    summary: 'check the content and report every problem',
    usage: `digest check [--root DIR] [--format text|json|github] [--strict]

Checks every content file without writing anything. Problems are printed as
file:line:column  message  rule-id; the exit code is 1 when any is an error.

  --root DIR        site root holding content/ (default: .)
  --format FORMAT   text (default), json, or github (workflow annotations)
  --drafts          check draft issues as they would be built with --drafts
  --strict          warnings count as errors`,
    options: { ...common, format: { type: 'string', default: 'text' }, drafts: { type: 'boolean' }, strict: { type: 'boolean' } },
    async run(values) {
      const format = String(values.format);
      if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`unknown --format "${format}"; use text, json or github`);
      const result = await build({ root: path.resolve(String(values.root)), write: false, drafts: values.drafts === true, strict: values.strict === true });
      const output = formatReport(result.files, format as ReportFormat, { color: process.stdout.isTTY });
      if (format === 'text') {
        process.stderr.write(output);
        if (result.ok) process.stdout.write(`no errors in ${result.site?.issues.length ?? 0} issues\n`);
      } else {
        process.stdout.write(output);
      }
      return result.ok ? EXIT.ok : EXIT.content;
    },
  },
};

export function registerCommand(name: string, command: Command): void {
  COMMANDS[name] = command;
}

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`);
  return `digest: static site generator for a weekly digest

Usage: digest <command> [options]

Commands:
${lines.join('\n')}

Run \`digest <command> --help\` for a command's options.
Exit codes: 0 fine, 1 content errors, 2 usage errors, 70 internal error.
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await toolVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`digest: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT.usage;
  }
  const debug = rest.includes('--debug');
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (parsed.values.help) {
      process.stdout.write(`${command.usage}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`digest ${name}: ${error.message}\nRun \`digest ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof UnsafeOutputError) {
      process.stderr.write(`digest ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (debug) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.stderr.write(
      `digest ${name}: internal error: ${(error as Error).message ?? String(error)}. This is a bug in digest; please report it at ${ISSUES_URL}` +
        `${debug ? '' : ' (run again with --debug to see the stack trace)'}\n`,
    );
    return EXIT.internal;
  }
}

export async function toolVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export { UsageError };
export type { Command };

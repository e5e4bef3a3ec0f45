// argv -> command; prints the report; the only module that decides exit codes.
// 0 fine, 1 content errors, 2 usage errors (and a system that refuses the writes: a full disk,
// no permission, a read-only file system), 70 an internal failure (a bug).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from './build.js';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from './command.js';
import { parseCommandLine, rootedCommand, unknownCommandMessage } from './command-line.js';
import { listIssueFolders } from './load/list-issue-folders.js';
import type { Issue } from './model/types.js';
import { plural } from './plural.js';
import type { ReportFormat } from './report.js';
import type { VFile } from 'vfile';
import { isSystemFailure, OutputWriteError, systemReason } from './write/system-error.js';
import { UnsafeOutputError } from './write/write-output.js';
import { toolVersion } from './tool-version.js';

const ISSUES_URL = 'https://github.com/weekly-digest/weekly-digest/issues';

const common = COMMON_OPTIONS;

/**
 * The report of a run's messages. vfile-reporter (~40 ms to load) is loaded only when there is
 * something to report.
 */
async function formatReport(files: readonly VFile[], format: ReportFormat, options: Parameters<typeof import('./report.js').formatReport>[2]): Promise<string> {
  if (format === 'text' && files.every((file) => file.messages.length === 0)) return '';
  return (await import('./report.js')).formatReport(files, format, options);
}

const buildCommand: Command = {
  summary: 'build the site into dist/',
  usage: `digest build [--root DIR] [--out DIR] [--base-url URL] [--drafts] [--strict] [--no-cache]

Builds the site root's content/ into <root>/dist (or --out). The output is updated only when
the whole build succeeds, and then only the files whose bytes changed are written. When nothing
changed since the last build (content, templates, public/, options) and its output is as it
wrote it, the build says the output is up to date and repeats that build's warnings.
Look at the result with \`digest serve\`: the pages link by absolute paths, so a page opened
from disk has no styles or working links.

  --root DIR       site root holding content/ (default: .)
  --out DIR        output folder (default: <root>/dist)
  --base-url URL   absolute URL the site is served from, overriding site.yml's url
  --drafts         include issues marked draft: true
  --strict         warnings fail the build too
  --no-cache       neither read nor write <root>/.digest-cache/ (a cold build)`,
  options: { ...common, out: { type: 'string' }, 'base-url': { type: 'string' }, drafts: { type: 'boolean' }, strict: { type: 'boolean' }, 'no-cache': { type: 'boolean' } },
  async run(values) {
    const root = siteRoot(values.root);
    const baseUrl = values['base-url'] as string | undefined;
    const baseUrlProblem = baseUrl === undefined ? null : URL.canParse(baseUrl) ? (await import('./config.js')).siteUrlProblem(baseUrl) : 'it is not an absolute http(s) URL, such as https://example.org/digest/';
    if (baseUrlProblem) {
      throw new UsageError(`--base-url "${baseUrl}": ${baseUrlProblem}`);
    }
    const started = performance.now();
    const result = await build({
      root,
      outDir: values.out === undefined ? undefined : path.resolve(String(values.out)),
      baseUrl,
      drafts: values.drafts === true,
      strict: values.strict === true,
      cache: values['no-cache'] !== true,
    });
    process.stderr.write(await formatReport(result.files, 'text', { color: process.stderr.isTTY }));
    if (!result.ok) {
      process.stderr.write('build failed: nothing was written; the previous output is unchanged\n');
      return EXIT.content;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const { stats } = result;
    const into = path.relative(process.cwd(), path.resolve(String(values.out ?? path.join(root, 'dist')))) || '.';
    process.stdout.write(
      stats.upToDate
        ? `${into} is up to date: nothing changed since the last build of its ${plural(stats.keptPages, 'page')} (checked in ${seconds} s)\n`
        : `built ${plural(result.pages.length, 'page')} into ${into} in ${seconds} s: ` +
            `${stats.rendered} rendered, ${stats.keptPages} unchanged; ${plural(result.written, 'file')} written, ${stats.deleted} deleted; ${plural(stats.parsed, 'file')} parsed\n`,
    );
    process.stdout.write(viewHint(root, values.out === undefined ? null : into));
    if (values.debug) process.stderr.write(`timings (ms): ${JSON.stringify(stats.timings)}; cache: ${stats.cache}\n`);
    return EXIT.ok;
  },
};

const checkCommand: Command = {
  summary: 'check the content and report every problem',
  usage: `digest check [--root DIR] [--format text|json|github] [--drafts] [--strict]

Checks every content file without writing anything. Problems are printed as
file:line:column  message  rule-id; the exit code is 1 when any is an error.

  --root DIR        site root holding content/ (default: .)
  --format FORMAT   text (default), json, or github (workflow annotations)
  --drafts          check the site with drafts included, as build --drafts makes it
                    (a draft's own files are checked either way)
  --strict          warnings count as errors`,
  options: { ...common, format: { type: 'string', default: 'text' }, drafts: { type: 'boolean' }, strict: { type: 'boolean' } },
  async run(values) {
    const format = String(values.format);
    if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`unknown --format "${format}"; use text, json or github`);
    const root = siteRoot(values.root);
    const result = await build({ root, write: false, drafts: values.drafts === true, strict: values.strict === true });
    const annotationPrefix = path.relative(process.cwd(), root).split(path.sep).join('/');
    const output = await formatReport(result.files, format as ReportFormat, { color: format === 'text' && process.stderr.isTTY, annotationPrefix });
    if (format === 'text') {
      process.stderr.write(output);
      if (result.ok) process.stdout.write(await checkedSummary(root, result.site?.issues ?? [], values.drafts === true));
    } else {
      process.stdout.write(output);
    }
    return result.ok ? EXIT.ok : EXIT.content;
  },
};

/**
 * Each command's module, loaded when that command runs: a build never loads the code of dev,
 * serve, new, import, init or newsletter (together ~250 ms of a cold start, and the mail
 * libraries are loaded only by newsletter's run).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  build: async () => buildCommand,
  check: async () => checkCommand,
  dev: async () => (await import('./dev/dev-command.js')).devCommand,
  serve: async () => (await import('./dev/serve-command.js')).serveCommand,
  new: async () => (await import('./new/new-command.js')).newCommand,
  import: async () => (await import('./import/import-command.js')).importCommand,
  init: async () => (await import('./init/init-command.js')).initCommand,
  newsletter: async () => (await import('./newsletter/newsletter-command.js')).newsletterCommand,
};

/** How to look at a build: its pages link from the host's root, so index.html opened from disk shows no styles or links. */
function viewHint(root: string, out: string | null): string {
  const serve = `${rootedCommand('serve', root)}${out === null ? '' : ` --out ${/^[\w./@:+-]+$/.test(out) ? out : JSON.stringify(out)}`}`;
  return `look at it with \`${serve}\` (its pages link by absolute paths, which a file opened from disk cannot follow)\n`;
}

/**
 * What a clean check covered. A draft's files are checked either way, but the site is checked as
 * \`digest build\` makes it, without drafts, so a fresh site (its only issue a draft) would read
 * "0 issues": the drafts are counted apart, with the command that checks the site with them.
 */
async function checkedSummary(root: string, issues: readonly Issue[], drafts: boolean): Promise<string> {
  if (drafts) {
    const draftCount = issues.filter((issue) => issue.draft).length;
    return `no errors in ${plural(issues.length, 'issue')}${draftCount > 0 ? ` (drafts included: ${draftCount})` : ''}\n`;
  }
  const draftCount = (await listIssueFolders(path.join(root, 'content', 'issues'))).length - issues.length;
  if (draftCount <= 0) return `no errors in ${plural(issues.length, 'issue')}\n`;
  return (
    `no errors in ${plural(issues.length, 'published issue')} and ${plural(draftCount, 'draft')}\n` +
    `${draftCount === 1 ? 'the draft is' : 'drafts are'} left out of the site \`digest build\` makes; \`${rootedCommand('check --drafts', root)}\` checks the site with drafts included\n`
  );
}

/** Commands that work on an existing site root: without its content/ they stop before touching anything. */
const SITE_COMMANDS = new Set(['build', 'check', 'dev', 'serve', 'new', 'import', 'newsletter']);

/** --root, resolved; a folder that does not exist is a usage error, not a content error. */
function siteRoot(value: string | boolean | undefined): string {
  const root = path.resolve(String(value ?? '.'));
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${String(value)}: no such folder`);
  return root;
}

/** One plain line when `root` is not a site root (no content/ in it), else null. */
function notASiteRoot(name: string, value: string | boolean | undefined): string | null {
  const root = siteRoot(value);
  if (existsSync(path.join(root, 'content'))) return null;
  const shown = path.relative(process.cwd(), root) || '.';
  return `digest ${name}: ${shown === '.' ? 'this folder' : shown} is not a site root: it has no content/ folder; run this in a site root, pass --root DIR, or start a new site with \`digest init DIR\``;
}

async function mainHelp(): Promise<string> {
  const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, await load()] as const));
  const lines = commands.map(([name, command]) => `  ${name.padEnd(10)}  ${command.summary}`);
  return `digest: static site generator for a weekly digest

Usage: digest <command> [options]

Commands:
${lines.join('\n')}

Run \`digest <command> --help\` for a command's options. Every command also takes --debug
(an internal error's stack trace; build: the time of each step). \`digest --version\` prints
the version.
Exit codes: 0 fine, 1 content errors, 2 usage errors, 70 internal error.
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await toolVersion()}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`${unknownCommandMessage(name, Object.keys(COMMANDS))}\n`);
    return EXIT.usage;
  }
  const debug = rest.includes('--debug');
  catchStrayErrors(name, debug);
  try {
    const command = await load();
    const parsed = parseCommandLine(name, rest, command.options);
    if ('problem' in parsed) {
      process.stderr.write(`${parsed.problem}\n`);
      return EXIT.usage;
    }
    if (parsed.values.help) {
      process.stdout.write(`${command.usage}\n`);
      return EXIT.ok;
    }
    if (SITE_COMMANDS.has(name)) {
      const notSite = notASiteRoot(name, parsed.values.root);
      if (notSite) {
        process.stderr.write(`${notSite}\n`);
        return EXIT.usage;
      }
    }
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`digest ${name}: ${error.message}\nRun \`digest ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof UnsafeOutputError || error instanceof OutputWriteError) {
      process.stderr.write(`digest ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (isSystemFailure(error)) {
      // The disk or the folders (full, read-only, not ours), not digest: said as the system says it.
      process.stderr.write(`digest ${name}: cannot ${error.syscall ?? 'use'} ${error.path ?? 'a file'}: ${systemReason(error)}\n`);
      return EXIT.usage;
    }
    reportInternalError(name, error, debug);
    return EXIT.internal;
  }
}

/** One line saying it is a bug and where to report it, whatever the error holds; the stack only with --debug. */
function reportInternalError(name: string, error: unknown, debug: boolean): void {
  if (debug) process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  const what = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(
    `digest ${name}: internal error: ${what}. This is a bug in digest; please report it at ${ISSUES_URL}` +
      `${debug ? '' : ' (run again with --debug to see the stack trace)'}\n`,
  );
}

/** Errors thrown outside any await (a library's callback) would otherwise print Node's stack trace. */
function catchStrayErrors(name: string, debug: boolean): void {
  const handle = (error: unknown) => {
    reportInternalError(name, error, debug);
    process.exit(EXIT.internal);
  };
  process.once('uncaughtException', handle);
  process.once('unhandledRejection', handle);
}


export { EXIT, UsageError };
export type { Command };

// `digest import FILE...`: plain-text digest pages -> issue folders. A thin IO layer: read each
// page, parse it and check its files (pure), write its folder only when nothing was lost, check
// would accept every file and no issue is in the way.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { loadConfig, type SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { listIssueFolders } from '../load/list-issue-folders.js';
import { readIssueFolder } from '../load/read-issue-folder.js';
import { readSiteFile } from '../load/read-site-file.js';
import type { CalendarDate } from '../calendar-date.js';
import { overlappingIssue } from '../model/issue-weeks.js';
import { loadParsers } from '../parse/parsers.js';
import { plural } from '../plural.js';
import { formatReport } from '../report.js';
import { FolderExistsError, writeIssueFolder } from '../write/write-issue-folder.js';
import { checkIssueFiles } from './check-issue-files.js';
import { folderDifferences } from './compare-issue-folder.js';
import { issueFiles, issueFolderPath, type IssueFile } from './issue-files.js';
import { parseDigestText } from './parse-digest-text.js';

export const importCommand: Command = {
  summary: 'turn plain-text digest pages into issue folders',
  usage: `digest import FILE... [--root DIR] [--into DIR] [--year YYYY] [--dry-run]

Reads digest pages saved as plain text from the old site (one page a FILE) and writes one
issue folder for each: index.md (editor, original URL, publication day) and one NN-slug.md
per news entry (title, section, region, sources, text; authors and citation for research).

  --root DIR     site root whose content/site.yml names the sections (default: .)
  --into DIR     issues folder to write into (default: <root>/content/issues); the issue
                 goes to DIR/YYYY/YYYY-MM-DD/
  --year YYYY    the year the week starts in, when the page's article URL (文章来源:)
                 has no /YYYY/MMDD/ in it
  --dry-run      show the files each page would give, and write nothing

Sections are matched by their Chinese titles in site.yml (一、政策参考, 中央政策, …).
Every line that cannot be placed is reported as FILE:line; such a page is not imported.
So is a page whose files digest check would refuse (over 8 MB, more than 999 entries).
A page whose folder holds exactly what it would write is skipped, so the same command can
be run again after fixing some pages. A folder that holds anything else is never touched
(move it away to import the page again), and a week that overlaps another issue is refused.
Exit code 0 when every page was imported or skipped, 1 when any was not.`,
  options: { ...COMMON_OPTIONS, into: { type: 'string' }, year: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(values, positionals) {
    if (positionals.length === 0) throw new UsageError('give at least one FILE to import');
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !/^\d{4}$/.test(String(values.year))) throw new UsageError(`--year "${values.year}" is not a year such as 2022`);
    const root = path.resolve(String(values.root));
    const into = path.resolve(values.into === undefined ? path.join(root, 'content', 'issues') : String(values.into));

    const siteFile = await readSiteFile(root);
    const config = siteFile ? loadConfig(siteFile, {}) : null;
    if (!siteFile || !config) {
      if (siteFile) process.stderr.write(formatReport([siteFile], 'text', { color: process.stderr.isTTY }));
      else process.stderr.write(`digest import: no content/site.yml in ${root}; it names the sections to import into. Run this in a site root or pass --root DIR\n`);
      return EXIT.content;
    }

    const pages = await Promise.all(positionals.map(readPage));
    await loadParsers();
    const dryRun = values['dry-run'] === true;
    const context: ImportContext = { config, into, year, dryRun, existing: await listIssueFolders(into), planned: new Map() };
    const counts = { imported: 0, skipped: 0, failed: 0 };
    for (const page of pages) {
      const outcome = await importPage(page, context);
      counts[outcome.kind]++;
      if (outcome.kind === 'skipped') process.stdout.write(`skipped ${page.path}: ${displayPath(outcome.folder)} holds this import already\n`);
      if (outcome.kind !== 'imported') continue;
      const verb = dryRun ? 'would import' : 'imported';
      process.stdout.write(`${verb} ${page.path} -> ${displayPath(outcome.folder)} (${plural(outcome.files.length - 1, 'entry', 'entries')})\n`);
      if (dryRun) for (const file of outcome.files) process.stdout.write(`  ${displayPath(path.join(outcome.folder, file.path))}  ${byteSize(file.contents)}\n`);
    }
    process.stderr.write(formatReport(pages, 'text', { color: process.stderr.isTTY }));
    process.stdout.write(`${summary(counts, dryRun)}\n`);
    if (counts.failed > 0) process.stderr.write(`${counts.failed} of ${plural(pages.length, 'page')} not imported; see the problems above, fix them and run the import again\n`);
    return counts.failed > 0 ? EXIT.content : EXIT.ok;
  },
};

interface ImportContext {
  config: SiteConfig;
  into: string;
  year: number | undefined;
  dryRun: boolean;
  /** Week starts of the issue folders in `into`, with those imported in this run. */
  existing: CalendarDate[];
  /** The files imported (or, in a dry run, to be imported) in this run, by week start. */
  planned: Map<CalendarDate, IssueFile[]>;
}

type Outcome = { kind: 'failed' } | { kind: 'skipped'; folder: string } | { kind: 'imported'; folder: string; files: IssueFile[] };

/**
 * One page: parsed, its files made and checked as digest check would, then written unless its
 * folder holds them already (skipped) or holds something else, or the week overlaps another issue.
 */
async function importPage(page: VFile, context: ImportContext): Promise<Outcome> {
  const { config, into, existing, planned } = context;
  const issue = parseDigestText(page, { config, year: context.year });
  if (!issue) return { kind: 'failed' };
  const relative = issueFolderPath(issue.start);
  const folder = path.join(into, ...relative.split('/'));
  const files = issueFiles(issue);
  if (!checkIssueFiles({ page, files, folder: relative, config })) return { kind: 'failed' };
  if (existing.includes(issue.start)) {
    let existingFiles: ReadonlyMap<string, Uint8Array | null>;
    try {
      existingFiles = planned.has(issue.start) ? asBytes(planned.get(issue.start)!) : await readIssueFolder(folder);
    } catch (error) {
      report(page, 'error', `cannot read ${displayPath(folder)} to compare it with this page: ${systemReason(error)}`, 'import-write', { line: issue.lines.week, column: 1 });
      return { kind: 'failed' };
    }
    const differences = folderDifferences(existingFiles, files);
    if (differences.length === 0) return { kind: 'skipped', folder };
    const listed = differences.length > 3 ? `${differences.slice(0, 3).join(', ')} and ${differences.length - 3} more` : differences.join(', ');
    report(page, 'error', `${displayPath(folder)} exists and differs from what this page imports (${listed}); it is left as it is. To import the page again, move that folder away first`, 'import-conflict', { line: issue.lines.week, column: 1 });
    return { kind: 'failed' };
  }
  const other = overlappingIssue(existing, issue.start, issue.end);
  if (other !== null) {
    report(page, 'error', `the week ${issue.start}..${issue.end} overlaps the issue of ${other}; refusing to import it`, 'import-conflict', { line: issue.lines.week, column: 1 });
    return { kind: 'failed' };
  }
  if (!context.dryRun) {
    try {
      await writeIssueFolder(folder, files);
    } catch (error) {
      if (error instanceof FolderExistsError) report(page, 'error', error.message, 'import-conflict', { line: issue.lines.week, column: 1 });
      else if (typeof (error as NodeJS.ErrnoException).code === 'string') report(page, 'error', `cannot write ${displayPath(folder)}: ${systemReason(error)}; nothing of this page was written`, 'import-write', { line: issue.lines.week, column: 1 });
      else throw error;
      return { kind: 'failed' };
    }
  }
  existing.push(issue.start);
  planned.set(issue.start, files);
  return { kind: 'imported', folder, files };
}

/** "permission denied, mkdir '…' (EACCES)": what the system said, and where. */
function systemReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = message.replace(/^[A-Z]+: /, '');
  return code ? `${reason} (${code})` : reason;
}

function asBytes(files: readonly IssueFile[]): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  return new Map(files.map((file) => [file.path, encoder.encode(file.contents)]));
}

function summary(counts: { imported: number; skipped: number; failed: number }, dryRun: boolean): string {
  const parts = [`${plural(counts.imported, 'page')} ${dryRun ? 'would be imported' : 'imported'}`];
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped (imported already)`);
  if (counts.failed > 0) parts.push(`${counts.failed} not imported`);
  return `${parts.join(', ')}${dryRun ? '; dry run: nothing was written' : ''}`;
}

function byteSize(text: string): string {
  const bytes = Buffer.byteLength(text);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Pages saved from old Chinese sites are often GB18030 (GBK): read those too, with a warning. */
async function readPage(name: string): Promise<VFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(name);
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return new VFile({ path: name, value: utf8.decode(bytes) });
  } catch {
    const page = new VFile({ path: name, value: new TextDecoder('gb18030').decode(bytes) });
    report(page, 'warning', 'file is not UTF-8; it was read as GB18030 (GBK)', 'encoding');
    return page;
  }
}

function displayPath(absolute: string): string {
  return path.relative(process.cwd(), absolute) || '.';
}

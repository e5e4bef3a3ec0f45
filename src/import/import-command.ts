// `digest import FILE...`: plain-text digest pages -> issue folders. A thin IO layer: read each
// page, parse it (pure), write its folder only when nothing was lost and no issue is in the way.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { loadConfig, type SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { listIssueFolders } from '../load/list-issue-folders.js';
import { readSiteFile } from '../load/read-site-file.js';
import { overlappingIssue } from '../model/issue-weeks.js';
import { formatReport } from '../report.js';
import { FolderExistsError, writeIssueFolder } from '../write/write-issue-folder.js';
import { issueFiles, issueFolderPath } from './issue-files.js';
import { parseDigestText } from './parse-digest-text.js';

export const importCommand: Command = {
  summary: 'turn plain-text digest pages into issue folders',
  usage: `digest import FILE... [--root DIR] [--into DIR] [--year YYYY]

Reads digest pages saved as plain text from the old site (one page a FILE) and writes one
issue folder for each: index.md (editor, original URL, publication day) and one NN-slug.md
per news entry (title, section, region, sources, text; authors and citation for research).

  --root DIR     site root whose content/site.yml names the sections (default: .)
  --into DIR     issues folder to write into (default: <root>/content/issues); the issue
                 goes to DIR/YYYY/YYYY-MM-DD/
  --year YYYY    the year the week starts in, when the page's article URL (文章来源:)
                 has no /YYYY/MMDD/ in it

Sections are matched by their Chinese titles in site.yml (一、政策参考, 中央政策, …).
Every line that cannot be placed is reported as FILE:line; such a page is not imported.
An existing folder is never overwritten, and a week that overlaps an existing issue is
refused. Exit code 0 when every page was imported, 1 when any was not.`,
  options: { ...COMMON_OPTIONS, into: { type: 'string' }, year: { type: 'string' } },
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
    const existing = await listIssueFolders(into);
    let failed = 0;
    for (const page of pages) {
      const imported = await importPage(page, config, into, existing, year);
      if (imported === null) failed++;
      else {
        existing.push(imported.start);
        process.stdout.write(`imported ${page.path} -> ${displayPath(imported.folder)} (${imported.entries} entries)\n`);
      }
    }
    process.stderr.write(formatReport(pages, 'text', { color: process.stderr.isTTY }));
    if (failed > 0) process.stderr.write(`${failed} of ${pages.length} pages not imported; see the problems above, fix them and run the import again\n`);
    return failed > 0 ? EXIT.content : EXIT.ok;
  },
};

async function importPage(page: VFile, config: SiteConfig, into: string, existing: readonly string[], year: number | undefined) {
  const issue = parseDigestText(page, { config, year });
  if (!issue) return null;
  const folder = path.join(into, ...issueFolderPath(issue.start).split('/'));
  const other = overlappingIssue(existing, issue.start, issue.end);
  if (other !== null) {
    const reason = other === issue.start ? `${displayPath(folder)} exists already; refusing to overwrite it` : `the week ${issue.start}..${issue.end} overlaps the issue of ${other}; refusing to import it`;
    report(page, 'error', reason, 'import-conflict');
    return null;
  }
  try {
    await writeIssueFolder(folder, issueFiles(issue));
  } catch (error) {
    if (!(error instanceof FolderExistsError)) throw error;
    report(page, 'error', error.message, 'import-conflict');
    return null;
  }
  return { start: issue.start, folder, entries: issue.entries.length };
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

// `digest new`: the folder for next week's issue, from the scaffold. IO: reads the issue folders
// and the clock, writes the new folder (never over an existing one).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { rootedCommand } from '../command-line.js';
import { loadConfig } from '../config.js';
import { listIssueFolders } from '../load/list-issue-folders.js';
import { readSiteFile } from '../load/read-site-file.js';
import { addDays, parseCalendarDate, weekday, type CalendarDate } from '../calendar-date.js';
import { overlappingIssue } from '../model/issue-weeks.js';
import { parseDocument } from '../parse/parse-document.js';
import { loadParsers } from '../parse/parsers.js';
import { plural } from '../plural.js';
import { formatReport } from '../report.js';
import { FolderExistsError, writeIssueFolder } from '../write/write-issue-folder.js';
import { nextWeek, scaffoldIssue } from './scaffold-issue.js';

export const newCommand: Command = {
  summary: "scaffold next week's issue folder",
  usage: `digest new [--root DIR] [--week YYYY-MM-DD]

Creates content/issues/YYYY/YYYY-MM-DD/ for the week after the latest issue (or, with no
issue yet, for this week), holding index.md and one commented example entry per section
of site.yml. The issue is a draft: \`digest dev\` shows it, \`digest build\` leaves it out
until the line \`draft: true\` is deleted. An existing folder is never overwritten.

  --root DIR          site root holding content/ (default: .)
  --week YYYY-MM-DD   the week's first day (normally a Monday) instead of the next week`,
  options: { ...COMMON_OPTIONS, week: { type: 'string' } },
  async run(values) {
    const root = path.resolve(String(values.root));
    let week: CalendarDate | null = null;
    if (values.week !== undefined) {
      week = parseCalendarDate(String(values.week));
      if (!week) throw new UsageError(`--week "${values.week}" is not a real date written as YYYY-MM-DD`);
    }
    const made = await createIssue(root, week);
    if (!made.ok) {
      process.stderr.write(made.report ?? `digest new: ${made.message}\n`);
      return EXIT.content;
    }
    if (made.warning) process.stderr.write(`digest new: warning: ${made.warning}\n`);
    const shown = path.relative(process.cwd(), made.folder) || '.';
    process.stdout.write(`created ${shown}/ with index.md and ${plural(made.examples, 'example entry', 'example entries')} (a draft: see it with \`${devHint(root)}\`)\n`);
    return EXIT.ok;
  },
};

export type CreatedIssue =
  | { ok: true; folder: string; start: CalendarDate; examples: number; warning?: string }
  | { ok: false; message: string; report?: string };

/**
 * Scaffolds the issue of `week` (default: the week after the latest issue, or this week) in the
 * site root `root`, as \`digest new\` does; \`digest init\` makes a new site's first issue with it.
 */
export async function createIssue(root: string, week: CalendarDate | null): Promise<CreatedIssue> {
  const siteFile = await readSiteFile(root);
  const config = siteFile ? loadConfig(siteFile) : null;
  if (!siteFile || !config) {
    if (siteFile) return { ok: false, message: 'content/site.yml has errors', report: formatReport([siteFile], 'text', { color: process.stderr.isTTY }) };
    return { ok: false, message: `no content/site.yml in ${root}; run this in a site root or pass --root DIR` };
  }
  const issuesDir = path.join(root, 'content', 'issues');
  const existing = await listIssueFolders(issuesDir);
  const start = week ?? nextWeek(existing, localToday());
  const folder = path.join(issuesDir, start.slice(0, 4), start);
  const other = overlappingIssue(existing, start, addDays(start, 6));
  if (other === start) return { ok: false, message: `${path.relative(process.cwd(), folder) || '.'} exists already; refusing to overwrite it` };
  if (other !== null) return { ok: false, message: `the week ${start} overlaps the issue of ${other}; choose another --week` };
  const files = scaffoldIssue({ config, start, number: await nextNumber(issuesDir, existing, start) });
  try {
    await writeIssueFolder(folder, files);
  } catch (error) {
    if (!(error instanceof FolderExistsError)) throw error;
    return { ok: false, message: error.message };
  }
  const warning = weekday(start) !== 1 ? `${start} is not a Monday; issues are named by the Monday of their week` : undefined;
  return { ok: true, folder, start, examples: files.length - 1, ...(warning ? { warning } : {}) };
}

/** The command that shows the site with its drafts, wherever the editor runs it from. */
export function devHint(root: string): string {
  return rootedCommand('dev', root);
}

/** The latest issue's number + 1, when the new week comes after every issue and that one has a number. */
async function nextNumber(issuesDir: string, existing: readonly CalendarDate[], start: CalendarDate): Promise<number | null> {
  const latest = existing.at(-1);
  if (latest === undefined || latest > start) return null;
  try {
    await loadParsers();
    const parsed = parseDocument(await readFile(path.join(issuesDir, latest.slice(0, 4), latest, 'index.md')));
    return Number.isInteger(parsed.data.number) ? (parsed.data.number as number) + 1 : null;
  } catch {
    return null;
  }
}

/** Today on the editor's calendar (the machine's time zone), as YYYY-MM-DD. */
function localToday(): CalendarDate {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

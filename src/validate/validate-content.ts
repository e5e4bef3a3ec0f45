// All content files -> validated issues, every problem reported on its file. Per-file checks
// first, then the rules that need several files (duplicates, overlaps, links). Every check runs
// even when others failed, so one run shows an editor every problem.
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { classifyContentPath } from '../parse/classify.js';
import type { ContentFile } from '../parse/content-file.js';
import { isReadable, type ParsedDocument } from '../parse/parse-document.js';
import type { Entry, ValidIssue } from './records.js';
import { checkContentLinks } from './rules/content-links.js';
import { checkDuplicateIssueNumbers } from './rules/duplicate-issue-number.js';
import { checkDuplicateEntries } from './rules/duplicate-entries.js';
import { checkOverlappingIssues } from './rules/overlapping-issues.js';
import { checkScaffoldExamples } from './rules/scaffold-example.js';
import { validateEntry } from './validate-entry.js';
import { validateIssue, validateIssueFolder, type IssueFields } from './validate-issue.js';
import type { CalendarDate } from '../calendar-date.js';

interface FolderGroup {
  yearFolder: string;
  folderName: string;
  index: ContentFile | null;
  entries: { content: ContentFile; fileName: string }[];
  assets: string[];
  files: VFile[];
}

/** `config` is null when site.yml is broken: the files are still checked as far as they can be. */
export function validateContent(config: SiteConfig | null, files: readonly ContentFile[]): ValidIssue[] {
  const folders = new Map<string, FolderGroup>();
  for (const content of files) {
    for (const problem of content.parsed?.problems ?? []) report(content.file, problem.warning ? 'warning' : 'error', problem.reason, problem.ruleId, problem.place);
    const kind = classifyContentPath(content.file.path);
    if (kind.kind === 'unknown') {
      report(content.file, 'error', 'this file is not part of the content format: issues live in content/issues/YYYY/YYYY-MM-DD/ (index.md, NN-slug.md entries and their images); move or delete it', 'unknown-file');
      continue;
    }
    let folder = folders.get(kind.issueFolder);
    if (!folder) {
      const yearFolder = kind.issueFolder.split('/')[2] ?? '';
      folder = { yearFolder, folderName: kind.folderName, index: null, entries: [], assets: [], files: [] };
      folders.set(kind.issueFolder, folder);
    }
    folder.files.push(content.file);
    if (kind.kind === 'issue-index') folder.index = content;
    else if (kind.kind === 'entry') folder.entries.push({ content, fileName: kind.fileName });
    else folder.assets.push(kind.fileName);
  }

  const issues: ValidIssue[] = [];
  for (const folder of folders.values()) {
    const issue = checkedFolder(folder, config);
    if (issue) issues.push(issue);
  }
  issues.sort((a, b) => (a.fields.id < b.fields.id ? -1 : 1));
  checkDuplicateIssueNumbers(issues);
  checkOverlappingIssues(issues);
  checkContentLinks(files);
  return issues;
}

/** One issue folder: its index, its entries, the rules inside one folder. */
function checkFolder(folder: FolderGroup, config: SiteConfig | null): ValidIssue | null {
  const anchorFile = folder.index?.file ?? folder.files[0]!;
  const start = validateIssueFolder(anchorFile, folder.folderName, folder.yearFolder);
  const index = folder.index?.parsed && isReadable(folder.index.parsed) ? folder.index.parsed : null;
  const fields = validatedIssue(anchorFile, index, config?.title ?? '', folder.folderName, start);
  const entries: Entry[] = [];
  for (const { content, fileName } of folder.entries) {
    if (!content.parsed || !isReadable(content.parsed)) continue;
    const entry = validatedEntry(content.file, content.parsed, config, folder.folderName, fileName);
    if (entry) entries.push(entry);
  }
  checkDuplicateEntries(folder.entries.map(({ content, fileName }) => ({ file: content.file, fileName })));
  if (fields && !fields.draft) {
    checkScaffoldExamples(folder.entries.flatMap(({ content }) => (content.parsed && isReadable(content.parsed) ? [{ file: content.file, parsed: content.parsed }] : [])));
  }
  if (!fields || !config) return null;
  const order = new Map(config.sectionOrder.map((path, index) => [path, index]));
  entries.sort((a, b) => order.get(a.section)! - order.get(b.section)! || a.order - b.order || a.slug.localeCompare(b.slug));
  return {
    fields,
    entries,
    assets: folder.assets.sort(),
    indexFile: folder.index?.file ?? null,
    anchorFile,
    sourcePaths: folder.files.map((file) => file.path),
  };
}

interface CheckedFolder {
  signature: unknown[];
  issue: ValidIssue | null;
  /** The messages the check left on each of the folder's files, in order. */
  messages: VFile['messages'][];
}

/**
 * A folder whose files have the same parse results (so the same bytes), names and order as when
 * it was last checked, under the same site.yml title and sections, checks the same: its issue is
 * taken as it was (with this build's files), its messages reported again on them. A long-lived
 * builder then checks only the folders an edit touched. Keyed by a parse result of the folder
 * (two folders' index.md may have the same bytes, so the same one) and the folder's path.
 */
const checkedFolders = new WeakMap<object, Map<string, CheckedFolder>>();

function checkedFolder(folder: FolderGroup, config: SiteConfig | null): ValidIssue | null {
  const dataOf = (content: ContentFile | null): object | null => (content?.parsed && isReadable(content.parsed) ? content.parsed.data : null);
  const owner = dataOf(folder.index) ?? folder.entries.map(({ content }) => dataOf(content)).find((data) => data !== null) ?? null;
  if (owner === null) return checkFolder(folder, config);
  const signature: unknown[] = [config === null ? null : `${config.title}\u0001${sectionsKey(config)}`, folder.yearFolder, folder.folderName, dataOf(folder.index)];
  for (const { content, fileName } of folder.entries) signature.push(fileName, dataOf(content));
  for (const asset of folder.assets) signature.push(asset);
  for (const file of folder.files) signature.push(file.path);
  const path = `${folder.yearFolder}/${folder.folderName}`;
  let byPath = checkedFolders.get(owner);
  if (!byPath) checkedFolders.set(owner, (byPath = new Map()));
  const known = byPath.get(path);
  if (known && known.signature.length === signature.length && known.signature.every((part, i) => part === signature[i])) {
    folder.files.forEach((file, i) => {
      if (known.messages[i]!.length > 0) file.messages.push(...known.messages[i]!);
    });
    if (!known.issue) return null;
    const anchorFile = folder.index?.file ?? folder.files[0]!;
    return { ...known.issue, indexFile: folder.index?.file ?? null, anchorFile };
  }
  const before = folder.files.map((file) => file.messages.length);
  const issue = checkFolder(folder, config);
  byPath.set(path, { signature, issue, messages: folder.files.map((file, i) => file.messages.slice(before[i])) });
  return issue;
}

interface Checked<T> {
  key: string;
  result: T;
  messages: VFile['messages'];
}

/**
 * A file checks the same for the same frontmatter (the parse result, which a long-lived builder
 * keeps while the file's bytes stay the same) and the same surroundings (`key`): the earlier
 * result is taken, its messages reported again on this build's file. Results are never changed
 * after they are made, so the same one may be in several builds' sites.
 */
const checked = new WeakMap<object, Checked<unknown>>();
const sectionKeys = new WeakMap<SiteConfig, string>();

function checkedOnce<T>(owner: object, key: string, file: VFile, check: () => T): T {
  const known = checked.get(owner);
  if (known?.key === key) {
    file.messages.push(...known.messages);
    return known.result as T;
  }
  const before = file.messages.length;
  const result = check();
  checked.set(owner, { key, result, messages: file.messages.slice(before) });
  return result;
}

function validatedEntry(file: VFile, parsed: ParsedDocument, config: SiteConfig | null, issueId: string, fileName: string): Entry | null {
  const key = `${file.path}\u0001${issueId}\u0001${fileName}\u0001${config === null ? '' : sectionsKey(config)}`;
  return checkedOnce(parsed.data, key, file, () => validateEntry(file, parsed, config, issueId, fileName));
}

/** The folder's start date is part of the key: it is checked apart, from the folder name. */
function validatedIssue(file: VFile, index: ParsedDocument | null, siteTitle: string, folderName: string, start: CalendarDate | null): IssueFields | null {
  if (index === null) return validateIssue(file, index, siteTitle, folderName, start);
  const key = `${file.path}\u0001${siteTitle}\u0001${folderName}\u0001${start ?? ''}`;
  return checkedOnce(index.data, key, file, () => validateIssue(file, index, siteTitle, folderName, start));
}

function sectionsKey(config: SiteConfig): string {
  let key = sectionKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify([...config.sectionByPath].map(([path, section]) => [path, section.id, section.title, section.children.map((child) => child.path)]));
    sectionKeys.set(config, key);
  }
  return key;
}

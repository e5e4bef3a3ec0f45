// All content files -> validated issues, every problem reported on its file. Per-file checks
// first, then the rules that need several files (duplicates, overlaps, links). Every check runs
// even when others failed, so one run shows an editor every problem.
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { classifyContentPath, type ContentKind } from '../parse/classify.js';
import { linkTargetPaths } from '../parse/link-target.js';
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
  assetContents: ContentFile[];
  files: VFile[];
}

/**
 * What a long-lived builder's last validation made, for its next one: a folder none of whose
 * files changed (the same ContentFile objects, which the parse step keeps for unchanged files)
 * is not looked at again, and the messages it left are reported again on its files.
 */
export interface ValidationMemo {
  last: {
    configKey: string | null;
    files: readonly ContentFile[];
    byPath: Map<string, ContentFile>;
    folders: Map<string, FolderRun>;
    /** Files that are no part of the format, by path. */
    unknown: Map<string, ContentFile>;
    /** The content paths each linking Markdown file's links lead to. */
    linking: Map<string, readonly string[]>;
    /** What the link check left on each file that it left something on, by path. */
    linkMessages: Map<string, VFile['messages']>;
  } | null;
}

export const emptyValidationMemo = (): ValidationMemo => ({ last: null });

interface FolderRun {
  group: FolderGroup;
  issue: ValidIssue | null;
  /** What the file's own problems and the folder's check left on each file, where they left something. */
  messages: [VFile, VFile['messages']][];
}

/** `config` is null when site.yml is broken: the files are still checked as far as they can be. */
export function validateContent(config: SiteConfig | null, files: readonly ContentFile[], memo: ValidationMemo = emptyValidationMemo()): ValidIssue[] {
  const configKey = config === null ? null : `${config.title}\u0001${sectionsKey(config)}`;
  const known = memo.last && memo.last.configKey === configKey ? memo.last : null;
  const diff = known ? changedContents(known, files) : null;
  const state = diff && known ? known : { configKey, files, byPath: new Map(files.map((content) => [content.file.path, content])), folders: new Map<string, FolderRun>(), unknown: new Map<string, ContentFile>(), linking: new Map<string, readonly string[]>(), linkMessages: new Map<string, VFile['messages']>() };
  const changed = diff ? diff.changed : files;
  const removed = diff ? diff.removed : [];

  // The folders to check again, with their files by path: those with a file changed, added or removed.
  const touched = new Map<string, Map<string, ContentFile>>();
  const touch = (issueFolder: string): Map<string, ContentFile> => {
    let kept = touched.get(issueFolder);
    if (!kept) {
      const before = state.folders.get(issueFolder)?.group;
      kept = new Map(before ? [...(before.index ? [before.index] : []), ...before.entries.map(({ content }) => content), ...before.assetContents].map((content) => [content.file.path, content]) : []);
      touched.set(issueFolder, kept);
    }
    return kept;
  };
  for (const filePath of removed) {
    state.byPath.delete(filePath);
    state.unknown.delete(filePath);
    state.linking.delete(filePath);
    state.linkMessages.delete(filePath);
    const kind = classifyContentPath(filePath);
    if (kind.kind !== 'unknown') touch(kind.issueFolder).delete(filePath);
  }
  for (const content of changed) {
    const filePath = content.file.path;
    if (diff) state.byPath.set(filePath, content);
    const kind = classifyContentPath(filePath);
    if (kind.kind === 'unknown') state.unknown.set(filePath, content);
    else touch(kind.issueFolder).set(filePath, content);
  }
  state.files = files;

  for (const [issueFolder, run] of state.folders) {
    if (touched.has(issueFolder)) continue;
    for (const [file, messages] of run.messages) file.messages.push(...messages);
  }
  for (const content of state.unknown.values()) {
    reportProblems(content);
    report(content.file, 'error', 'this file is not part of the content format: issues live in content/issues/YYYY/YYYY-MM-DD/ (index.md, NN-slug.md entries and their images); move or delete it', 'unknown-file');
  }
  for (const [issueFolder, byPath] of touched) {
    if (byPath.size === 0) {
      state.folders.delete(issueFolder);
      continue;
    }
    const contents = [...byPath.values()].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    const group = folderGroup(contents);
    const before = group.files.map((file) => file.messages.length);
    contents.forEach(reportProblems);
    const issue = checkedFolder(group, config);
    const messages: FolderRun['messages'] = [];
    group.files.forEach((file, i) => {
      if (file.messages.length > before[i]!) messages.push([file, file.messages.slice(before[i])]);
    });
    state.folders.set(issueFolder, { group, issue, messages });
  }

  const issues: ValidIssue[] = [];
  for (const run of state.folders.values()) if (run.issue) issues.push(run.issue);
  issues.sort((a, b) => (a.fields.id < b.fields.id ? -1 : 1));
  checkDuplicateIssueNumbers(issues);
  checkOverlappingIssues(issues);
  checkLinks(state, touched, diff ? [...diff.added, ...removed] : null);
  memo.last = state;
  return issues;
}

/** What parsing found wrong with a file. */
function reportProblems(content: ContentFile): void {
  for (const problem of content.parsed?.problems ?? []) report(content.file, problem.warning ? 'warning' : 'error', problem.reason, problem.ruleId, problem.place);
}

/**
 * The files of `files` that are not the last run's (edited or added), and the paths gone; null
 * when the files are the last run's in another order (then everything is checked again).
 */
function changedContents(last: NonNullable<ValidationMemo['last']>, files: readonly ContentFile[]): { changed: ContentFile[]; added: string[]; removed: string[] } | null {
  const changed: ContentFile[] = [];
  const added: string[] = [];
  if (files.length === last.files.length) {
    for (let i = 0; i < files.length; i++) {
      const content = files[i]!;
      if (content === last.files[i]) continue;
      if (content.file.path !== last.files[i]!.file.path) return null;
      changed.push(content);
    }
    return { changed, added, removed: [] };
  }
  let kept = 0;
  for (const content of files) {
    const before = last.byPath.get(content.file.path);
    if (before === content) kept++;
    else {
      changed.push(content);
      if (!before) added.push(content.file.path);
      else kept++;
    }
  }
  const removed: string[] = [];
  if (kept < last.byPath.size) {
    const paths = new Set(files.map((content) => content.file.path));
    for (const filePath of last.byPath.keys()) if (!paths.has(filePath)) removed.push(filePath);
  }
  return { changed, added, removed };
}

function folderGroup(contents: readonly ContentFile[]): FolderGroup {
  const first = classifyContentPath(contents[0]!.file.path) as Exclude<ContentKind, { kind: 'unknown' }>;
  const group: FolderGroup = { yearFolder: first.issueFolder.split('/')[2] ?? '', folderName: first.folderName, index: null, entries: [], assets: [], assetContents: [], files: [] };
  for (const content of contents) {
    const kind = classifyContentPath(content.file.path);
    group.files.push(content.file);
    if (kind.kind === 'issue-index') group.index = content;
    else if (kind.kind === 'entry') group.entries.push({ content, fileName: kind.fileName });
    else if (kind.kind === 'asset') {
      group.assets.push(kind.fileName);
      group.assetContents.push(content);
    }
  }
  return group;
}

/**
 * The link check (checkContentLinks) for the files of the folders checked again and those whose
 * links lead to a path added or removed (`flipped`; null: every file); the others' messages are
 * reported again.
 */
function checkLinks(state: NonNullable<ValidationMemo['last']>, touched: ReadonlyMap<string, ReadonlyMap<string, ContentFile>>, flipped: readonly string[] | null): void {
  const toCheck: ContentFile[] = [];
  const checking = new Set<string>();
  const add = (content: ContentFile) => {
    if (checking.has(content.file.path)) return;
    checking.add(content.file.path);
    toCheck.push(content);
  };
  if (flipped === null) state.files.forEach(add);
  else {
    for (const contents of touched.values()) for (const content of contents.values()) add(content);
    if (flipped.length > 0) {
      const gone = new Set(flipped);
      for (const [filePath, targets] of state.linking) if (targets.some((target) => gone.has(target))) add(state.byPath.get(filePath)!);
    }
  }
  for (const [filePath, messages] of state.linkMessages) if (!checking.has(filePath)) state.byPath.get(filePath)!.file.messages.push(...messages);
  const before = toCheck.map((content) => content.file.messages.length);
  checkContentLinks(toCheck, (contentPath) => state.byPath.has(contentPath));
  toCheck.forEach((content, i) => {
    const filePath = content.file.path;
    const targets = content.parsed && isReadable(content.parsed) ? linkTargetPaths(filePath, content.parsed.facts.links) : [];
    if (targets.length > 0) state.linking.set(filePath, targets);
    else state.linking.delete(filePath);
    if (content.file.messages.length > before[i]!) state.linkMessages.set(filePath, content.file.messages.slice(before[i]));
    else state.linkMessages.delete(filePath);
  });
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

// All content files -> validated issues, every problem reported on its file. Per-file checks
// first, then the rules that need several files (duplicates, overlaps, links). Every check runs
// even when others failed, so one run shows an editor every problem.
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { classifyContentPath } from '../parse/classify.js';
import type { ContentFile } from '../parse/content-file.js';
import { isReadable } from '../parse/parse-document.js';
import type { Entry, ValidIssue } from './records.js';
import { checkContentLinks } from './rules/content-links.js';
import { checkDuplicateIssueNumbers } from './rules/duplicate-issue-number.js';
import { checkDuplicateEntries } from './rules/duplicate-entries.js';
import { checkOverlappingIssues } from './rules/overlapping-issues.js';
import { checkScaffoldExamples } from './rules/scaffold-example.js';
import { validateEntry } from './validate-entry.js';
import { validateIssue, validateIssueFolder, type IssueFields } from './validate-issue.js';

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
    const anchorFile = folder.index?.file ?? folder.files[0]!;
    const start = validateIssueFolder(anchorFile, folder.folderName, folder.yearFolder);
    const index = folder.index?.parsed && isReadable(folder.index.parsed) ? folder.index.parsed : null;
    const fields = validateIssue(anchorFile, index, config?.title ?? '', folder.folderName, start);
    const entries: Entry[] = [];
    for (const { content, fileName } of folder.entries) {
      if (!content.parsed || !isReadable(content.parsed)) continue;
      const entry = validateEntry(content.file, content.parsed, config, folder.folderName, fileName);
      if (entry) entries.push(entry);
    }
    checkDuplicateEntries(folder.entries.map(({ content, fileName }) => ({ file: content.file, fileName })));
    if (fields && !fields.draft) {
      checkScaffoldExamples(folder.entries.flatMap(({ content }) => (content.parsed && isReadable(content.parsed) ? [{ file: content.file, parsed: content.parsed }] : [])));
    }
    if (!fields || !config) continue;
    const order = new Map(config.sectionOrder.map((path, index) => [path, index]));
    entries.sort((a, b) => order.get(a.section)! - order.get(b.section)! || a.order - b.order || a.slug.localeCompare(b.slug));
    issues.push({
      fields,
      entries,
      assets: folder.assets.sort(),
      indexFile: folder.index?.file ?? null,
      anchorFile,
      sourcePaths: folder.files.map((file) => file.path),
    });
  }
  issues.sort((a, b) => (a.fields.id < b.fields.id ? -1 : 1));
  checkDuplicateIssueNumbers(issues);
  checkOverlappingIssues(issues);
  checkContentLinks(files);
  return issues;
}

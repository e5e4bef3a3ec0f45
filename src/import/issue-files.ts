// An imported issue -> the files of its folder: index.md and one NN-slug.md per entry, with YAML
// frontmatter and the text as Markdown paragraphs, escaped so that it reads back as written. Pure.
import type { Root } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { Document, isSeq } from 'yaml';
import { addDays } from '../calendar-date.js';
import type { ImportedEntry, ImportedIssue } from './parse-digest-text.js';

export interface IssueFile {
  /** File name inside the issue folder. */
  path: string;
  contents: string;
  /** The page line the file is written from (an entry's title, the issue's week). */
  line: number;
  /** Page lines of single frontmatter keys, where they differ from `line`. */
  keyLines: Readonly<Record<string, number>>;
}

/** The folder of an issue, relative to the issues folder: 2022/2022-11-21. */
export function issueFolderPath(start: string): string {
  return `${start.slice(0, 4)}/${start}`;
}

export function issueFiles(issue: ImportedIssue): IssueFile[] {
  const index = withFrontmatter(
    {
      title: issue.title ?? undefined,
      editor: issue.editor ?? undefined,
      published: issue.published ?? undefined,
      original_url: issue.originalUrl ?? undefined,
      end: issue.end === addDays(issue.start, 6) ? undefined : issue.end,
    },
    issue.note,
  );
  const { lines } = issue;
  const keyLines: Record<string, number> = {};
  if (lines.editor !== null) keyLines.editor = lines.editor;
  if (lines.originalUrl !== null) keyLines.original_url = lines.originalUrl;
  if (lines.published !== null) keyLines.published = lines.published;
  // Past 999 entries the names get four digits, which check refuses: the import reports that.
  const width = issue.entries.length > 99 ? 3 : 2;
  const entries = issue.entries.map((entry, i) => ({
    path: `${String(i + 1).padStart(width, '0')}-${entry.slug}.md`,
    contents: entryFile(entry),
    line: entry.line,
    keyLines: {},
  }));
  return [{ path: 'index.md', contents: index, line: lines.week, keyLines: { ...keyLines, title: lines.week, end: lines.week } }, ...entries];
}

function entryFile(entry: ImportedEntry): string {
  return withFrontmatter(
    {
      title: entry.title,
      section: entry.section,
      region: entry.region ?? undefined,
      source: entry.sources,
      authors: entry.authors.length > 0 ? entry.authors : undefined,
      citation: entry.citation ?? undefined,
    },
    entry.paragraphs,
  );
}

function withFrontmatter(data: Record<string, unknown>, paragraphs: readonly string[]): string {
  const defined = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
  const body = paragraphs.length > 0 ? markdownParagraphs(paragraphs) : '';
  if (Object.keys(defined).length === 0) return body;
  return `---\n${frontmatter(defined)}---\n${body}`;
}

function frontmatter(data: Record<string, unknown>): string {
  const doc = new Document(data);
  // Lists on one line, as editors write them: source: [民政部, 社工中国网].
  if (doc.contents && 'items' in doc.contents) {
    for (const pair of doc.contents.items as { value: unknown }[]) if (isSeq(pair.value)) pair.value.flow = true;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function markdownParagraphs(paragraphs: readonly string[]): string {
  const tree: Root = {
    type: 'root',
    children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
  };
  return toMarkdown(tree);
}

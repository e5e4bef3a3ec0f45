// A digest page in plain text (as copied from the old site) -> the issue it describes. Pure: the
// page is a VFile; every line that cannot be placed is reported on it with its line number, and
// an issue is returned only when nothing was lost.
//
// The shape it reads, line by line:
//   社会工作一周动态(11.21-11.27)          title with the week
//   一、政策参考                           section heading: a Chinese numeral and a site.yml title
//   中央政策                               subsection heading: a site.yml title
//   1.黑龙江省公开征求…                     entry title: 1. 1、 （1） or no number
//   日前,…                                 body paragraphs, one a line
//   来源:黑龙江省民政厅、社工中国网          the entry's sources: ends the entry
//   …探究(张皓)  …(学报. 2022,34(06))       research: authors in the title, citation ends the entry
//   责任编辑:段冬蕾 / 文章来源:http://…      editor and original URL
import type { VFile } from 'vfile';
import type { SectionConfig, SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import type { RuleId } from '../rule-catalogue.js';
import { monthDay, parseCalendarDate, type CalendarDate } from '../calendar-date.js';
import { entryRegion, entrySlug, isResearchSection, journalOf, splitAuthors, splitCitation, splitSources } from './entry-fields.js';
import { findPeriod, resolvePeriod, yearHintFromUrl, type PeriodText, type YearHint } from './period.js';

export interface ImportedEntry {
  /** Line of the entry's title in the page. */
  line: number;
  slug: string;
  title: string;
  section: string;
  region: string | null;
  sources: string[];
  authors: string[];
  citation: string | null;
  paragraphs: string[];
}

export interface ImportedIssue {
  start: CalendarDate;
  end: CalendarDate;
  /** Only when the page's title differs from the site's default title. */
  title: string | null;
  editor: string | null;
  published: CalendarDate | null;
  originalUrl: string | null;
  note: string[];
  entries: ImportedEntry[];
  /** Lines of the page the issue's fields were read from (null: not in the page). */
  lines: IssueLines;
}

export interface IssueLines {
  /** The title with the week: title, end. */
  week: number;
  editor: number | null;
  originalUrl: number | null;
  published: number | null;
}

export interface ParseDigestOptions {
  config: SiteConfig;
  /** The year the week starts in, when the page does not tell (--year). */
  year?: number | undefined;
}

type Numbering = { style: 'dot' | 'comma' | 'paren'; value: number };

interface Heading {
  line: number;
  text: string;
  /** null: unknown to site.yml. */
  section: SectionConfig | null;
}

interface Draft {
  line: number;
  numbering: Numbering | null;
  title: string;
  heading: Heading;
  paragraphs: string[];
  sources: string[] | null;
  citation: string | null;
}

const NUMBERED_TITLE: readonly { style: Numbering['style']; pattern: RegExp }[] = [
  { style: 'paren', pattern: /^[（(]\s*(\d{1,2})\s*[)）]\s*(.+)$/ },
  { style: 'comma', pattern: /^(\d{1,2})\s*、\s*(.+)$/ },
  { style: 'dot', pattern: /^(\d{1,2})\s*[.．](?!\d)\s*(.+)$/ },
];
const SECTION_NUMERAL = /^[一二三四五六七八九十]{1,3}\s*[、.．]\s*(.+)$/;
const SOURCE_LINE = /^来\s*源\s*[:：]\s*(.*)$/;
const EDITOR_LINE = /^责任编辑\s*[:：]\s*(.*)$/;
const ORIGINAL_URL_LINE = /^(?:文章|原文)(?:来源|链接|地址)\s*[:：]\s*(\S+)\s*$/;
const PUBLISHED_LINE = /^(?:发布|发表)(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})/;
const BREADCRUMB = /^首页\s*[>＞]|\s[>＞]\s/;
/** A heading is a short label, not a sentence. */
const SHORT_LABEL = /^[^，。,;；:：!！?？]{1,12}$/;

function parseNumbering(line: string): { numbering: Numbering; title: string } | null {
  for (const { style, pattern } of NUMBERED_TITLE) {
    const match = pattern.exec(line);
    if (match) return { numbering: { style, value: Number(match[1]) }, title: match[2]!.trim() };
  }
  return null;
}

export function parseDigestText(file: VFile, options: ParseDigestOptions): ImportedIssue | null {
  const { config } = options;
  const sectionsByTitle = new Map<string, SectionConfig[]>();
  for (const section of config.sectionByPath.values()) {
    sectionsByTitle.set(section.title, [...(sectionsByTitle.get(section.title) ?? []), section]);
  }
  const lines = String(file.value).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let failed = false;
  const error = (line: number, reason: string, ruleId: RuleId) => {
    report(file, 'error', reason, ruleId, { line, column: 1 });
    failed = true;
  };
  const warn = (line: number, reason: string, ruleId: RuleId) => report(file, 'warning', reason, ruleId, { line, column: 1 });

  let period: { text: PeriodText; line: number; name: string } | null = null;
  let editor: string | null = null;
  let originalUrl: string | null = null;
  let published: CalendarDate | null = null;
  const note: string[] = [];
  const fieldLines: Omit<IssueLines, 'week'> = { editor: null, originalUrl: null, published: null };
  const headings: Heading[] = [];
  let heading: Heading | null = null;
  const drafts: Draft[] = [];
  let draft: Draft | null = null;
  /** A research entry is complete at its citation, but a 来源 line may still follow. */
  let complete = false;
  const closeDraft = () => {
    if (draft) drafts.push(draft);
    draft = null;
    complete = false;
  };

  /** A known section title, preferring a subsection of the current heading's section. */
  const knownSection = (text: string): SectionConfig | null => {
    const candidates = sectionsByTitle.get(text) ?? [];
    const current = heading?.section;
    return candidates.find((s) => current && (s.parent === current.path || s.parent === current.parent)) ?? candidates[0] ?? null;
  };

  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '') continue;
    if (complete && !SOURCE_LINE.test(line)) closeDraft();

    const editorMatch = EDITOR_LINE.exec(line);
    const urlMatch = ORIGINAL_URL_LINE.exec(line);
    const publishedMatch = PUBLISHED_LINE.exec(line);
    if (editorMatch || urlMatch || publishedMatch) {
      closeDraft();
      if (editorMatch) {
        editor = editorMatch[1]!.trim() || null;
        fieldLines.editor = lineNumber;
      }
      if (urlMatch) {
        if (/^https?:\/\//.test(urlMatch[1]!)) {
          originalUrl = urlMatch[1]!;
          fieldLines.originalUrl = lineNumber;
        } else warn(lineNumber, `"${urlMatch[1]}" is not an http(s) URL; original_url is left out`, 'import-stray-text');
      }
      if (publishedMatch) {
        published = parseCalendarDate(`${publishedMatch[1]}-${publishedMatch[2]!.padStart(2, '0')}-${publishedMatch[3]!.padStart(2, '0')}`);
        fieldLines.published = lineNumber;
      }
      continue;
    }

    const numeral = SECTION_NUMERAL.exec(line);
    const headingText = numeral ? numeral[1]!.trim() : line;
    const known = knownSection(headingText);
    const isHeading = known !== null || (numeral !== null && SHORT_LABEL.test(headingText));

    // Before the first heading: breadcrumb, the title with the week, maybe an editor's note.
    if (heading === null && !isHeading) {
      const found = findPeriod(line);
      const breadcrumb = BREADCRUMB.test(line);
      if (found) {
        if (!period || (period.name === '' && !breadcrumb)) period = { text: found, line: lineNumber, name: breadcrumb ? '' : line.slice(0, found.index).trim() };
      } else if (!breadcrumb) {
        note.push(line);
        warn(lineNumber, "text before the first section is imported as the editor's note (the body of index.md)", 'import-note');
      }
      continue;
    }

    // Section headings: 一、政策参考 (numbered, or an unknown short label), or a site.yml title alone.
    if (isHeading) {
      closeDraft();
      heading = { line: lineNumber, text: headingText, section: known };
      headings.push(heading);
      continue;
    }

    const source = SOURCE_LINE.exec(line);
    if (source) {
      if (!draft) {
        error(lineNumber, 'this 来源 line follows no entry title; is the title missing above it?', 'import-stray-text');
        continue;
      }
      const names = splitSources(source[1]!);
      if (names.length === 0) error(lineNumber, 'this 来源 line names no source', 'import-source');
      draft.sources = names;
      closeDraft();
      continue;
    }

    const numbered = parseNumbering(line);
    if (heading === null) continue; // (for the type checker: lines before the first heading were handled above)
    if (draft) {
      // "2." after entry "1." with no 来源 in between starts a new entry (the last one lacks its 来源).
      const next = numbered && draft.numbering && numbered.numbering.style === draft.numbering.style && numbered.numbering.value === draft.numbering.value + 1;
      if (!next) {
        addParagraph(draft, line);
        continue;
      }
      closeDraft();
    }
    draft = { line: lineNumber, numbering: numbered?.numbering ?? null, title: numbered?.title ?? line, heading, paragraphs: [], sources: null, citation: null };
  }
  closeDraft();

  function addParagraph(entry: Draft, line: string): void {
    const cited = entry.heading.section && isResearchSection(entry.heading.section) ? splitCitation(line) : null;
    if (!cited) {
      entry.paragraphs.push(line);
      return;
    }
    if (cited.text !== '') entry.paragraphs.push(cited.text);
    entry.citation = cited.citation;
    complete = true;
  }

  for (const unknown of headings.filter((h) => h.section === null)) {
    const lost = drafts.filter((d) => d.heading === unknown).map((d) => d.line);
    const titles = [...sectionsByTitle.keys()].join('、');
    const entries = lost.length === 0 ? '' : `; its ${lost.length === 1 ? 'entry' : `${lost.length} entries`} (line ${lost.join(', ')}) ${lost.length === 1 ? 'is' : 'are'} not imported`;
    error(unknown.line, `section heading "${unknown.text}" is not a section title in site.yml (${titles}); add it to site.yml or correct the heading${entries}`, 'import-section');
  }

  const week = period ? resolveWeek(period) : null;
  if (!period) error(1, 'no title with the week found, such as 社会工作一周动态(11.21-11.27); add the week to the title line', 'import-period');

  function resolveWeek(found: { text: PeriodText; line: number }): { start: CalendarDate; end: CalendarDate } | null {
    const urlHint = originalUrl ? yearHintFromUrl(originalUrl) : null;
    const hint: YearHint | null = options.year !== undefined ? { kind: 'start-year', year: options.year } : published ? { kind: 'published', date: published } : urlHint;
    if (!hint) {
      error(found.line, 'cannot tell the year of this week: there is no article URL with a year (文章来源:http://…/2022/1128/…); pass --year YYYY, the year the week starts in', 'import-year');
      return null;
    }
    const resolved = resolvePeriod(found.text, hint);
    if (resolved.ok) return resolved;
    error(found.line, resolved.reason, 'import-period');
    return null;
  }

  // The entries, in page order.
  const entries: ImportedEntry[] = [];
  const slugs = new Set<string>();
  let previous: Draft | null = null;
  for (const entry of drafts) {
    const placed = placeEntry(entry);
    if (placed) entries.push(placed);
    if (previous?.numbering && entry.numbering && previous.heading === entry.heading && entry.numbering.value !== previous.numbering.value + 1) {
      warn(entry.line, `entry number ${entry.numbering.value} follows ${previous.numbering.value}; is an entry missing, or merged into the one before?`, 'import-numbering');
    }
    previous = entry;
  }

  function placeEntry(entry: Draft): ImportedEntry | null {
    const section = entry.heading.section;
    const at = `entry "${entry.title}"`;
    if (!section) return null; // reported with its heading
    if (section.children.length > 0) {
      const children = section.children.map((child) => child.title).join('、');
      error(entry.line, `${at} is under ${section.title} but under none of its subsections (${children}); add the subsection heading above it`, 'import-section');
      return null;
    }
    const research = isResearchSection(section);
    const { title, authors } = research ? splitAuthors(entry.title) : { title: entry.title, authors: [] };
    const journal = entry.citation ? journalOf(entry.citation) : null;
    const sources = entry.sources ?? (journal ? [journal] : null);
    if (sources === null) {
      error(entry.line, `${at} has no 来源 line${research ? ' and no citation' : ''}; add 来源:… after its text`, 'import-source');
      return null;
    }
    if (sources.length === 0) return null; // the empty 来源 line was reported
    if (entry.paragraphs.length === 0) {
      error(entry.line, `${at} has no text between its title and its 来源 line`, 'empty-body');
      return null;
    }
    const region = entryRegion(section, title, entry.paragraphs);
    // Subsections split policy into central and local: a local entry is about some place.
    if (region === null && !research && section.parent !== null) {
      warn(entry.line, `no province or city recognised in ${at}; add region: to its file by hand if it has one`, 'import-region');
    }
    return { line: entry.line, slug: entrySlug(title, slugs), title, section: section.path, region, sources, authors, citation: entry.citation, paragraphs: entry.paragraphs };
  }

  if (failed || !period || !week) return null;
  const name = period.name;
  return {
    start: week.start,
    end: week.end,
    title: name === '' || name === config.title ? null : `${name}(${monthDay(week.start)}-${monthDay(week.end)})`,
    editor,
    published: published ?? publishedFromUrl(originalUrl),
    originalUrl,
    note,
    entries,
    lines: { week: period.line, ...fieldLines, published: fieldLines.published ?? fieldLines.originalUrl },
  };
}

function publishedFromUrl(url: string | null): CalendarDate | null {
  const hint = url ? yearHintFromUrl(url) : null;
  return hint?.kind === 'published' ? hint.date : null;
}

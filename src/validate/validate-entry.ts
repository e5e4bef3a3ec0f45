// One entry file: name, schema, section, region, body rules. Returns the Entry or null.
// Every check runs even when another failed, so an editor sees all of a file's problems at once.
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report, type Place } from '../diagnostics.js';
import { resolveRegion } from '../regions.js';
import type { ParsedDocument } from '../parse/parse-document.js';
import { ENTRY_FILE_NAME } from '../parse/classify.js';
import { placeIn } from '../parse/yaml.js';
import { closestMatches } from './did-you-mean.js';
import type { Entry } from './records.js';
import { entrySchema } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';

// Defined with the other naming rules in classify.ts, which parse workers load without this module's schema.
export { ENTRY_FILE_NAME };

/** `config` is null when site.yml itself is broken: then sections cannot be checked. */
export function validateEntry(file: VFile, parsed: ParsedDocument, config: SiteConfig | null, issueId: string, fileName: string): Entry | null {
  if (parsed.blank) {
    report(file, 'error', 'file is empty; an entry needs frontmatter (title, section, source) and its text: fill it in or delete the file', 'empty-file');
    return null;
  }
  const name = ENTRY_FILE_NAME.exec(fileName);
  if (!name) {
    report(file, 'error', `entry file name ${JSON.stringify(fileName)} is not NN-slug.md (two or three digits, so at most 999 entries an issue, a dash, then lower-case letters, digits and dashes), e.g. 01-elder-care-visits.md`, 'entry-file-name');
  }
  const placeOf = (path: readonly (string | number)[]) => placeIn(parsed.places, path);
  const { section, region } = parsed.data;
  // Places are looked up only for a message: most files have none.
  const sectionOk = config === null || typeof section !== 'string' || checkSection(file, section.trim(), config, () => placeOf(['section']));
  const canonicalRegion = typeof region === 'string' ? checkRegion(file, region.trim(), () => placeOf(['region'])) : null;
  const result = entrySchema.safeParse(parsed.data);
  if (parsed.frontmatterEndLine === 0) {
    report(file, 'error', 'entry has no frontmatter; start the file with a line ---, then the lines title: ..., section: ... and source: ..., then a line ---', 'missing-field');
  } else if (!result.success) {
    reportSchemaIssues(file, result.error.issues, placeOf, { data: parsed.data, knownKeys: (path) => (path.length === 0 ? Object.keys(entrySchema.shape) : []) });
  }
  if (!parsed.facts.hasText) {
    report(file, 'error', 'entry has no text; write the news under the frontmatter', 'empty-body', { line: Math.max(1, parsed.frontmatterEndLine), column: 1 });
  }
  for (const heading of parsed.facts.headings) {
    if (heading.depth <= 2) reportHeading(file, heading.depth, heading.place);
  }
  if (!result.success || !name || !sectionOk || canonicalRegion === false) return null;
  const data = result.data;
  return Object.freeze({
    issueId,
    slug: name[2]!,
    order: Number(name[1]),
    title: data.title,
    section: data.section,
    region: canonicalRegion,
    sources: Object.freeze(dedupe(data.source)),
    tags: Object.freeze(dedupe(data.tags)),
    authors: Object.freeze(data.authors ?? []),
    citation: data.citation ?? null,
    sourcePath: file.path,
  });
}

function checkSection(file: VFile, section: string, config: SiteConfig, place: () => Place): boolean {
  const known = config.sectionByPath.get(section);
  if (known && known.children.length === 0) return true;
  if (known) {
    const children = known.children.map((child) => `"${child.path}"`);
    report(file, 'error', `section "${section}" has subsections; use ${children.join(' or ')}`, 'unknown-section', place());
    return false;
  }
  const candidates = [...config.sectionByPath.values()].filter((s) => s.children.length === 0);
  const byTitle = candidates.find((candidate) => candidate.title === section);
  const suggestions = byTitle ? [byTitle.path] : closestMatches(section, candidates.flatMap((s) => [s.path, s.id])).map((match) => candidates.find((s) => s.id === match)?.path ?? match);
  const unique = [...new Set(suggestions)];
  const hint = unique.length > 0 ? `; did you mean ${unique.map((s) => `"${s}"`).join(' or ')}?` : `; use one of ${candidates.map((s) => s.path).join(', ')}`;
  report(file, 'error', `section "${section}" is not in site.yml${hint}`, 'unknown-section', place());
  return false;
}

/** The canonical region, or false when it is not a known division. */
function checkRegion(file: VFile, region: string, place: () => Place): string | false {
  const resolved = resolveRegion(region);
  if (resolved.ok) {
    if (resolved.normalised) report(file, 'warning', `region "${region}" is a short form; write "${resolved.canonical}"`, 'region-short-form', place());
    return resolved.canonical;
  }
  const hint = resolved.suggestions.length > 0 ? `; did you mean ${resolved.suggestions.map((s) => `"${s}"`).join(' or ')}?` : '; use 全国, a province (湖南省) or province/city (山东省/济南市)';
  report(file, 'error', `region "${region}" is not a known division${hint}`, 'unknown-region', place());
  return false;
}

function reportHeading(file: VFile, depth: number, place: Place | null): void {
  report(file, 'error', `heading level ${depth} inside an entry: the page owns h1 and h2; start entry headings at ### (level 3)`, 'heading-level', place ?? undefined);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

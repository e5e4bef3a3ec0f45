// One entry file: name, schema, section, region, body rules. Returns the Entry or null.
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report, type Place } from '../diagnostics.js';
import { resolveRegion } from '../model/regions.js';
import type { Entry } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse-document.js';
import { placeIn } from '../parse/yaml.js';
import { closestMatches } from './did-you-mean.js';
import { entrySchema } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';

export const ENTRY_FILE_NAME = /^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export function validateEntry(file: VFile, parsed: ParsedDocument, config: SiteConfig, issueId: string, fileName: string): Entry | null {
  const name = ENTRY_FILE_NAME.exec(fileName);
  if (!name) {
    report(file, 'error', `entry file name "${fileName}" is not NN-slug.md (two digits, a dash, then lower-case letters, digits and dashes), e.g. 01-elder-care-visits.md`, 'entry-file-name');
  }
  const placeOf = (path: readonly (string | number)[]) => placeIn(parsed.places, path);
  const result = entrySchema.safeParse(parsed.data);
  if (!result.success) {
    reportSchemaIssues(file, result.error.issues, placeOf, { knownKeys: Object.keys(entrySchema.shape) });
  }
  if (parsed.facts.empty) {
    report(file, 'error', 'entry has no text; write the news under the frontmatter', 'empty-body', { line: lastLine(parsed), column: 1 });
  }
  for (const heading of parsed.facts.headings) {
    if (heading.depth <= 2) reportHeading(file, heading.depth, heading.place);
  }
  if (!result.success || !name) return null;
  const data = result.data;

  let ok = true;
  if (!config.sectionByPath.has(data.section)) {
    ok = false;
    const candidates = [...config.sectionByPath.values()].filter((s) => s.children.length === 0);
    const byTitle = candidates.find((section) => section.title === data.section);
    const suggestions = byTitle ? [byTitle.path] : closestMatches(data.section, candidates.map((s) => s.path));
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : `; use one of ${candidates.map((s) => s.path).join(', ')}`;
    report(file, 'error', `section "${data.section}" is not in site.yml${hint}`, 'unknown-section', placeOf(['section']));
  } else if (config.sectionByPath.get(data.section)!.children.length > 0) {
    ok = false;
    const children = config.sectionByPath.get(data.section)!.children.map((child) => `"${child.path}"`);
    report(file, 'error', `section "${data.section}" has subsections; use ${children.join(' or ')}`, 'unknown-section', placeOf(['section']));
  }

  let region: string | null = null;
  if (data.region !== undefined) {
    const resolved = resolveRegion(data.region);
    if (resolved.ok) {
      region = resolved.canonical;
      if (resolved.normalised) {
        report(file, 'warning', `region "${data.region}" is a short form; write "${resolved.canonical}"`, 'region-short-form', placeOf(['region']));
      }
    } else {
      ok = false;
      const hint = resolved.suggestions.length > 0 ? `; did you mean ${resolved.suggestions.map((s) => `"${s}"`).join(' or ')}?` : '; use 全国, a province (湖南省) or province/city (山东省/济南市)';
      report(file, 'error', `region "${data.region}" is not a known division${hint}`, 'unknown-region', placeOf(['region']));
    }
  }
  if (!ok) return null;
  return {
    issueId,
    slug: name[2]!,
    order: Number(name[1]),
    title: data.title,
    section: data.section,
    region,
    sources: dedupe(data.source),
    tags: dedupe(data.tags),
    authors: data.authors ?? [],
    citation: data.citation ?? null,
    body: parsed.tree,
    sourcePath: file.path,
  };
}

function reportHeading(file: VFile, depth: number, place: Place | null): void {
  report(file, 'error', `heading level ${depth} inside an entry: the page owns h1 and h2; start entry headings at ### (level 3)`, 'heading-level', place ?? undefined);
}

function lastLine(parsed: ParsedDocument): number {
  const places = Object.values(parsed.places);
  return places.length === 0 ? 1 : Math.max(...places.map((place) => place.line)) + 1;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

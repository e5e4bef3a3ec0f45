// Fields of an imported entry that are read out of its text: region, sources, a research entry's
// authors and citation, and its slug. Pure.
import type { SectionConfig } from '../config.js';
import { findRegionsInText, NATIONAL, resolveRegion } from '../regions.js';
import { pinyinSlug } from '../model/slugs.js';

/** 中央政策: national policy is about the whole country. */
export function isNationalSection(section: SectionConfig): boolean {
  return section.id === 'central' || section.title.startsWith('中央');
}

/** 理论研究: entries that are papers, with authors and a citation. */
export function isResearchSection(section: SectionConfig): boolean {
  return section.id === 'research' || section.title.includes('研究');
}

/**
 * The region an entry is about: 全国 for national policy; otherwise the first province or city
 * named in its title, or else in its first paragraph. Only place names count: 全国 in running
 * text is a phrase (全国各高校, 全国首个), not the region. Research is placed only by its title.
 */
export function entryRegion(section: SectionConfig, title: string, paragraphs: readonly string[]): string | null {
  if (isNationalSection(section)) return NATIONAL;
  const texts = isResearchSection(section) ? [title] : [title, paragraphs[0] ?? ''];
  for (const text of texts) {
    const place = findRegionsInText(text).find((region) => region !== NATIONAL && resolveRegion(region).ok);
    if (place) return place;
  }
  return null;
}

/** 来源:国家卫健委官网、社工中国网 -> the names, split on 、 and commas. */
export function splitSources(text: string): string[] {
  const names = text
    .split(/[、，,；;]/)
    .map((name) => name.trim().replace(/[。.]+$/, '').trim())
    .filter((name) => name !== '');
  return [...new Set(names)];
}

const NAME = '[\\u4e00-\\u9fff·]{2,6}';
/** "…建设探究(张皓)", "…研究（黄一帆 孙蕾）": a research title ending in its authors. */
const TRAILING_AUTHORS = new RegExp(`^(.+?)\\s*[（(]\\s*(${NAME}(?:\\s*[\\s、，,]\\s*${NAME})*)\\s*[)）]$`);

export function splitAuthors(title: string): { title: string; authors: string[] } {
  const match = TRAILING_AUTHORS.exec(title);
  if (!match) return { title, authors: [] };
  return { title: match[1]!.trim(), authors: match[2]!.split(/[\s、，,]+/).filter((name) => name !== '') };
}

/**
 * "… 共同体的现实需要。 (河北青年管理干部学院学报. 2022,34(06))": a paragraph ending in a
 * parenthesised citation (a journal, a year, volume and number) -> the text and the citation.
 */
export function splitCitation(paragraph: string): { text: string; citation: string } | null {
  const trimmed = paragraph.trimEnd();
  if (!/[)）]$/.test(trimmed)) return null;
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const char = trimmed[i]!;
    if (char === ')' || char === '）') depth++;
    else if (char === '(' || char === '（') depth--;
    if (depth === 0) {
      const citation = trimmed.slice(i + 1, -1).trim();
      if (!/(?:19|20)\d{2}/.test(citation) || !/[.．,，]/.test(citation)) return null;
      return { text: trimmed.slice(0, i).trim(), citation };
    }
  }
  return null;
}

/** The journal of a citation, "河北青年管理干部学院学报. 2022,34(06)" -> 河北青年管理干部学院学报. */
export function journalOf(citation: string): string | null {
  const journal = citation.split(/[.．]\s/)[0]?.split(/[.．,，]\s*(?:19|20)\d{2}/)[0]?.trim() ?? '';
  return journal === '' || /^\d/.test(journal) ? null : journal;
}

const SLUG_SYLLABLES = 5;
const SLUG_MAX_LENGTH = 40;

/** A short pinyin slug for a title, unique among `taken` (which it joins). */
export function entrySlug(title: string, taken: Set<string>): string {
  const words = pinyinSlug(title.replace(/[^\p{Script=Han}A-Za-z0-9]+/gu, ' ').trim()).split('-');
  let base = '';
  for (const word of words.slice(0, SLUG_SYLLABLES)) {
    const next = base === '' ? word : `${base}-${word}`;
    if (next.length > SLUG_MAX_LENGTH && base !== '') break;
    base = next.slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');
  }
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(base)) base = 'entry';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

// A term's pages, cut from its oldest entry so that a numbered page keeps its entries and URL for
// good. Pure.
//
// With n entries and p a page: when n < 2p, the term's own URL shows them all. Otherwise pages
// /page/1/ .. /page/k/ hold the oldest k*p entries, p each, k = floor(n/p) - 1, and the term's
// URL shows the rest, the newest p to 2p-1. Every page lists its entries newest first. A new
// entry changes the term's URL only, until its newest p entries fill a page: then they become
// /page/k+1/, and /page/k/ changes its link to the newer page.
import type { Entry, Taxonomy, TaxonomyId, Term } from '../model/types.js';
import { pagedUrl, termUrl } from '../model/urls.js';
import { timelineBars, type TimelineBar } from './term-timeline.js';

/** What a term page shows of its term. */
export interface TermHeading {
  readonly taxonomy: TaxonomyId;
  readonly key: string;
  readonly name: string;
  readonly slug: string;
}

export interface TermLink {
  readonly name: string;
  readonly url: string;
}

/** Links between a term's pages. */
export interface TermPagination {
  /** 1 for the oldest numbered page; null on the term's own URL, which shows the newest entries. */
  readonly page: number | null;
  readonly newer: string | null;
  readonly older: string | null;
  /** The term's own URL. */
  readonly newest: string;
  /** On the term's own URL only (it changes as pages are added): every numbered page, newest first. */
  readonly pages: readonly { readonly page: number; readonly url: string }[];
}

export interface TermPage {
  url: string;
  title: string;
  taxonomy: { readonly id: TaxonomyId; readonly title: string };
  term: TermHeading;
  parent: TermLink | null;
  /** The term's own URL only: entries in all, and its child terms with theirs. */
  total: number | null;
  children: readonly (TermLink & { readonly count: number })[];
  /** Newest first. */
  entries: Entry[];
  pagination: TermPagination;
  /** The term's own URL only (it changes every week): all its entries by year or month. */
  timeline: readonly TimelineBar[] | null;
}

/** How many numbered pages a term of `count` entries has. */
export const numberedPages = (count: number, pageSize: number): number => Math.max(0, Math.floor(count / pageSize) - 1);

export function termPages(taxonomy: Taxonomy, term: Term, pageSize: number): TermPage[] {
  const base = termUrl(taxonomy.id, term.slug);
  const numbered = numberedPages(term.entries.length, pageSize);
  const oldestFirst = [...term.entries].reverse();
  const heading: TermHeading = { taxonomy: term.taxonomy, key: term.key, name: term.name, slug: term.slug };
  const parentTerm = term.parent === null ? undefined : taxonomy.byKey.get(term.parent);
  const parent = parentTerm ? { name: parentTerm.name, url: termUrl(taxonomy.id, parentTerm.slug) } : null;
  const about = { taxonomy: { id: taxonomy.id, title: taxonomy.title }, term: heading, parent };
  const urlOf = (page: number) => (page > numbered ? base : pagedUrl(base, page));
  const pages: TermPage[] = [];
  for (let page = 1; page <= numbered; page++) {
    pages.push({
      ...about,
      url: urlOf(page),
      title: `${term.name}(第${page}页)`,
      total: null,
      children: [],
      timeline: null,
      entries: oldestFirst.slice((page - 1) * pageSize, page * pageSize).reverse(),
      pagination: { page, newer: urlOf(page + 1), older: page > 1 ? urlOf(page - 1) : null, newest: base, pages: [] },
    });
  }
  const children = term.children.flatMap((key) => {
    const child = taxonomy.byKey.get(key);
    return child ? [{ name: child.name, url: termUrl(taxonomy.id, child.slug), count: child.entries.length }] : [];
  });
  pages.push({
    ...about,
    url: base,
    title: term.name,
    total: term.entries.length,
    children,
    timeline: timelineBars(term.entries.map((entry) => entry.issueId)),
    entries: oldestFirst.slice(numbered * pageSize).reverse(),
    pagination: {
      page: null,
      newer: null,
      older: numbered > 0 ? urlOf(numbered) : null,
      newest: base,
      pages: Array.from({ length: numbered }, (_, i) => ({ page: numbered - i, url: urlOf(numbered - i) })),
    },
  });
  return pages;
}

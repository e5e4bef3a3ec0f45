// A term's pages are cut from its oldest entry: numbered pages never change as entries are added
// (but for the "newer" link of the one below a new page), and the term's URL shows the newest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Entry, Taxonomy, Term } from '../src/model/types.ts';
import { termPages } from '../src/route/term-pages.ts';
import { timelineBars } from '../src/route/term-timeline.ts';

/** A tag of `count` entries, newest first as the model lists them; entry i is the i-th oldest. */
function tag(count: number): { taxonomy: Taxonomy; term: Term } {
  const entries = Array.from({ length: count }, (_, i) => ({ slug: `e${i}`, issueId: `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01` }) as unknown as Entry).reverse();
  const term: Term = { taxonomy: 'tags', key: '社区', name: '社区', slug: 'she-qu', entries, parent: null, children: [] };
  return { term, taxonomy: { id: 'tags', title: '标签', terms: [term], byKey: new Map([[term.key, term]]) } };
}

const pagesOf = (count: number, size = 5) => {
  const { taxonomy, term } = tag(count);
  return termPages(taxonomy, term, size);
};
const slugs = (entries: readonly Entry[]) => entries.map((entry) => entry.slug);

describe('term pages', () => {
  it('shows everything at the term URL below two pages of entries', () => {
    for (const count of [0, 1, 5, 9]) {
      const pages = pagesOf(count);
      assert.equal(pages.length, 1);
      assert.equal(pages[0]!.url, 'tags/she-qu/');
      assert.equal(pages[0]!.entries.length, count);
      assert.equal(pages[0]!.total, count);
    }
  });

  it('numbers pages from the oldest entry, the term URL holding the newest page size to twice that less one', () => {
    const pages = pagesOf(23);
    assert.deepEqual(pages.map((page) => page.url), ['tags/she-qu/page/1/', 'tags/she-qu/page/2/', 'tags/she-qu/page/3/', 'tags/she-qu/']);
    assert.deepEqual(slugs(pages[0]!.entries), ['e4', 'e3', 'e2', 'e1', 'e0']);
    assert.deepEqual(slugs(pages[3]!.entries), ['e22', 'e21', 'e20', 'e19', 'e18', 'e17', 'e16', 'e15']);
    assert.deepEqual(pages.map((page) => page.total), [null, null, null, 23]);
    assert.deepEqual(pages[1]!.pagination, { page: 2, newer: 'tags/she-qu/page/3/', older: 'tags/she-qu/page/1/', newest: 'tags/she-qu/', pages: [] });
    assert.equal(pages[2]!.pagination.newer, 'tags/she-qu/');
    assert.equal(pages[3]!.pagination.older, 'tags/she-qu/page/3/');
    assert.deepEqual(pages[3]!.pagination.pages.map((page) => page.page), [3, 2, 1]);
  });

  it('keeps every numbered page as it was when entries are added', () => {
    for (let count = 1; count < 40; count++) {
      const before = pagesOf(count).filter((page) => page.pagination.page !== null);
      const after = new Map(pagesOf(count + 1).map((page) => [page.url, page]));
      for (const [i, page] of before.entries()) {
        const now = after.get(page.url);
        assert.ok(now, `${page.url} gone at ${count + 1} entries`);
        assert.deepEqual(slugs(now.entries), slugs(page.entries));
        // The newest numbered page links to the page added above it, if one was.
        if (i < before.length - 1 || after.size === before.length + 1) assert.deepEqual(now, page);
      }
    }
  });
});

describe('a term timeline', () => {
  it('has a bar per year from the first to the last, or per month within one year', () => {
    assert.deepEqual(timelineBars(['2022-11-21', '2024-01-01', '2024-02-05']), [
      { label: '2022年', value: 1 },
      { label: '2023年', value: 0 },
      { label: '2024年', value: 2 },
    ]);
    assert.deepEqual(timelineBars(['2025-03-03', '2025-05-05', '2025-05-12']), [
      { label: '3月', value: 1 },
      { label: '4月', value: 0 },
      { label: '5月', value: 2 },
    ]);
    assert.deepEqual(timelineBars([]), []);
  });

  it('is on the term URL only', () => {
    const pages = pagesOf(23);
    assert.deepEqual(pages.map((page) => page.timeline === null), [...pages.slice(0, -1).map(() => true), false]);
    assert.equal(pages.at(-1)!.timeline!.reduce((sum, bar) => sum + bar.value, 0), 23);
  });
});

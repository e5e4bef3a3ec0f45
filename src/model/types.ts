// The Site model: typed, plain values built from validated content. Pure data, no behaviour.
import type { Root } from 'mdast';
import type { SiteConfig } from '../config.js';
import type { CalendarDate } from '../calendar-date.js';
import type { Entry } from '../validate/records.js';

// Entries are made by validation (validate/records.ts); the model holds them as they are.
export type { Entry };

export interface Issue {
  /** Folder name, the first day of the week: '2022-11-21'. */
  readonly id: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly title: string;
  readonly number: number | null;
  readonly editor: string | null;
  readonly published: CalendarDate | null;
  readonly originalUrl: string | null;
  readonly draft: boolean;
  /** The editor's note (the body of index.md), or null when empty. */
  readonly note: Root | null;
  /** In reading order: by section order of site.yml, then by NN. */
  readonly entries: readonly Entry[];
  /** Files in the issue folder that are not Markdown (images), by file name. */
  readonly assets: readonly string[];
  readonly sourcePath: string;
}

export type TaxonomyId = 'sections' | 'regions' | 'sources' | 'tags';

export interface Term {
  readonly taxonomy: TaxonomyId;
  /** The name as content writes it: 'policy/central', '山东省/济南市', '社工中国网'. */
  readonly key: string;
  /** What readers see: '中央政策', '济南市'. */
  readonly name: string;
  /** URL path segment(s) below the taxonomy: 'policy/central', 'shandong/jinan'. */
  readonly slug: string;
  /** Newest issue first, reading order inside an issue; includes the entries of child terms. */
  readonly entries: readonly Entry[];
  readonly parent: string | null;
  readonly children: readonly string[];
}

export interface Taxonomy {
  readonly id: TaxonomyId;
  readonly title: string;
  /** In display order: site.yml order for sections, pinyin order otherwise. */
  readonly terms: readonly Term[];
  readonly byKey: ReadonlyMap<string, Term>;
}

export interface Site {
  readonly config: SiteConfig;
  /** Oldest first. */
  readonly issues: readonly Issue[];
  readonly issueById: ReadonlyMap<string, Issue>;
  readonly taxonomies: Readonly<Record<TaxonomyId, Taxonomy>>;
}

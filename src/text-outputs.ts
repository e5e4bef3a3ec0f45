// Feeds and the search index: the outputs made from the text of every entry. At archive scale
// they take seconds (the index most), so the index is made on a worker thread from the moment
// the model is known, and the feeds on this thread only once the pages are rendered.
import type nunjucks from 'nunjucks';
import { buildFeeds } from './feeds/site-feeds.js';
import type { Site } from './model/types.js';
import { searchDocuments } from './search/search-index.js';
import { startSearchIndex, type SearchIndexOptions, type SearchIndexResult } from './search/search-index-thread.js';

export interface TextOutputsSource {
  site: Site;
  /** Renders the feeds' templates. */
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
}

export interface TextOutputs {
  /** Every feed and index file (the feeds made now); null when disposed of first. */
  files(): Promise<SearchIndexResult | null>;
  /** Stops the index if it is still in the making: files() resolves to null. */
  stop(): void;
  /** Stops what still runs and removes what was staged and not moved into place. */
  dispose(): Promise<void>;
}

/** Starts the search index (on a worker thread when asked); the feeds wait for files(). */
export function startTextOutputs(source: TextOutputsSource, options: SearchIndexOptions): TextOutputs {
  // The index's own copy of the texts: the model may change after this (digest dev).
  const index = startSearchIndex(searchDocuments(source.site), options);
  return {
    async files() {
      const feeds = buildFeeds(source);
      const made = await index.result;
      return made && { files: [...feeds, ...made.files], unchanged: made.unchanged };
    },
    stop: () => index.stop(),
    dispose: () => index.dispose(),
  };
}

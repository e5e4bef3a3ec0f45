// Feeds and the search index: the outputs made from the text of every entry. At archive scale
// they take seconds (the index most), so the index is made on a worker thread from the moment
// the model is known, and the feeds on this thread only once the pages are rendered.
import type nunjucks from 'nunjucks';
import { buildFeeds } from './feeds/site-feeds.js';
import type { Site } from './model/types.js';
import { searchDocuments } from './search/search-index.js';
import { startSearchIndex, type SearchIndexOptions } from './search/search-index-thread.js';
import type { OutputFile } from './write/write-output.js';

export interface TextOutputsSource {
  site: Site;
  /** Renders the feeds' templates. */
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
}

export interface TextOutputs {
  /** Every feed and index file (the feeds made now); null when cancelled first. */
  files(): Promise<OutputFile[] | null>;
  cancel(): void;
}

/** Starts the search index (on a worker thread when asked); the feeds wait for files(). */
export function startTextOutputs(source: TextOutputsSource, options: SearchIndexOptions): TextOutputs {
  // The index's own copy of the texts: the model may change after this (digest dev).
  const index = startSearchIndex(searchDocuments(source.site), options);
  return {
    async files() {
      const feeds = buildFeeds(source);
      const files = await index.files;
      return files && [...feeds, ...files];
    },
    cancel: () => index.cancel(),
  };
}

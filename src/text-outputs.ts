// Feeds and the search index: the outputs made from the text of every entry. At archive scale
// they take seconds (the index most), so the index is made on a worker thread from the moment
// the model is known, and the feeds on this thread in short turns, once the pages are rendered.
// A long-lived builder makes the sitemap with them, after its pages: it lists every page, and no
// page shown waits for it.
import type nunjucks from 'nunjucks';
import { buildFeedsInTurns } from './feeds/site-feeds.js';
import type { Site } from './model/types.js';
import type { Page } from './route/route-site.js';
import { sitemapUrl } from './model/urls.js';
import { buildSitemap } from './sitemap/sitemap.js';
import type { BodyStore } from './parse/body-store.js';
import { searchDocuments } from './search/search-index.js';
import { startSearchIndex, type SearchIndexOptions, type SearchIndexResult } from './search/search-index-thread.js';
import type { OutputRecord } from './write/output-record.js';
import { writeOutput } from './write/write-output.js';

export interface TextOutputsSource {
  site: Site;
  /** The site's pages, which the sitemap lists. */
  pages: readonly Page[];
  /** Renders the feeds' templates. */
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  bodies: BodyStore;
}

/** What feeds and search index are made from, and where they go. */
export interface TextTarget extends TextOutputsSource {
  outDir: string;
  protectedDirs: readonly string[];
  sourceDirs: readonly string[];
  /** A site's own public/ file of the same path wins over a generated one. */
  publicPaths: ReadonlySet<string>;
}

export interface TextOutputs {
  /** Every feed and index file (the feeds made now); null when stopped or disposed of first. */
  files(): Promise<SearchIndexResult | null>;
  /** Stops the index if it is still in the making: files() resolves to null. */
  stop(): void;
  /** Stops what still runs and removes what was staged and not moved into place. */
  dispose(): Promise<void>;
}

/** Starts the search index (on a worker thread when asked); the feeds wait for files(). */
export function startTextOutputs(source: TextOutputsSource, options: SearchIndexOptions): TextOutputs {
  // The index's own copy of the texts, kept for a worker that fails: the model may change after
  // this (digest dev).
  const documents = searchDocuments(source.site, source.bodies);
  const index = startSearchIndex(() => documents, options);
  let stopped = false;
  return {
    async files() {
      const feeds = await buildFeedsInTurns(source, () => stopped);
      if (!feeds) return null;
      const sitemap = { path: sitemapUrl(), contents: buildSitemap(source.site, source.pages) };
      const made = await index.result;
      return made && { files: [...feeds, sitemap, ...made.files], unchanged: made.unchanged };
    },
    stop: () => {
      stopped = true;
      index.stop();
    },
    dispose: () => index.dispose(),
  };
}

/** Feeds, sitemap and index files that no file of the site's public/ replaces, and all their paths. */
export function ownTextFiles(made: SearchIndexResult | null, publicPaths: ReadonlySet<string>) {
  const files = (made?.files ?? []).filter((file) => !publicPaths.has(file.path));
  const unchanged = (made?.unchanged ?? []).filter((file) => !publicPaths.has(file));
  return { files, unchanged, paths: new Set([...files.map((file) => file.path), ...unchanged]) };
}

/**
 * Writes feeds, sitemap and index files in place of those at `oldPaths` (written by an earlier run);
 * every other output stays as `outputs` records it. Returns the new records, and the paths of
 * the feeds, sitemap and index files now.
 */
export async function writeTextOutputs(target: TextTarget, made: SearchIndexResult, outputs: ReadonlyMap<string, OutputRecord>, oldPaths: ReadonlySet<string>) {
  const own = ownTextFiles(made, target.publicPaths);
  const written = await writeOutput({
    outDir: target.outDir,
    protectedDirs: target.protectedDirs,
    sourceDirs: target.sourceDirs,
    files: own.files,
    kept: [...[...outputs.keys()].filter((output) => !oldPaths.has(output)), ...own.unchanged],
    previous: outputs,
  });
  return { records: written.records, paths: own.paths };
}

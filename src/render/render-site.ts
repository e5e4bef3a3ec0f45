// Pages -> output files, rendering only the pages whose fingerprint changed since they were
// written (and whose file is still on disk as written). Pure apart from nunjucks reading templates.
import type { PageRecord } from '../cache/build-cache.js';
import type { Page } from '../route/route-site.js';
import type { OutputFile } from '../write/write-output.js';

export interface RenderSiteOptions {
  pages: readonly Page[];
  renderPage: (page: Page) => string;
  fingerprint: (page: Page) => string | null;
  /** Records of the pages as last written. */
  previous: ReadonlyMap<string, PageRecord>;
  /** Output files on disk exactly as last written. */
  intact: ReadonlySet<string>;
  /** Receives each rendered page. */
  emit: (file: OutputFile) => void;
}

export interface RenderedSite {
  /** How many pages were rendered this time. */
  rendered: number;
  /** Output paths of pages left as they are. */
  kept: string[];
  /** Records of every page with a fingerprint, for the next build. */
  records: Map<string, PageRecord>;
}

export function renderSite(options: RenderSiteOptions): RenderedSite {
  let rendered = 0;
  const kept: string[] = [];
  const records = new Map<string, PageRecord>();
  for (const page of options.pages) {
    const fingerprint = options.fingerprint(page);
    if (fingerprint !== null) records.set(page.outputPath, { fingerprint });
    if (fingerprint !== null && options.previous.get(page.outputPath)?.fingerprint === fingerprint && options.intact.has(page.outputPath)) {
      kept.push(page.outputPath);
      continue;
    }
    options.emit({ path: page.outputPath, contents: options.renderPage(page) });
    rendered++;
  }
  return { rendered, kept, records };
}

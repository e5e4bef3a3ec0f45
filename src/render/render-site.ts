// Pages -> output files, rendering only the pages whose fingerprint changed since they were
// written (and whose file is still on disk as written), with the site's template errors collected
// as messages instead of thrown. All templates are compiled before any page renders: nunjucks
// throws a syntax error of an included template from a later tick, out of reach of any try, so
// rendering must never be the first to meet a template.
import type nunjucks from 'nunjucks';
import type { VFile } from 'vfile';
import type { Page } from '../route/route-site.js';
import type { OutputFile } from './output-file.js';
import { TemplateProblems } from './template-problems.js';

/** A page as last written: the fingerprint of what it shows (the cache keeps these). */
export interface PageRecord {
  fingerprint: string;
}

export interface RenderSiteOptions {
  pages: readonly Page[];
  env: nunjucks.Environment;
  /** A page's HTML. */
  renderPage: (page: Page) => string;
  fingerprint: (page: Page) => string | null;
  /** Every template name the environment can load ('partials/entry.njk'), to compile first. */
  templateNames: Iterable<string>;
  /** The site root and its templates/ folder: errors there are the site's, others are bugs. */
  root: string;
  siteTemplates: string;
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
  /** Files of the site's templates/ with template-error messages; empty when all went well. */
  problems: VFile[];
}

/** Throws what is not a site template's fault (a broken built-in template is a bug). */
export function renderSite(options: RenderSiteOptions): RenderedSite {
  const problems = new TemplateProblems({ root: options.root, siteTemplates: options.siteTemplates });
  let rendered = 0;
  const kept: string[] = [];
  const records = new Map<string, PageRecord>();
  for (const name of options.templateNames) {
    try {
      options.env.getTemplate(name, true);
    } catch (error) {
      if (!problems.add(error)) throw error;
    }
  }
  if (problems.files.length > 0) return { rendered, kept, records, problems: problems.files };
  for (const page of options.pages) {
    const fingerprint = options.fingerprint(page);
    if (fingerprint !== null) records.set(page.outputPath, { fingerprint });
    if (fingerprint !== null && options.previous.get(page.outputPath)?.fingerprint === fingerprint && options.intact.has(page.outputPath)) {
      kept.push(page.outputPath);
      continue;
    }
    try {
      options.emit({ path: page.outputPath, contents: options.renderPage(page) });
      rendered++;
    } catch (error) {
      if (!problems.add(error, page.url)) throw error;
    }
  }
  return { rendered, kept, records, problems: problems.files };
}

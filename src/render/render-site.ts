// Every page -> HTML, with the site's template errors collected as messages instead of thrown.
// All templates are compiled before any page renders: nunjucks throws a syntax error of an
// included template from a later tick, out of reach of any try, so rendering must never be the
// first to meet a template.
import type nunjucks from 'nunjucks';
import type { VFile } from 'vfile';
import type { Page } from '../route/route-site.js';
import type { OutputFile } from '../write/write-output.js';
import { TemplateProblems } from './template-problems.js';

export interface RenderSiteOptions {
  pages: readonly Page[];
  env: nunjucks.Environment;
  renderPage: (page: Page) => string;
  /** Every template name the environment can load ('partials/entry.njk'), to compile first. */
  templateNames: Iterable<string>;
  /** The site root and its templates/ folder: errors there are the site's, others are bugs. */
  root: string;
  siteTemplates: string;
}

export interface RenderedSite {
  outputs: OutputFile[];
  /** Files of the site's templates/ with template-error messages; empty when all went well. */
  problems: VFile[];
}

/** Throws what is not a site template's fault (a broken built-in template is a bug). */
export function renderSite(options: RenderSiteOptions): RenderedSite {
  const problems = new TemplateProblems({ root: options.root, siteTemplates: options.siteTemplates });
  for (const name of options.templateNames) {
    try {
      options.env.getTemplate(name, true);
    } catch (error) {
      if (!problems.add(error)) throw error;
    }
  }
  if (problems.files.length > 0) return { outputs: [], problems: problems.files };
  const outputs: OutputFile[] = [];
  for (const page of options.pages) {
    try {
      outputs.push({ path: page.outputPath, contents: options.renderPage(page) });
    } catch (error) {
      if (!problems.add(error, page.url)) throw error;
    }
  }
  return { outputs, problems: problems.files };
}

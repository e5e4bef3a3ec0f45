// The nunjucks environment: template folders (the site's first, then the built-in ones) and
// every filter templates may use, in one place. Autoescape is on: only pre-rendered Markdown
// HTML is marked safe.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { SiteConfig } from '../config.js';
import { chineseDate, monthDay, toTimestamp } from '../calendar-date.js';
import type { Issue, Term } from '../model/types.js';
import { issueUrl, termFeedUrl } from '../model/urls.js';
import { issueStructuredData } from './structured-data.js';
import { BUILTIN_TEMPLATES } from '../load/load-templates.js';

export { BUILTIN_TEMPLATES };

export interface EnvironmentOptions {
  config: SiteConfig;
  /** Folders searched in order before the built-in templates (a site's own templates/). */
  templateDirs: readonly string[];
}

export function createEnvironment(options: EnvironmentOptions): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([...options.templateDirs, BUILTIN_TEMPLATES].map((dir) => path.resolve(dir)), { noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  const { basePath, url: siteUrl } = options.config;
  /** Site-relative URL -> path under the base path: 'issues/' -> '/digest/issues/'. */
  env.addFilter('url', (url: string) => basePath + (url ?? ''));
  /** Site-relative URL -> absolute URL, for canonical links and feeds. */
  env.addFilter('absolute_url', (url: string) => siteUrl + (url ?? ''));
  env.addFilter('issue_url', (issue: { id: string }) => issueUrl(issue.id));
  env.addFilter('date_cn', (date: string) => (date ? chineseDate(date) : ''));
  env.addFilter('month_day', (date: string) => (date ? monthDay(date) : ''));
  env.addFilter('timestamp', (date: string) => (date ? toTimestamp(date) : ''));
  env.addFilter('term_feed_url', (term: Term) => termFeedUrl(term.taxonomy, term.slug));
  env.addFilter('issue_structured_data', (issue: Issue) => issueStructuredData(issue, options.config));
  env.addFilter('json_ld', (value: unknown) => new nunjucks.runtime.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')));
  return env;
}

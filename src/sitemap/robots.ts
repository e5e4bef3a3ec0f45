// robots.txt: everything may be crawled; it names the sitemap by its absolute URL, which
// depends on where the site is hosted, hence generated rather than a static file.
import type { SiteConfig } from '../config.js';
import { sitemapUrl } from '../model/urls.js';

export function buildRobots(config: SiteConfig): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${config.url}${sitemapUrl()}\n`;
}

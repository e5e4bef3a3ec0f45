// `digest dev`'s newsletter previews under /__digest/newsletter/, made on request from the dev
// builder's latest good build, so they follow every save; and which of them a build changed, for
// live reload. The pages themselves are in newsletter-preview.ts, loaded on first use.
import type { BuiltSite, NewsletterResponse } from './newsletter-preview.js';

export type { BuiltSite, NewsletterResponse };

export const NEWSLETTER_PATH = '/__digest/newsletter/';

/** The answer for `pathname` under NEWSLETTER_PATH; null when there is no such preview. */
export async function newsletterResponse(pathname: string, built: BuiltSite | null): Promise<NewsletterResponse | null> {
  if (!pathname.startsWith(NEWSLETTER_PATH)) return null;
  const { previewResponse } = await import('./newsletter-preview.js');
  return previewResponse(pathname.slice(NEWSLETTER_PATH.length), built);
}

/**
 * The previews a build changed, as paths like the output's ('__digest/newsletter/<id>/index.html'),
 * for live reload: an issue's when its web page changed (whatever its editions show, its page
 * shows too), all of them when site.yml changed (the newsletter: addresses are on no page).
 */
export function newsletterChanges(changed: readonly string[], sources: readonly string[], built: BuiltSite | null): string[] {
  const all = sources.includes('content/site.yml');
  const ids = new Set<string>();
  for (const file of changed) {
    const id = /^issues\/(\d{4}-\d{2}-\d{2})\/index\.html$/.exec(file)?.[1];
    if (id) ids.add(id);
  }
  if (all && built) for (const issue of built.site.issues) ids.add(issue.id);
  if (ids.size === 0 && !all) return [];
  const prefix = NEWSLETTER_PATH.slice(1);
  return [`${prefix}index.html`, ...[...ids].sort().map((id) => `${prefix}${id}/index.html`)];
}

// The key of a Markdown file's rendered HTML: it is made from the file's bytes, the site's base
// path and where each of its relative links leads, and from nothing else (the bytes fix every
// other link).
import { resolveContentLink } from '../model/content-links.js';
import type { BodyFacts } from '../parse/body-facts.js';
import { relativeLinks } from '../parse/link-target.js';

export interface HtmlKeyInputs {
  sourcePath: string;
  /** Hash of the file's bytes. */
  contentHash: string;
  links: BodyFacts['links'];
  basePath: string;
  exists: (contentPath: string) => boolean;
}

export function htmlKey(inputs: HtmlKeyInputs): string {
  // Concatenated, not hashed: hashing 15,000 keys on every build costs more than keeping them.
  let key = `${inputs.contentHash}\u0001${inputs.basePath}`;
  for (const link of relativeLinks(inputs.links)) {
    const target = resolveContentLink(inputs.sourcePath, link.url, inputs.exists);
    key += `\u0001${target.kind === 'content' ? target.url : target.kind}`;
  }
  return key;
}

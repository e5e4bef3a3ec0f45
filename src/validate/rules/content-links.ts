// broken-link, missing-image: relative links and images must lead to existing content files.
// Every readable Markdown file of an issue folder is checked, valid or not, so a link problem is
// reported in the same run as the file's other problems.
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import type { BodyFacts } from '../../parse/body-facts.js';
import { classifyContentPath } from '../../parse/classify.js';
import type { ContentFile } from '../../parse/content-file.js';
import { linkTarget, relativeLinks } from '../../parse/link-target.js';
import { isReadable } from '../../parse/parse-document.js';

/** `exists`: whether a content path is one of the site's files. */
export function checkContentLinks(files: readonly ContentFile[], exists: (contentPath: string) => boolean): void {
  for (const { file, parsed } of files) {
    if (!parsed || !isReadable(parsed)) continue;
    const links = relativeLinks(parsed.facts.links);
    if (links.length === 0) continue;
    const kind = classifyContentPath(file.path).kind;
    if (kind !== 'entry' && kind !== 'issue-index') continue;
    for (const link of links) checkLink(file, link, exists);
  }
}

function checkLink(file: VFile, node: BodyFacts['links'][number], exists: (path: string) => boolean): void {
  const target = linkTarget(file.path, node.url, exists);
  if (target.kind !== 'missing') return;
  const place = node.place ?? undefined;
  if (node.type === 'image') {
    report(file, 'error', `image "${node.url}" does not exist (looked for ${target.target}); put the image in the issue folder or fix the path`, 'missing-image', place);
  } else if (exists(target.target)) {
    report(file, 'error', `link "${node.url}" leads to ${target.target}, which is not an issue, an entry or an image; link to one of those, or to a full URL`, 'broken-link', place);
  } else {
    report(file, 'error', `link "${node.url}" leads to ${target.target}, which does not exist; fix the path or link to the page's URL`, 'broken-link', place);
  }
}

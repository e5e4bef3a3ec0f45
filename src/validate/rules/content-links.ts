// broken-link, missing-image: relative links and images must lead to existing content files.
// Every readable Markdown file of an issue folder is checked, valid or not, so a link problem is
// reported in the same run as the file's other problems.
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import type { BodyFacts } from '../../parse/body-facts.js';
import { classifyContentPath } from '../../parse/classify.js';
import type { ContentFile } from '../../parse/content-file.js';
import { linkTarget, linkTargetPaths, relativeLinks } from '../../parse/link-target.js';
import { isReadable } from '../../parse/parse-document.js';

/**
 * A file's links found good, with the file's path and the content paths they were checked
 * against: they are good while the path is the same and each link's target is there as it was
 * (a long-lived builder checks every file on every run; files are seldom added or removed, and
 * then only links to those need a look).
 */
const foundGood = new WeakMap<readonly object[], { path: string; paths: ReadonlySet<string> }>();

export function checkContentLinks(files: readonly ContentFile[]): void {
  const known = new Set<string>();
  for (const content of files) known.add(content.file.path);
  const exists = (contentPath: string) => known.has(contentPath);
  for (const { file, parsed } of files) {
    if (!parsed || !isReadable(parsed)) continue;
    const links = relativeLinks(parsed.facts.links);
    if (links.length === 0) continue;
    const good = foundGood.get(links);
    if (good?.path === file.path && (good.paths === known || linkTargetPaths(file.path, links).every((target) => good.paths.has(target) === known.has(target)))) {
      good.paths = known;
      continue;
    }
    const kind = classifyContentPath(file.path).kind;
    if (kind !== 'entry' && kind !== 'issue-index') continue;
    const before = file.messages.length;
    for (const link of links) checkLink(file, link, exists);
    if (file.messages.length === before) foundGood.set(links, { path: file.path, paths: known });
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

// broken-link, missing-image: relative links and images must lead to existing content files.
// Every readable Markdown file of an issue folder is checked, valid or not, so a link problem is
// reported in the same run as the file's other problems.
import { hash } from 'node:crypto';
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import type { BodyFacts } from '../../parse/body-facts.js';
import { classifyContentPath } from '../../parse/classify.js';
import type { ContentFile } from '../../parse/content-file.js';
import { linkTarget, relativeLinks } from '../../parse/link-target.js';
import { isReadable } from '../../parse/parse-document.js';

/**
 * A file's links found good, with the file's path and the set of content paths they were checked
 * against: while neither changes, they are good (a long-lived builder checks every file on every
 * run, and content files are seldom added or removed).
 */
const foundGood = new WeakMap<readonly object[], { path: string; paths: string }>();

export function checkContentLinks(files: readonly ContentFile[]): void {
  const paths = files.map((content) => content.file.path);
  const known = new Set(paths);
  const pathsKey = hash('sha1', paths.join('\n'));
  const exists = (contentPath: string) => known.has(contentPath);
  for (const { file, parsed } of files) {
    if (!parsed || !isReadable(parsed)) continue;
    const links = relativeLinks(parsed.facts.links);
    if (links.length === 0) continue;
    const good = foundGood.get(links);
    if (good?.path === file.path && good.paths === pathsKey) continue;
    const kind = classifyContentPath(file.path).kind;
    if (kind !== 'entry' && kind !== 'issue-index') continue;
    const before = file.messages.length;
    for (const link of links) checkLink(file, link, exists);
    if (file.messages.length === before) foundGood.set(links, { path: file.path, paths: pathsKey });
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

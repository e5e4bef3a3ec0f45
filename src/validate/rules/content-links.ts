// broken-link, missing-image: relative links and images must lead to existing content files.
// Every readable Markdown file of an issue folder is checked, valid or not, so a link problem is
// reported in the same run as the file's other problems.
import type { Image, Link } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import { resolveContentLink } from '../../model/content-links.js';
import { classifyContentPath } from '../../parse/classify.js';
import { isReadable } from '../../parse/parse-document.js';
import type { ContentFile } from '../validate-content.js';

export function checkContentLinks(files: readonly ContentFile[]): void {
  const known = new Set(files.map((content) => content.file.path));
  const exists = (contentPath: string) => known.has(contentPath);
  for (const { file, parsed } of files) {
    if (!parsed || !isReadable(parsed)) continue;
    const kind = classifyContentPath(file.path).kind;
    if (kind !== 'entry' && kind !== 'issue-index') continue;
    visit(parsed.tree, ['link', 'image'], (node) => checkNode(file, node as Link | Image, exists));
  }
}

function checkNode(file: VFile, node: Link | Image, exists: (path: string) => boolean): void {
  const target = resolveContentLink(file.path, node.url, exists);
  if (target.kind !== 'missing') return;
  const place = node.position ? { line: node.position.start.line, column: node.position.start.column } : undefined;
  if (node.type === 'image') {
    report(file, 'error', `image "${node.url}" does not exist (looked for ${target.target}); put the image in the issue folder or fix the path`, 'missing-image', place);
  } else if (exists(target.target)) {
    report(file, 'error', `link "${node.url}" leads to ${target.target}, which is not an issue, an entry or an image; link to one of those, or to a full URL`, 'broken-link', place);
  } else {
    report(file, 'error', `link "${node.url}" leads to ${target.target}, which does not exist; fix the path or link to the page's URL`, 'broken-link', place);
  }
}

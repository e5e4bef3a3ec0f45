// broken-link, missing-image: relative links and images must lead to existing content files.
import type { Image, Link } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import { resolveContentLink } from '../../model/content-links.js';
import type { ContentFile, ValidIssue } from '../validate-content.js';

export function checkContentLinks(issues: readonly ValidIssue[], files: readonly ContentFile[]): void {
  const known = new Set(files.map((content) => content.file.path));
  const exists = (contentPath: string) => known.has(contentPath);
  const fileByPath = new Map(files.map((content) => [content.file.path, content.file]));
  for (const issue of issues) {
    const documents = [
      ...issue.entries.map((entry) => ({ path: entry.sourcePath, tree: entry.body })),
      ...(issue.fields.note && issue.indexFile ? [{ path: issue.indexFile.path, tree: issue.fields.note }] : []),
    ];
    for (const document of documents) {
      const file = fileByPath.get(document.path);
      if (file) visit(document.tree, ['link', 'image'], (node) => checkNode(file, document.path, node as Link | Image, exists));
    }
  }
}

function checkNode(file: VFile, from: string, node: Link | Image, exists: (path: string) => boolean): void {
  const target = resolveContentLink(from, node.url, exists);
  if (target.kind !== 'missing') return;
  const place = node.position ? { line: node.position.start.line, column: node.position.start.column } : undefined;
  if (node.type === 'image') {
    report(file, 'error', `image "${node.url}" does not exist (looked for ${target.target}); put the image in the issue folder or fix the path`, 'missing-image', place);
  } else {
    report(file, 'error', `link "${node.url}" leads to ${target.target}, which does not exist; fix the path or link to the page's URL`, 'broken-link', place);
  }
}

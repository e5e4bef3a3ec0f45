// broken-link, missing-image: relative links and images must lead to existing content files.
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import { resolveContentLink } from '../../model/content-links.js';
import type { BodyFacts } from '../../parse/body-facts.js';
import type { ContentFile, ValidIssue } from '../validate-content.js';

export function checkContentLinks(issues: readonly ValidIssue[], files: readonly ContentFile[]): void {
  const known = new Set(files.map((content) => content.file.path));
  const exists = (contentPath: string) => known.has(contentPath);
  const byPath = new Map(files.map((content) => [content.file.path, content]));
  for (const issue of issues) {
    const documents = [...issue.entries.map((entry) => entry.sourcePath), ...(issue.fields.note && issue.indexFile ? [issue.indexFile.path] : [])];
    for (const documentPath of documents) {
      const content = byPath.get(documentPath);
      if (content?.parsed) for (const link of content.parsed.facts.links) checkLink(content.file, documentPath, link, exists);
    }
  }
}

function checkLink(file: VFile, from: string, link: BodyFacts['links'][number], exists: (path: string) => boolean): void {
  const target = resolveContentLink(from, link.url, exists);
  if (target.kind !== 'missing') return;
  const place = link.place ?? undefined;
  if (link.type === 'image') {
    report(file, 'error', `image "${link.url}" does not exist (looked for ${target.target}); put the image in the issue folder or fix the path`, 'missing-image', place);
  } else {
    report(file, 'error', `link "${link.url}" leads to ${target.target}, which does not exist; fix the path or link to the page's URL`, 'broken-link', place);
  }
}

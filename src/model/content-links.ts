// Relative links between content files: `../2022-11-14/03-foo.md` in an entry means that entry's
// URL. One resolver serves validation (a missing target is an error) and rendering (rewrite).
import path from 'node:path/posix';
import { classifyContentPath, ENTRY_FILE_NAME } from '../parse/classify.js';
import { assetUrl, entryUrl, issueUrl } from './urls.js';

export type LinkTarget =
  | { kind: 'external' }
  | { kind: 'content'; url: string }
  | { kind: 'missing'; target: string };

const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

/** `from` and the known paths are relative to the site root (content/issues/...). */
export function resolveContentLink(from: string, href: string, exists: (contentPath: string) => boolean): LinkTarget {
  if (href === '' || hasScheme.test(href) || href.startsWith('/') || href.startsWith('#') || href.startsWith('//')) return { kind: 'external' };
  const [withoutHash = '', hash] = href.split('#', 2);
  const [pathPart = ''] = withoutHash.split('?', 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  const target = path.normalize(path.join(path.dirname(from), decoded));
  if (!exists(target)) return { kind: 'missing', target };
  const kind = classifyContentPath(target);
  if (kind.kind === 'issue-index') return { kind: 'content', url: issueUrl(kind.folderName) + (hash ? `#${hash}` : '') };
  if (kind.kind === 'entry') {
    const slug = ENTRY_FILE_NAME.exec(kind.fileName)?.[2];
    return slug ? { kind: 'content', url: entryUrl(kind.folderName, slug) } : { kind: 'missing', target };
  }
  if (kind.kind === 'asset') return { kind: 'content', url: assetUrl(kind.folderName, kind.fileName) };
  return { kind: 'missing', target };
}

// Where a relative link in a content file leads (`../2022-11-14/03-foo.md`), by the format's
// naming rules alone: validation asks whether the target exists, model/content-links.ts turns it
// into a site URL.
import path from 'node:path/posix';
import { classifyContentPath, ENTRY_FILE_NAME } from './classify.js';

export type LinkedFile =
  | { kind: 'external' }
  | { kind: 'issue-index'; folderName: string; hash: string | undefined }
  | { kind: 'entry'; folderName: string; slug: string }
  | { kind: 'asset'; folderName: string; fileName: string }
  | { kind: 'missing'; target: string };

const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

/** `from` and the known paths are relative to the site root (content/issues/...). */
/** A link to another site, a site path or an anchor: not to a file under content/. */
export function leadsOutsideContent(href: string): boolean {
  return href === '' || hasScheme.test(href) || href.startsWith('/') || href.startsWith('#');
}

const relative = new WeakMap<readonly { url: string }[], readonly { url: string }[]>();

/**
 * The links of a file that lead to files under content/ (most lead to other sites), remembered
 * per parse result: a long-lived builder asks this of every file on every run.
 */
export function relativeLinks<Link extends { url: string }>(links: readonly Link[]): readonly Link[] {
  let found = relative.get(links) as readonly Link[] | undefined;
  if (found === undefined) {
    const some = links.filter((link) => !leadsOutsideContent(link.url));
    found = some.length > 0 ? some : [];
    relative.set(links, found);
  }
  return found;
}

export function linkTarget(from: string, href: string, exists: (contentPath: string) => boolean): LinkedFile {
  if (leadsOutsideContent(href)) return { kind: 'external' };
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
  if (kind.kind === 'issue-index') return { kind: 'issue-index', folderName: kind.folderName, hash };
  if (kind.kind === 'entry') {
    const slug = ENTRY_FILE_NAME.exec(kind.fileName)?.[2];
    return slug ? { kind: 'entry', folderName: kind.folderName, slug } : { kind: 'missing', target };
  }
  if (kind.kind === 'asset') return { kind: 'asset', folderName: kind.folderName, fileName: kind.fileName };
  return { kind: 'missing', target };
}

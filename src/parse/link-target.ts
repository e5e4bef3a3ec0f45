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
  const [, hash] = href.split('#', 2);
  const target = targetPath(from, href);
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

/** The content path a relative link leads to, whether or not a file is there. */
function targetPath(from: string, href: string): string {
  const [withoutHash = ''] = href.split('#', 1);
  const [pathPart = ''] = withoutHash.split('?', 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  return path.normalize(path.join(path.dirname(from), decoded));
}

const targetsOf = new WeakMap<readonly { url: string }[], { from: string; targets: readonly string[] }>();

/**
 * The content paths that a file's links to other content files lead to: what `linkTarget` asks
 * `exists` about, and all it asks. Remembered per parse result and path (a long-lived builder
 * asks this of every linking file when files are added or removed).
 */
export function linkTargetPaths(from: string, links: readonly { url: string }[]): readonly string[] {
  const known = targetsOf.get(links);
  if (known?.from === from) return known.targets;
  const targets = relativeLinks(links).map((link) => targetPath(from, link.url));
  targetsOf.set(links, { from, targets });
  return targets;
}

// Relative links between content files: `../2022-11-14/03-foo.md` in an entry means that entry's
// URL. Rendering rewrites links with this; validation checks their targets (parse/link-target.ts).
import { linkTarget } from '../parse/link-target.js';
import { assetUrl, entryUrl, issueUrl } from './urls.js';

export type LinkTarget =
  | { kind: 'external' }
  | { kind: 'content'; url: string }
  | { kind: 'missing'; target: string };

/** `from` and the known paths are relative to the site root (content/issues/...). */
export function resolveContentLink(from: string, href: string, exists: (contentPath: string) => boolean): LinkTarget {
  const target = linkTarget(from, href, exists);
  switch (target.kind) {
    case 'issue-index':
      return { kind: 'content', url: issueUrl(target.folderName) + (target.hash ? `#${target.hash}` : '') };
    case 'entry':
      return { kind: 'content', url: entryUrl(target.folderName, target.slug) };
    case 'asset':
      return { kind: 'content', url: assetUrl(target.folderName, target.fileName) };
    default:
      return target;
  }
}

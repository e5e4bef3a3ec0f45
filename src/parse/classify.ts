// What a path under content/ is, by the format's naming rules alone.

export type ContentKind =
  | { readonly kind: 'issue-index'; readonly issueFolder: string; readonly yearFolder: string; readonly folderName: string }
  | { readonly kind: 'entry'; readonly issueFolder: string; readonly yearFolder: string; readonly folderName: string; readonly fileName: string }
  | { readonly kind: 'asset'; readonly issueFolder: string; readonly folderName: string; readonly fileName: string }
  | { readonly kind: 'unknown' };

/** An entry's file name: its two- or three-digit position, then its slug. */
export const ENTRY_FILE_NAME = /^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export const ASSET_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.avif', '.pdf'];

// Every build asks this of every content file several times over: answers are remembered (they
// depend on the path alone), up to a bound a site never reaches.
const known = new Map<string, ContentKind>();
const KNOWN_LIMIT = 200_000;

/** `path` is relative to the site root: content/issues/2022/2022-11-21/index.md */
export function classifyContentPath(path: string): ContentKind {
  let kind = known.get(path);
  if (kind === undefined) {
    if (known.size >= KNOWN_LIMIT) known.clear();
    kind = classify(path);
    known.set(path, kind);
  }
  return kind;
}

function classify(path: string): ContentKind {
  const parts = path.split('/');
  if (parts.length !== 5 || parts[0] !== 'content' || parts[1] !== 'issues') return { kind: 'unknown' };
  const [, , yearFolder = '', folderName = '', fileName = ''] = parts;
  const issueFolder = parts.slice(0, 4).join('/');
  if (fileName === 'index.md') return { kind: 'issue-index', issueFolder, yearFolder, folderName };
  if (fileName.endsWith('.md')) return { kind: 'entry', issueFolder, yearFolder, folderName, fileName };
  const lower = fileName.toLowerCase();
  if (ASSET_EXTENSIONS.some((extension) => lower.endsWith(extension))) return { kind: 'asset', issueFolder, folderName, fileName };
  return { kind: 'unknown' };
}

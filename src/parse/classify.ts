// What a path under content/ is, by the format's naming rules alone.

export type ContentKind =
  | { kind: 'issue-index'; issueFolder: string; yearFolder: string; folderName: string }
  | { kind: 'entry'; issueFolder: string; yearFolder: string; folderName: string; fileName: string }
  | { kind: 'asset'; issueFolder: string; folderName: string; fileName: string }
  | { kind: 'unknown' };

export const ASSET_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.avif', '.pdf'];

/** `path` is relative to the site root: content/issues/2022/2022-11-21/index.md */
export function classifyContentPath(path: string): ContentKind {
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

// content/ -> VFiles with paths relative to the site root. The only content-reading IO.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { MAX_CONTENT_BYTES, reportTooLarge } from './content-limits.js';

export interface LoadedContent {
  /** content/site.yml, or null when missing (reported on `problems`). */
  siteFile: VFile | null;
  /** Every other file under content/, sorted by path. */
  files: VFile[];
  /** Problems that belong to no content file (missing folder, unsafe link). */
  problems: VFile[];
  /** What each file's stat said when it was loaded, and its content hash when that is known. */
  records: Map<string, FileRecord>;
  /**
   * A reload's: the content it was made from, and the paths read again. Every other file has the
   * bytes it had there. Null for a whole load.
   */
  reloadOf?: Reload | null;
}

/** What a reload changed of the content it was made from. */
export interface Reload {
  loaded: LoadedContent;
  /** The files read again, by path. */
  reread: ReadonlyMap<string, VFile>;
  /** Paths `loaded` did not have (all of them read again). */
  added: ReadonlySet<string>;
  /** Paths of `loaded` that are gone. */
  removed: ReadonlySet<string>;
}

/**
 * A content file as a build saw it. A later build that finds the same size, mtime and inode
 * trusts `hash` and reads the file only if something needs its bytes, as git trusts its index.
 */
export interface FileRecord {
  size: number;
  mtimeMs: number;
  ino: number;
  /** sha1 of the bytes; '' until they were hashed. */
  hash: string;
}

export interface KnownFiles {
  records: ReadonlyMap<string, FileRecord>;
  /** When the records were taken (ms since the epoch). */
  recordedAt: number;
}

/**
 * A file changed within this long before its stat was recorded could change again without its
 * mtime moving (coarse file-system clocks): such a record is not trusted, the file is read.
 */
const RACY_MS = 2000;

const SITE_FILE = 'site.yml';

const SITE_PATH = `content/${SITE_FILE}`;

export { MAX_CONTENT_BYTES };

/** What a caller hears while content is loaded (a cold build hands files to its parse workers). */
export interface LoadHooks {
  /** Every file there is to read (relative to the site root), before any is read. */
  listed?(paths: readonly string[]): void;
  /** Each file as soon as it is read; content/site.yml first. */
  read?(file: VFile): void;
}

export async function loadContent(root: string, known?: KnownFiles, hooks: LoadHooks = {}): Promise<LoadedContent> {
  const contentDir = path.join(root, 'content');
  const problems: VFile[] = [];
  const files: VFile[] = [];
  const records = new Map<string, FileRecord>();
  let realContentDir: string;
  try {
    realContentDir = await realpath(contentDir);
  } catch {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', `no content/ folder in ${root}; run this in a site root or pass --root DIR`, 'missing-config');
    return { siteFile: null, files, problems: [file], records };
  }
  if (!statSync(realContentDir).isDirectory()) {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', 'content is a file, not a folder; the site root needs a content/ folder holding site.yml and issues/', 'missing-config');
    return { siteFile: null, files, problems: [file], records };
  }
  const listing = walk(contentDir, '', (relativeDir, error) => problems.push(unreadable(contentFile(root, relativeDir), error)));
  hooks.listed?.(listing.map((listed) => contentPath(listed.relative)));
  const read = (listed: Listed) => readContentFile(root, contentDir, realContentDir, listed.relative, known, !listed.link);
  // site.yml is read first (it says how the rest is rendered), and kept in its place in the order.
  const siteListed = listing.find((listed) => listed.relative === SITE_FILE);
  const siteRead = siteListed ? read(siteListed) : null;
  if (siteRead?.kind === 'file') hooks.read?.(siteRead.file);
  // Synchronous reads: for thousands of small files they are ten times faster than awaiting each.
  for (const listed of listing) {
    const result = listed === siteListed && siteRead ? siteRead : read(listed);
    if (result.kind === 'file' && result !== siteRead) hooks.read?.(result.file);
    if (result.kind === 'file') {
      files.push(result.file);
      records.set(result.file.path, result.record);
    } else if (result.kind === 'problem') problems.push(result.file);
  }
  return splitSiteFile(root, files, problems, records);
}

/**
 * The content again after `changed` paths (absolute, or relative to the site root) were added,
 * edited or removed, reading only those (a folder: every file in it): what digest dev's watcher
 * hands a rebuild. Returns null when a full load is needed instead (something that is neither file
 * nor folder, a file that cannot be read, or the previous load had problems).
 */
export function reloadContent(root: string, previous: LoadedContent, changed: readonly string[]): LoadedContent | null {
  if (previous.problems.length > 0 || !previous.siteFile) return null;
  const contentDir = path.join(root, 'content');
  let realContentDir: string;
  try {
    realContentDir = realpathSync(contentDir);
  } catch {
    return null;
  }
  // The records are brought up to date in place: they are the build cache's, which keeps the
  // latest load's.
  const records = previous.records;
  const readAgain = new Map<string, Uint8Array>();
  const added = new Set<string>();
  const removed = new Set<string>();
  const forget = (known: string) => {
    readAgain.delete(known);
    if (added.delete(known)) records.delete(known);
    else removed.add(known);
  };
  for (const changedPath of changed) {
    const relative = path.relative(contentDir, path.resolve(root, changedPath));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue; // templates/, public/: read on every build
    if (relative.split(path.sep).some((part) => part.startsWith('.'))) continue;
    const key = path.posix.join('content', relative.split(path.sep).join('/'));
    let info;
    try {
      info = lstatSync(path.join(contentDir, relative));
    } catch {
      // Gone: the file, or a whole folder with everything in it.
      if (records.has(key)) forget(key);
      else for (const known of [...records.keys()]) if (known.startsWith(`${key}/`) && !removed.has(known)) forget(known);
      continue;
    }
    // A folder added (a new issue) or replaced: every file in it, read as a whole load would.
    let unlisted = false;
    const inside = info.isDirectory() ? walk(contentDir, relative, () => (unlisted = true)).map((listed) => listed.relative) : info.isFile() ? [relative] : null;
    if (inside === null || unlisted) return null;
    for (const fileRelative of inside) {
      const fileKey = contentPath(fileRelative);
      const read = readContentFile(root, contentDir, realContentDir, fileRelative);
      if (read.kind !== 'file') return null;
      if (!removed.delete(fileKey) && !records.has(fileKey)) added.add(fileKey);
      readAgain.set(fileKey, read.file.value as Uint8Array);
      records.set(fileKey, read.record);
    }
  }
  for (const known of removed) records.delete(known);
  // Without site.yml the site is a whole load's to report.
  if (removed.has(SITE_PATH)) return null;
  // Unchanged files are the same VFiles (their bytes maybe not yet read), without the messages
  // of the last build: messages belong to one build, and every build reports its own.
  const reread = new Map<string, VFile>();
  const fresh = (filePath: string): VFile => {
    const bytes = readAgain.get(filePath)!;
    const file = withBytes(new VFile({ path: filePath, cwd: root }), () => bytes);
    reread.set(filePath, file);
    return file;
  };
  const siteFile = readAgain.has(SITE_PATH) ? fresh(SITE_PATH) : previous.siteFile;
  let files: VFile[];
  if (added.size === 0 && removed.size === 0) {
    files = previous.files.slice();
    const edited = [...readAgain.keys()].filter((filePath) => filePath !== SITE_PATH);
    const indexOf = edited.length > 8 ? new Map(files.map((file, index) => [file.path, index])) : null;
    for (const filePath of edited) files[indexOf ? indexOf.get(filePath)! : files.findIndex((file) => file.path === filePath)] = fresh(filePath);
  } else {
    // The files kept, in order, merged with those read again (in order too).
    const kept = previous.files.filter((file) => !removed.has(file.path) && !readAgain.has(file.path));
    const again = [...readAgain.keys()].filter((filePath) => filePath !== SITE_PATH).sort(byPath).map(fresh);
    files = [];
    let k = 0;
    for (const file of again) {
      while (k < kept.length && kept[k]!.path < file.path) files.push(kept[k++]!);
      files.push(file);
    }
    while (k < kept.length) files.push(kept[k++]!);
  }
  for (const file of files) if (file.messages.length > 0) file.messages = [];
  if (siteFile.messages.length > 0) siteFile.messages = [];
  // Only the last reload looks back, one load deep: no chain of every earlier load is kept.
  previous.reloadOf = null;
  return { siteFile, files, problems: [], records, reloadOf: { loaded: previous, reread, added, removed } };
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A VFile whose value is read on first use. */
function withBytes(file: VFile, read: () => Uint8Array): VFile {
  // One pair of accessors for every file (not two closures each: 16,000 files are loaded on
  // every build, most never read); the first read or write makes `value` a plain property.
  pendingReads.set(file, read);
  Object.defineProperty(file, 'value', LAZY_VALUE);
  return file;
}

const pendingReads = new WeakMap<VFile, () => Uint8Array>();

const settle = (file: VFile, value: VFile['value']): void => {
  pendingReads.delete(file);
  Object.defineProperty(file, 'value', { configurable: true, enumerable: true, writable: true, value });
};

const LAZY_VALUE: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: VFile) {
    const value = pendingReads.get(this)!();
    settle(this, value);
    return value;
  },
  set(this: VFile, value: VFile['value']) {
    settle(this, value);
  },
};

type ReadResult = { kind: 'file'; file: VFile; record: FileRecord } | { kind: 'problem'; file: VFile } | { kind: 'skip' };

/** content/issues/...: a path relative to content/ as the site root sees it, with / always. */
function contentPath(relative: string): string {
  // Paths from walk() are clean: joined by hand, which costs a fraction of path.posix.join.
  return `content/${path.sep === '/' ? relative : relative.split(path.sep).join('/')}`;
}

function contentFile(root: string, relative: string): VFile {
  return new VFile({ path: contentPath(relative), cwd: root });
}

function unreadable(file: VFile, error: unknown): VFile {
  report(file, 'error', `cannot read this file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions`, 'unreadable-file');
  return file;
}

/**
 * `plain`: the listing found a plain file (not a link) and this is where its bytes go. Such a file
 * that no earlier build recorded is opened and read at once (open, fstat, read, close), else it
 * is looked at first (lstat) and read only if needed.
 */
function readContentFile(root: string, contentDir: string, realContentDir: string, relative: string, known?: KnownFiles, plain = false): ReadResult {
  const file = contentFile(root, relative);
  try {
    const absolute = `${contentDir}${path.sep}${relative}`;
    const read = plain && !known?.records.has(file.path) ? readPlainFile(file, absolute) : null;
    return read ?? readContentFileAt(file, absolute, realContentDir, known);
  } catch (error) {
    return { kind: 'problem', file: unreadable(file, error) };
  }
}

// Opening with O_NOFOLLOW refuses a file that became a link since it was listed; O_NONBLOCK
// never waits on one that became a FIFO. Where there are no such flags (Windows), files are
// looked at first.
const PLAIN_OPEN_FLAGS = constants.O_NOFOLLOW === undefined || constants.O_NONBLOCK === undefined ? null : constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A file listed as plain, read with the stat of its open descriptor; null when it is not (or no
 * longer) a plain file that opens: readContentFileAt then looks at it, with the messages it has.
 */
function readPlainFile(file: VFile, absolute: string): ReadResult | null {
  if (PLAIN_OPEN_FLAGS === null) return null;
  let descriptor: number;
  try {
    descriptor = openSync(absolute, PLAIN_OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const info = fstatSync(descriptor);
    if (!info.isFile()) return null;
    if (info.size > MAX_CONTENT_BYTES) return { kind: 'problem', file: tooLarge(file, info.size) };
    file.value = readWhole(descriptor, info.size);
    return { kind: 'file', file, record: { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, hash: '' } };
  } finally {
    closeSync(descriptor);
  }
}

/** All of an open file, as readFileSync reads it. */
function readWhole(descriptor: number, size: number): Buffer {
  // Files whose size the system does not tell.
  if (size === 0) return readFileSync(descriptor);
  const bytes = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  while (filled < size) {
    const count = readSync(descriptor, bytes, filled, size - filled, null);
    if (count === 0) break;
    filled += count;
  }
  return filled < size ? bytes.subarray(0, filled) : bytes;
}

function tooLarge(file: VFile, size: number): VFile {
  reportTooLarge(file, size);
  return file;
}

function readContentFileAt(file: VFile, absolute: string, realContentDir: string, known?: KnownFiles): ReadResult {
  const info = lstatSync(absolute);
  if (info.isSymbolicLink()) {
    let target: string | null = null;
    try {
      target = realpathSync(absolute);
    } catch {
      target = null;
    }
    if (target === null || !isInside(realContentDir, target)) {
      report(file, 'error', 'this symbolic link leads outside content/ (or nowhere); replace it with the file itself', 'unsafe-path');
      return { kind: 'problem', file };
    }
    if (!statSync(target).isFile()) return { kind: 'skip' };
  }
  const size = info.isSymbolicLink() ? statSync(absolute).size : info.size;
  if (size > MAX_CONTENT_BYTES) return { kind: 'problem', file: tooLarge(file, size) };
  const record: FileRecord = { size, mtimeMs: info.mtimeMs, ino: info.ino, hash: '' };
  const before = known?.records.get(file.path);
  if (!info.isSymbolicLink() && before && before.hash !== '' && before.size === size && before.mtimeMs === info.mtimeMs && before.ino === info.ino && info.mtimeMs < known!.recordedAt - RACY_MS) {
    record.hash = before.hash;
    return { kind: 'file', file: withBytes(file, () => readFileSync(absolute)), record };
  }
  file.value = readFileSync(absolute);
  return { kind: 'file', file, record };
}

function splitSiteFile(root: string, files: VFile[], problems: VFile[], records: Map<string, FileRecord>): LoadedContent {
  const siteIndex = files.findIndex((file) => file.path === 'content/site.yml');
  if (siteIndex === -1) {
    // A site.yml that is there but refused (too large, a link out of content/) has its message.
    if (problems.some((problem) => problem.path === 'content/site.yml')) return { siteFile: null, files, problems, records };
    const file = new VFile({ path: 'content/site.yml', cwd: root });
    report(file, 'error', 'content/site.yml is missing; create it with title, url and sections (see README)', 'missing-config');
    problems.push(file);
    return { siteFile: null, files, problems, records };
  }
  const [siteFile] = files.splice(siteIndex, 1);
  return { siteFile: siteFile ?? null, files, problems, records };
}

/** A file or link found below content/: its path relative to content/, and which it is. */
interface Listed {
  relative: string;
  link: boolean;
}

/**
 * All files and links below `dir`, sorted by path, skipping dot-files (.DS_Store, .git). Sockets
 * and FIFOs are not files to read. A folder that cannot be listed goes to `failed`.
 */
function walk(dir: string, prefix: string, failed: (relativeDir: string, error: unknown) => void): Listed[] {
  let entries;
  try {
    entries = readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    failed(prefix, error);
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result: Listed[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix === '' ? entry.name : `${prefix}${path.sep}${entry.name}`;
    if (entry.isDirectory()) result.push(...walk(dir, relative, failed));
    else if (entry.isFile() || entry.isSymbolicLink()) result.push({ relative, link: entry.isSymbolicLink() });
  }
  return result;
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Lets go of the bytes of every Markdown file loaded: each is read again only if something needs
 * it (a one-off build needs none after the parse, and an archive's are 70 MB).
 */
export function releaseMarkdownBytes(root: string, loaded: LoadedContent): void {
  for (const file of loaded.files) if (file.path.endsWith('.md')) withBytes(file, () => readFileSync(path.join(root, file.path)));
}

// Builds a site root into a fresh folder under test/.tmp/ and reads back what readers get.
import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../../src/build.ts';
import { assertWellFormedXml } from './well-formed-xml.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TMP = path.join(REPO_ROOT, 'test', '.tmp');

/** Builds `root` (default: the bundled sample site) into test/.tmp/<name>; returns the output folder. */
export async function buildInto(name: string, options: { root?: string; baseUrl?: string } = {}): Promise<string> {
  const outDir = path.join(TMP, name);
  await rm(outDir, { recursive: true, force: true });
  const result = await build({ root: options.root ?? REPO_ROOT, outDir, baseUrl: options.baseUrl });
  const messages = result.files.flatMap((file) => file.messages.map((message) => `${file.path}: ${message.reason}`));
  assert.ok(result.ok, `build failed:\n${messages.join('\n')}`);
  assertWellFormedXml(outDir);
  return outDir;
}

/** Every file below `dir`, '/'-separated and relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export interface RenderedEntry {
  /** 'issues/2025-11-24/#slug' */
  url: string;
  title: string;
  body: string;
  /** Region, sources and tags as linked under the entry. */
  keywords: string[];
}

/** The entries as an issue page shows them, read from the built HTML. */
export async function renderedEntries(outDir: string): Promise<RenderedEntry[]> {
  const issuesDir = path.join(outDir, 'issues');
  const entries: RenderedEntry[] = [];
  for (const name of (await readdir(issuesDir)).sort()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(name)) continue;
    const html = await readFile(path.join(issuesDir, name, 'index.html'), 'utf8');
    for (const match of html.matchAll(/<article class="entry" id="([^"]+)">([\s\S]*?)<\/article>/g)) {
      const [, slug, article] = match as unknown as [string, string, string];
      const title = /<h([34]) class="entry__title">([\s\S]*?)<\/h\1>/.exec(article)?.[2] ?? '';
      const body = /<div class="entry__body prose">([\s\S]*)<\/div>\s*(?:<p class="entry__citation">[\s\S]*?<\/p>\s*)?<dl class="entry__meta">/.exec(article)?.[1] ?? '';
      const meta = /<dl class="entry__meta">([\s\S]*?)<\/dl>/.exec(article)?.[1] ?? '';
      const keywords = [...meta.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((link) => htmlText(link[1]!));
      entries.push({ url: `issues/${name}/#${slug}`, title: htmlText(title), body: htmlText(body), keywords });
    }
  }
  return entries;
}

const BLOCK_TAGS = /<\/?(?:p|li|ul|ol|h[1-6]|blockquote|pre|div|br|hr|table|thead|tbody|tr|td|th|dl|dt|dd)\b[^>]*>/g;

/** Text as a reader sees it: block boundaries become spaces, inline tags vanish, entities decode. */
export function htmlText(html: string): string {
  return html
    .replace(BLOCK_TAGS, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

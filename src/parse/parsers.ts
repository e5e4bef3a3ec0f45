// The Markdown and frontmatter parsers (unified, remark, micromark, gray-matter) take a tenth of
// a second to load, and a build that finds everything in its cache uses none of them: they are
// loaded on first need. Asynchronous callers load them ahead (loadParsers) wherever they may
// parse or render Markdown; a synchronous caller that still meets them first (a tree parsed on
// first use) loads them on the spot, which Node loads ES modules for since 20.19.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Parsers {
  markdown: typeof import('./markdown.js');
  frontmatter: typeof import('./frontmatter.js');
}

let loaded: Parsers | undefined;

export async function loadParsers(): Promise<void> {
  if (loaded) return;
  const [markdown, frontmatter] = await Promise.all([import('./markdown.js'), import('./frontmatter.js')]);
  loaded ??= { markdown, frontmatter };
}

export function parsers(): Parsers {
  if (!loaded) {
    // Beside this module, with its extension (.js compiled, .ts under tsx).
    const require = createRequire(import.meta.url);
    const extension = path.extname(fileURLToPath(import.meta.url));
    loaded = { markdown: require(`./markdown${extension}`) as Parsers['markdown'], frontmatter: require(`./frontmatter${extension}`) as Parsers['frontmatter'] };
  }
  return loaded;
}

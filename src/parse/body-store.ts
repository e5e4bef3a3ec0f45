// Entry bodies as the content has them now, by source path. The model holds no bodies: pages,
// feeds and the search index read them through the store a build passes in, so a site made by an
// earlier run stays true when only bodies changed since.
import type { Root } from 'mdast';
import { fullTextOf } from './body-facts.js';
import type { ContentFile } from './content-file.js';
import type { ParsedDocument } from './parse-document.js';

export interface BodyStore {
  /** The body's Markdown tree (parsed again from the file's bytes when it is not held). */
  tree(sourcePath: string): Root;
  /** The body's text as readers see it, whitespace collapsed, blocks apart by BLOCK_BREAK (search, feed excerpts). */
  text(sourcePath: string): string;
}

/** The bodies of these parsed content files. */
export function bodiesOf(contents: readonly ContentFile[]): BodyStore {
  // Made on first use: a run whose pages all have their HTML and text kept may read no body.
  let documents: Map<string, ParsedDocument> | undefined;
  const documentOf = (sourcePath: string) => {
    documents ??= new Map(contents.flatMap((content) => (content.parsed ? [[content.file.path, content.parsed] as const] : [])));
    const document = documents.get(sourcePath);
    if (!document) throw new Error(`no body for ${sourcePath}`);
    return document;
  };
  return {
    tree: (sourcePath) => documentOf(sourcePath).tree,
    text(sourcePath) {
      const document = documentOf(sourcePath);
      return document.facts.fullText ?? fullTextOf(document.tree);
    },
  };
}

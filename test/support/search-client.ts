// The search engine exactly as browsers get it (assets/search-engine.js of a built site), run in
// Node over the built index files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SearchDoc {
  id: number;
  title: string;
  url: string;
  issueTitle: string;
  issueStart: string;
  section: string;
  /** Blocks apart by BLOCK_BREAK. */
  body: string;
  /** As the entry's page labels it ('山东省 · 济南市'), '' for none. */
  region: string;
  sources: string[];
  tags: string[];
  /** Region, sources and tags, space-separated. */
  keywords: string;
}

export interface Piece {
  text: string;
  match: boolean;
}

export interface SearchFilters {
  section?: string;
  region?: string;
  source?: string;
}

export interface SearchEngine {
  search(query: string, filters?: SearchFilters): Promise<{ words: string[][]; ids: number[] }>;
  documents(ids: readonly number[]): Promise<SearchDoc[]>;
  meta(): Promise<{ docCount: number; shardCount: number; version: string; segments: { name: string; from: number; to: number; shardCount: number }[] }>;
}

export interface EngineModule {
  createSearchEngine(options: { load: (file: string, kind: 'json' | 'bytes') => Promise<unknown> }): SearchEngine;
  queryWords(query: string): string[][];
  excerpt(doc: SearchDoc, words: string[][], length?: number): Piece[];
  markMatches(text: string, words: string[][]): Piece[];
  blockJoiner(before: string | undefined, after: string | undefined): '' | ' ';
  BLOCK_BREAK: string;
}

export async function loadSearchEngine(outDir: string): Promise<{ module: EngineModule; engine: SearchEngine; fetched: string[] }> {
  const module = (await import(pathToFileURL(path.join(outDir, 'assets', 'search-engine.js')).href)) as EngineModule;
  const fetched: string[] = [];
  const engine = module.createSearchEngine({
    async load(file, kind) {
      fetched.push(file);
      const bytes = await readFile(path.join(outDir, 'search', 'index', file));
      return kind === 'json' ? JSON.parse(bytes.toString('utf8')) : new Uint8Array(bytes);
    },
  });
  return { module, engine, fetched };
}

/** Search results as entry URLs ('issues/2025-11-24/#slug'), in result order. */
export async function resultUrls(engine: SearchEngine, query: string, filters: SearchFilters = {}): Promise<string[]> {
  const { ids } = await engine.search(query, filters);
  return (await engine.documents(ids)).map((doc) => doc.url);
}

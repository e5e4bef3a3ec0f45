// The search index as generated groups: one per part of the index (a segment's postings, a docs
// chunk), keyed by what its entries are made from, and meta.json, made from the files of every
// part. A build makes only the parts whose entries changed, together in one job (a batch: on a
// worker thread when they are many), and keeps the files of the others: a weekly publish makes the recent
// segment and the last docs chunks, and reads no other entry's text.
import { hash } from 'node:crypto';
import type { Entry, Issue, Site } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { indexParts, partOf, SEARCH_INDEX_META, searchDocuments, searchIndexMeta, searchOutline, type IndexPart } from '../search/search-index.js';
import { startSearchIndex, type SearchIndexOptions, type SearchIndexResult } from '../search/search-index-thread.js';
import type { GeneratedBatch, GeneratedGroup } from './generated-group.js';

export interface SearchIndexInputs {
  site: Site;
  bodies: BodyStore;
  /** Tool and site.yml. */
  base: string;
  /** What an issue's and an entry's fields are made from (their files' paths and hashes). */
  issueKey: (issue: Issue) => string;
  entryKey: (entry: Entry) => string;
  options: SearchIndexOptions;
}

export const SEARCH_INDEX_GROUP = 'search-index';
const groupOf = (part: string): string => `${SEARCH_INDEX_GROUP}:${part}`;

export function searchIndexGroups(inputs: SearchIndexInputs): GeneratedGroup[] {
  const { site, bodies } = inputs;
  const outline = searchOutline(site);
  const parts = indexParts(outline);
  const entries = site.issues.flatMap((issue) => issue.entries);
  // A record holds its entry's URL (the slug, which may depend on the issue's other entries) and
  // its issue's title and date: they are in the key with the entry's own file.
  const docKey = (entry: Entry) => `${inputs.entryKey(entry)}\u0002${entry.slug}\u0002${inputs.issueKey(site.issueById.get(entry.issueId)!)}`;
  const docKeys = entries.map(docKey);
  const keys = parts.map((part) => hash('sha1', [inputs.base, part.name, part.from, ...docKeys.slice(part.from, part.to)].join('\u0001')));

  const wanted: IndexPart[] = [];
  let disposeJob: (() => Promise<void>) | null = null;
  let settle!: (job: Promise<Map<string, SearchIndexResult>>) => void;
  const made = new Promise<Map<string, SearchIndexResult>>((resolve) => (settle = resolve));
  // Started at once, so that the texts are read before a build without the cache lets them go.
  const batch: GeneratedBatch = {
    start() {
      if (disposeJob || wanted.length === 0) return;
      let running: ReturnType<typeof startSearchIndex>;
      try {
        running = startSearchIndex(() => searchDocuments(site, bodies, wanted, outline), { ...inputs.options, parts: wanted });
      } catch (error) {
        disposeJob = async () => undefined;
        settle(Promise.reject(error as Error));
        return;
      }
      disposeJob = () => running.dispose();
      settle(
        running.result.then((result) => {
          if (!result) throw new Error('the search index was stopped before it was made');
          const byPart = new Map<string, SearchIndexResult>(wanted.map((part) => [part.name, { files: [], unchanged: [] }]));
          for (const file of result.files) byPart.get(partOf(file.path)!)!.files.push(file);
          for (const file of result.unchanged) byPart.get(partOf(file)!)!.unchanged.push(file);
          return byPart;
        }),
      );
    },
  };

  const partGroups = parts.map((part, n): GeneratedGroup => ({
    id: groupOf(part.name),
    key: () => keys[n]!,
    markdown: true,
    batch,
    build(onDispose) {
      if (wanted.length === 0) onDispose(async () => disposeJob?.());
      wanted.push(part);
      return made.then((byPart) => byPart.get(part.name)!);
    },
  }));
  const meta: GeneratedGroup = {
    id: groupOf('meta'),
    // The parts' keys cover every entry in order: where issues start, the facets and the parts' files follow from them.
    key: () => hash('sha1', keys.join('\u0001')),
    markdown: false,
    async build(_onDispose, filesOf) {
      const files = (await Promise.all(parts.map((part) => filesOf(groupOf(part.name))))).flat();
      return { files: [{ path: SEARCH_INDEX_META, contents: searchIndexMeta(outline, files) }], unchanged: [] };
    },
  };
  return [...partGroups, meta];
}

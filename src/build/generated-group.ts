// A group of generated files (feeds, a part of the search index, ...): made together, from the
// same inputs, and kept together when none of them changed (reuse-generated.ts).
import type { OutputFile } from '../render/output-file.js';
import type { SearchIndexResult } from '../search/search-index-thread.js';

/** Files made together from the same inputs. */
export interface GeneratedGroup {
  /** Names the group in the build cache. */
  id: string;
  /** Hash of everything the files are made from; null: made every time. */
  key(): string | null;
  /** Making them may parse or render Markdown (entry texts, notes): see parse/parsers.ts. */
  markdown: boolean;
  /**
   * Makes the files: at once, or (the search index, on a worker thread) later; `unchanged` lists
   * files that came out as the output folder already has them. `onDispose` receives what removes
   * work in progress or staged files if the build ends first. `filesOf` gives the path and sha1
   * of each file of another group, kept or made (meta.json lists the index's other files).
   */
  build(onDispose: (dispose: () => Promise<void>) => void, filesOf: (id: string) => Promise<FileHash[]>): OutputFile[] | Promise<SearchIndexResult>;
  /**
   * Groups made by one job (the parts of the search index, on one worker), listed one after
   * another: each build() only says that its group is wanted, and start(), called as soon as
   * every group of the batch to make has been asked for, starts the job.
   */
  batch?: GeneratedBatch | undefined;
}

export interface GeneratedBatch {
  start(): void;
}

export type FileHash = [path: string, hash: string];

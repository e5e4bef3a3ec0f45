// Feeds, the search index and the sitemap as a long-lived builder makes them: after its pages,
// in the background. They are the generated groups of generated-files.ts, kept or made as a
// one-off build keeps or makes them (only the groups whose inputs changed are made: a few feeds
// and a part or two of the index after an edit), with the main thread given back every few
// milliseconds and the index on a worker thread, so that the next edit never waits long for them.
import type { GeneratedGroup } from './build/generated-group.js';
import { isTextGroup } from './build/generated-files.js';
import { reuseGenerated, type GeneratedOutputs, type GeneratedRecord, type ReusedGenerated } from './build/reuse-generated.js';
import type { SearchIndexOptions } from './search/search-index-thread.js';
import type { OutputRecord } from './write/output-record.js';
import { writeOutput } from './write/write-output.js';

/** What feeds, search index and sitemap are made of (the run's groups), and where they go. */
export interface TextTarget {
  /** The run's feeds, index and sitemap groups, the index made with these options. */
  groups(searchIndex: SearchIndexOptions): GeneratedGroup[];
  outDir: string;
  protectedDirs: readonly string[];
  sourceDirs: readonly string[];
  /** A site's own public/ file of the same path wins over a generated one. */
  publicPaths: ReadonlySet<string>;
}

/** The output folder as the builder last wrote it. */
export interface TextOutputsBase {
  outputs: ReadonlyMap<string, OutputRecord>;
  /** The generated groups as last written. */
  generated: ReadonlyMap<string, GeneratedRecord>;
  /** Whether the index may use a worker thread. */
  thread: boolean;
}

export interface TextOutputs {
  reused: ReusedGenerated;
  /** The files of the groups made; null when stopped first. */
  files: Promise<GeneratedOutputs | null>;
}

/** Starts making the groups whose inputs changed since `base.generated` was written; `stopped()` stops it. */
export function startTextOutputs(target: TextTarget, base: TextOutputsBase, stopped: () => boolean): TextOutputs {
  const groups = target.groups({ thread: base.thread, background: true, outDir: target.outDir, previous: base.outputs });
  // This builder wrote the output folder: its records are its files.
  const reused = reuseGenerated(groups, { outDir: target.outDir, previous: base.generated, outputs: base.outputs, taken: target.publicPaths, ownsOutput: true });
  return { reused, files: reused.buildInTurns(stopped) };
}

/**
 * Writes the groups' files in place of the feeds, index and sitemap files at `oldPaths`
 * (written by an earlier run); every other output stays as `outputs` records it. Returns the new
 * output records, the text groups' records, and the paths of their files now.
 */
export async function writeTextOutputs(target: TextTarget, job: TextOutputs, made: GeneratedOutputs, outputs: ReadonlyMap<string, OutputRecord>, oldPaths: ReadonlySet<string>) {
  const written = await writeOutput({
    outDir: target.outDir,
    protectedDirs: target.protectedDirs,
    sourceDirs: target.sourceDirs,
    files: made.files,
    kept: [...[...outputs.keys()].filter((output) => !oldPaths.has(output)), ...job.reused.kept, ...made.unchanged],
    previous: outputs,
  });
  const paths = new Set([...job.reused.kept, ...made.files.map((file) => file.path), ...made.unchanged]);
  return { records: written.records, generated: job.reused.records(written.records), paths };
}

/** The records of `all`'s groups but the feeds, index and sitemap, and those of `text`'s. */
export function withTextRecords(all: ReadonlyMap<string, GeneratedRecord>, text: ReadonlyMap<string, GeneratedRecord>): Map<string, GeneratedRecord> {
  return new Map([...[...all].filter(([id]) => !isTextGroup(id)), ...[...text].filter(([id]) => isTextGroup(id))]);
}

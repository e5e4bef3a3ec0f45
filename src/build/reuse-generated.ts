// Generated files (feeds, search index, ...) kept from the last build when nothing they are made
// from changed: a group is kept when its key is the one recorded, and each of its files is on
// disk as recorded, with the bytes the group made then (the sha1 recorded with the key is the
// one of the output record: a file another writer changed since, digest dev's background write
// of feeds and index for one, no longer matches). Any doubt, and the group is made again.
import { hash } from 'node:crypto';
import { onDiskAsRecorded } from '../write/on-disk.js';
import type { OutputRecord } from '../write/output-record.js';
import type { StagedFile } from '../write/stage-writer.js';
import type { OutputFile } from '../render/output-file.js';
import type { FileHash, GeneratedBatch, GeneratedGroup } from './generated-group.js';

/** Files made by the groups not kept. */
export interface GeneratedOutputs {
  files: (OutputFile | StagedFile)[];
  /** Files that came out as the output folder has them (as recorded): nothing to write. */
  unchanged: string[];
}

/** A group as last written: its key, and the path and sha1 of each of its files. */
export interface GeneratedRecord {
  key: string;
  files: [path: string, hash: string][];
}

export interface ReuseGeneratedOptions {
  outDir: string;
  /** Records of the groups the last build wrote into outDir. */
  previous: ReadonlyMap<string, GeneratedRecord>;
  /** Output records of outDir's files; null: unknown. */
  outputs: ReadonlyMap<string, OutputRecord> | null;
  /** Paths a file of the site's public/ takes: a generated file of the same path is not written. */
  taken: ReadonlySet<string>;
  /**
   * The output folder is this builder's own since it wrote the records (digest dev): a file as
   * recorded is not looked at on disk again.
   */
  ownsOutput?: boolean | undefined;
}

/** How long groups made in turns hold the thread before they give other work a turn. */
const TURN_MS = 8;

export interface ReusedGenerated {
  /** Paths of files kept as they are. */
  kept: string[];
  /** Groups kept, and groups to make. */
  keptGroups: number;
  builtGroups: number;
  /** Some group to make may parse or render Markdown. */
  markdown: boolean;
  /**
   * Makes the groups not kept: their files, but those public/ takes. Every group starts before
   * any is waited for (the search index runs on a worker thread while the others are made).
   */
  build(): Promise<GeneratedOutputs>;
  /**
   * build() for work in the background: it gives the event loop a turn every few milliseconds,
   * and gives null once `stopped()` says so.
   */
  buildInTurns(stopped: () => boolean): Promise<GeneratedOutputs | null>;
  /** Stops what is still being made and removes what was staged and not moved into place. */
  dispose(): Promise<void>;
  /** The records to keep for the next build, given the output records of the write. */
  records(written: ReadonlyMap<string, OutputRecord>): Map<string, GeneratedRecord>;
}

export function reuseGenerated(groups: readonly GeneratedGroup[], options: ReuseGeneratedOptions): ReusedGenerated {
  const { outputs, taken } = options;
  const kept: string[] = [];
  const toBuild: { group: GeneratedGroup; key: string | null }[] = [];
  const made: { id: string; key: string | null; paths: string[] }[] = [];
  const keptFiles = new Map<string, FileHash[]>();
  let keptGroups = 0;
  const disposers: (() => Promise<void>)[] = [];
  const intact = (file: string, hash: string): boolean => {
    const record = outputs?.get(file);
    return record !== undefined && record.hash === hash && !taken.has(file) && (options.ownsOutput === true || onDiskAsRecorded(options.outDir, file, record));
  };
  for (const group of groups) {
    const key = group.key();
    const previous = key === null ? undefined : options.previous.get(group.id);
    if (previous && previous.key === key && previous.files.every(([file, hash]) => intact(file, hash))) {
      kept.push(...previous.files.map(([file]) => file));
      made.push({ id: group.id, key, paths: previous.files.map(([file]) => file) });
      keptFiles.set(group.id, previous.files);
      keptGroups++;
      continue;
    }
    toBuild.push({ group, key });
  }
  const make = async (stopped: (() => boolean) | null): Promise<GeneratedOutputs | null> => {
    const filesOf = groupFiles(keptFiles, toBuild.map(({ group }) => group.id), options.outputs);
    const started: { id: string; key: string | null; result: Promise<GeneratedOutputs> }[] = [];
    const batches = new Set<GeneratedBatch>();
    const startBatches = () => batches.forEach((batch) => batch.start());
    let turn = performance.now();
    for (const { group, key } of toBuild) {
      // A batch starts as soon as its groups have been asked for (its groups come together).
      if (group.batch === undefined || !batches.has(group.batch)) startBatches();
      if (group.batch) batches.add(group.batch);
      const making = group.build((dispose) => disposers.push(dispose), filesOf.get);
      const result = Array.isArray(making) ? Promise.resolve({ files: making, unchanged: [] }) : making;
      // Awaited below, unless a newer run stops this one first.
      result.catch(() => undefined);
      filesOf.settle(group.id, result);
      started.push({ id: group.id, key, result });
      // In turns: the groups made at once (feeds) let the event loop run every few milliseconds.
      // The batches (the search index's parts, all before any feed) start before the first turn.
      if (stopped && Array.isArray(making) && performance.now() - turn > TURN_MS) {
        startBatches();
        await new Promise((resolve) => setImmediate(resolve));
        if (stopped()) return null;
        turn = performance.now();
      }
    }
    startBatches();
    const outputs: GeneratedOutputs = { files: [], unchanged: [] };
    for (const { id, key, result } of started) {
      let built: GeneratedOutputs;
      try {
        built = await result;
      } catch (error) {
        // Stopped: the index's worker ended with it.
        if (stopped?.()) return null;
        throw error;
      }
      if (stopped?.()) return null;
      outputs.files.push(...built.files.filter((file) => !taken.has(file.path)));
      outputs.unchanged.push(...built.unchanged.filter((file) => !taken.has(file)));
      made.push({ id, key, paths: [...built.files.map((file) => file.path), ...built.unchanged] });
    }
    return outputs;
  };
  return {
    kept,
    keptGroups,
    builtGroups: toBuild.length,
    markdown: toBuild.some(({ group }) => group.markdown),
    build: async () => (await make(null))!,
    buildInTurns: (stopped) => make(stopped),
    async dispose() {
      await Promise.all(disposers.splice(0).map((dispose) => dispose()));
    },
    records(written) {
      const records = new Map<string, GeneratedRecord>();
      for (const { id, key, paths } of made) {
        // A group with a file public/ replaces is not recorded: its bytes are not the group's.
        if (key === null || paths.some((file) => taken.has(file) || !written.has(file))) continue;
        records.set(id, { key, files: paths.map((file) => [file, written.get(file)!.hash]) });
      }
      return records;
    },
  };
}

/**
 * The path and sha1 of each file of a group, for groups made from others' files: those of a kept
 * group as recorded, those of a group being made once it is (`settle`).
 */
function groupFiles(kept: ReadonlyMap<string, FileHash[]>, building: readonly string[], outputs: ReadonlyMap<string, OutputRecord> | null) {
  const files = new Map<string, Promise<FileHash[]>>([...kept].map(([id, hashes]) => [id, Promise.resolve(hashes)]));
  // A file that came out as the output folder has it: as recorded.
  const recorded = (file: string): string => outputs?.get(file)?.hash ?? '';
  const settlers = new Map<string, (made: Promise<GeneratedOutputs>) => void>();
  for (const id of building) {
    const made = new Promise<FileHash[]>((resolve, reject) => settlers.set(id, (result) => result.then((built) => resolve(hashesOf(built, recorded)), reject)));
    // Rejected with the group's own failure, which its build reports: not a second time here.
    made.catch(() => undefined);
    files.set(id, made);
  }
  return {
    get: (id: string): Promise<FileHash[]> => files.get(id) ?? Promise.reject(new Error(`no generated group ${id}`)),
    settle: (id: string, result: Promise<GeneratedOutputs>) => settlers.get(id)!(result),
  };
}

function hashesOf(built: GeneratedOutputs, recorded: (file: string) => string): FileHash[] {
  const made = built.files.map((file): FileHash => {
    if ('staged' in file) {
      if (file.hash === undefined) throw new Error(`${file.path} was staged without its hash`);
      return [file.path, file.hash];
    }
    return [file.path, hash('sha1', file.contents)];
  });
  return [...made, ...built.unchanged.map((file): FileHash => [file, recorded(file)])];
}

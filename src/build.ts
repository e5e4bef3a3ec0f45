// The orchestrator: the build steps in execution order, no logic of its own.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { VFile } from 'vfile';
import { emptyCache, htmlOf, knownDocuments, loadCache, saveCache, type CacheContents } from './cache/build-cache.js';
import { toolFingerprint } from './cache/tool-fingerprint.js';
import { replayMessages, runKey, storeMessages, type LastRun, type RunInputs } from './cache/last-run.js';
import type { SiteConfig } from './config.js';
import { hasErrors, report } from './diagnostics.js';
import { loadPublicFiles } from './load/load-assets.js';
import { loadContent, releaseMarkdownBytes, reloadContent, type LoadedContent } from './load/load-content.js';
import { BUILTIN_TEMPLATES, loadTemplateSources } from './load/load-templates.js';
import { siteFolder } from './load/site-folders.js';
import type { Site } from './model/types.js';
import type { BodyStore } from './parse/body-store.js';
import { assetUrl } from './model/urls.js';
import { classifyContentPath } from './parse/classify.js';
import type { EarlyParse } from './build/early-parse.js';
import type { ParseMemo, ParsedContent } from './build/parse-content.js';
import { forgetFullText } from './parse/parse-document.js';
import { loadParsers } from './parse/parsers.js';
import type { createEnvironment } from './render/environment.js';
import type { KeptSummaries } from './render/render-pages.js';
import type { FingerprintMemo } from './render/page-fingerprint.js';
import type { GeneratedOutputs } from './build/reuse-generated.js';
import type { Page } from './route/route-site.js';
import { DeferredTask, type TaskControl } from './deferred-task.js';
import type { TextTarget } from './text-outputs.js';
import type { SearchIndexOptions } from './search/search-index-thread.js';
import type { ValidationMemo } from './validate/validate-content.js';
import type * as Pipeline from './pipeline.js';
import { OutputStage } from './write/output-stage.js';
import { removeDeadScratch } from './write/scratch-dirs.js';
import { assertSafeOutDir, intactOutputs, writeOutput, type OutputFile } from './write/write-output.js';

export interface BuildOptions {
  root: string;
  /** Output folder; default <root>/dist. */
  outDir?: string | undefined;
  baseUrl?: string | undefined;
  drafts?: boolean | undefined;
  /** Warnings fail the build too. */
  strict?: boolean | undefined;
  /** false: check only, write nothing (digest check). */
  write?: boolean | undefined;
  /**
   * Use <root>/.digest-cache/ (default true): read it on the first build, rewrite it after each
   * build that learnt something. false (build --no-cache): a cold build that leaves no cache; a
   * long-lived builder still reuses its own results between runs.
   */
  cache?: boolean | undefined;
  /**
   * Parse worker threads, used however small the archive, and then the search index and output
   * stage threads too; default: none of them below their thresholds (~2,000 entries), else
   * min(2, cores) parse workers. 0 keeps everything on the main thread.
   */
  threads?: number | undefined;
  /** Markup added at the end of every page's body (digest dev's live reload). */
  devScript?: string | undefined;
  /**
   * A long-lived builder writes feeds and the search index after a build resolved (see
   * createBuilder); each such write runs inside this, so that a server reading the output folder
   * can hold its requests meanwhile (digest dev).
   */
  exclusive?: ((write: () => Promise<void>) => Promise<void>) | undefined;
}

export interface BuildStats {
  /** Markdown files parsed in this run; the others were known from an earlier one. */
  parsed: number;
  /** Markdown bodies rendered to HTML in this run. */
  htmlRendered: number;
  /** Pages rendered in this run; the others were unchanged and left as written. */
  rendered: number;
  keptPages: number;
  /** Generated files (feeds, search index, ...) left as written: nothing they show changed. */
  keptGenerated: number;
  /** Output files rendered again whose bytes turned out the same (not written). */
  unchanged: number;
  deleted: number;
  /** What became of the persistent cache on this run's start: 'off', 'used', or why it was not. */
  cache: string;
  /**
   * A one-off build found every input as the last one-off build saw it and that build's output
   * on disk as written: it rendered and wrote nothing, and reported that build's messages again
   * (site and pages are then null and empty; keptPages says how many pages there are).
   */
  upToDate: boolean;
  /** Milliseconds spent in each step, in order. */
  timings: Record<string, number>;
}

export interface BuildResult {
  ok: boolean;
  /** Every file that carries messages, for the report. */
  files: VFile[];
  site: Site | null;
  /** The bodies of the site's entries; null when the build stopped before it had them. */
  bodies: BodyStore | null;
  pages: Page[];
  written: number;
  bytes: number;
  /** Output files written or removed, relative to the output folder (live reload). */
  changed: string[];
  stats: BuildStats;
}

export interface BuildRequest {
  /**
   * Paths (absolute, or relative to the site root) added, edited or removed since the previous
   * run of this builder, as a watcher reports them: only these content files are read again.
   * Without it every content file is read. Changes under templates/ and public/ are listed too (a
   * watcher of the site root reports them): while every change since the last good run is under
   * content/, that run's templates and public files are used again, not read.
   */
  changed?: readonly string[] | undefined;
}

export interface Builder {
  /**
   * Runs the whole pipeline. Only what changed since the last run (or the cache) is parsed and
   * rendered, and only files whose bytes changed are written. Runs never overlap: a call made
   * while one runs starts after it.
   */
  build(request?: BuildRequest): Promise<BuildResult>;
  /**
   * Brings feeds and the search index up to date if a build left them behind, then writes the
   * cache now if a build left something new in it, and resolves when all is written. Otherwise
   * a builder writes the cache about ten seconds after its last build, in the background.
   */
  flush(): Promise<void>;
  /**
   * Drops the feeds and search index still in the making and waits for a write in progress: for
   * a builder no longer needed (digest dev stopping), which must leave the output folder alone.
   */
  close(): Promise<void>;
}

/**
 * A long-lived builder (digest dev) keeps what it parsed and rendered between runs. After its
 * first complete run, a run resolves once its pages are written: feeds and the search index,
 * made from every entry's text (seconds at archive scale, the index on a worker thread), follow
 * a moment later in the background, and a newer run replaces the ones still in the making. So an
 * edit shows in its pages at once, and edits in quick succession make the index once.
 */
export function createBuilder(options: BuildOptions): Builder {
  return newBuilder(options, true);
}

function newBuilder(options: BuildOptions, deferText: boolean): Builder {
  const useCache = options.cache ?? true;
  const text = deferText ? new DeferredTask(TEXT_OUTPUTS_DELAY_MS) : null;
  /** What the feeds and search index were last scheduled from, until they are written. */
  let owedText: TextTarget | null = null;
  const state: BuilderState = { contents: null, cacheStatus: useCache ? 'not read' : 'off', env: null, loaded: null, last: null, pending: null, oneShot: !deferText, textPaths: null, deferText: null, cancelText: text ? () => void text.cancel() : null };
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let warmUp: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return saving;
    dirty = false;
    const root = path.resolve(options.root);
    // After the running build and the previous save: the cache is read whole at the start of
    // saveCache, so it is written as a build left it. (Were a build to change it meanwhile, every
    // record is still true on its own: keyed by content, or checked against the disk on use.)
    saving = Promise.all([saving, queue])
      .then(async () => saveCache(root, await toolFingerprint(), state.contents!))
      .catch(() => undefined);
    return saving;
  };
  const remember = () => {
    state.cacheStatus = 'used';
    dirty = true;
    // Writing the cache takes a moment of this thread: not while digest dev is busy showing
    // an edit, but once edits pause (or on flush()).
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
    timer.unref();
  };
  if (text) {
    const writeText = async (target: TextTarget, control: TaskControl) => {
      const { startTextOutputs, writeTextOutputs, withTextRecords } = await loadPipeline();
      const job = startTextOutputs(target, { outputs: state.contents!.outputs, generated: state.contents!.generated, thread: options.threads !== 0 }, () => control.cancelled);
      control.onCancel(() => void job.reused.dispose());
      try {
        const made = await job.files;
        if (!made || control.cancelled) return;
        const write = () =>
          enqueue(async () => {
            // A newer run that wrote its pages replaced this with its own.
            if (control.cancelled) return;
            const written = await writeTextOutputs(target, job, made, state.contents!.outputs, state.textPaths ?? new Set());
            state.contents!.outputs = written.records;
            state.contents!.generated = withTextRecords(state.contents!.generated, written.generated);
            state.textPaths = written.paths;
            if (useCache && state.cacheStatus !== 'off') remember();
          });
        await (options.exclusive ? options.exclusive(write) : write());
      } finally {
        await job.reused.dispose();
      }
    };
    state.deferText = (target) => {
      owedText = target;
      text.schedule(async (control) => {
        try {
          await writeText(target, control);
          if (!control.cancelled && owedText === target) owedText = null;
        } catch (error) {
          // The next run makes them with its pages, and reports what fails.
          state.textPaths = null;
          throw error;
        }
      });
    };
  }
  return {
    build(request) {
      // The feeds and search index still in the making for an earlier run would hold this one up
      // (a thread, and a write its pages wait for): dropped now, made after this run. A run that
      // fails makes none, so the last good run's are made again then.
      void text?.cancel();
      return enqueue(async () => {
        const changed = request?.changed ?? null;
        const owed = owedText;
        const result = await runBuild(options, state, changed).catch((error: unknown) => {
          if (owed) state.deferText!(owed);
          throw error;
        });
        if (!result.ok && owed) state.deferText!(owed);
        // A good run that made them itself (not in the background) owes nothing of an older one.
        else if (result.ok && owedText === owed) owedText = null;
        const { stats } = result;
        const learnt = stats.parsed + stats.htmlRendered + stats.rendered + stats.deleted + result.written > 0 || stats.cache !== 'used';
        if (useCache && learnt && stats.cache !== 'off' && options.write !== false) remember();
        // A long-lived builder (digest dev) compiles its templates and reads the cached HTML while
        // idle, so the first edit does not pay for them. flush() (what a one-off build calls next)
        // cancels this.
        clearTimeout(warmUp);
        warmUp = setTimeout(() => prepareForEdits(state), WARM_UP_DELAY_MS);
        warmUp.unref();
        return result;
      });
    },
    flush: async () => {
      clearTimeout(warmUp);
      await queue;
      try {
        await text?.settle();
      } finally {
        await save();
      }
    },
    close: async () => {
      clearTimeout(warmUp);
      await text?.cancel();
      await queue;
    },
  };
}

/**
 * Below this many pages to render, writing them here costs less than starting a thread (2,000
 * entries make about 800 pages; see the parse pool's WORKER_THRESHOLD for the measurement).
 */
const STAGE_THREAD_THRESHOLD = 800;
/** Up to this many pages to render (an edit in digest dev, a weekly publish) are held in memory, not staged on disk: a few MB. */
const HELD_PAGES = 200;
/**
 * How long a builder waits after a build before it writes the cache: writing it holds the thread
 * (about a second at 15,000 entries), so not between the saves of an editor at work.
 */
const SAVE_DELAY_MS = 10_000;
const WARM_UP_DELAY_MS = 300;
/** How long a long-lived builder waits after a run before it makes feeds and search index. */
const TEXT_OUTPUTS_DELAY_MS = 200;

function prepareForEdits(state: BuilderState): void {
  state.contents?.htmlFile?.bytes();
  for (const section of Object.values(state.contents?.textFile ?? {})) section.bytes();
  // The parsers too, so the first edit does not wait for them.
  void loadParsers().catch(() => undefined);
  const env = state.env?.env;
  for (const name of state.last?.templateSources.keys() ?? []) {
    if (!env || !name.endsWith('.njk')) continue;
    try {
      env.getTemplate(name, true);
    } catch {
      // A template that does not compile is reported by the build that renders it.
    }
  }
}

/** A one-off build: everything it writes is written when it resolves. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const builder = newBuilder(options, false);
  const result = await builder.build();
  await builder.flush();
  return result;
}

interface BuilderState {
  contents: CacheContents | null;
  cacheStatus: string;
  env: { key: string; env: ReturnType<typeof createEnvironment> } | null;
  /** The content as the last run read it. */
  loaded: LoadedContent | null;
  /** The last run that wrote the site: the dependency graph's previous state. */
  last: LastBuild | null;
  /**
   * Content paths changed since `last` (the runs that failed since included); null when unknown
   * (every page may have changed).
   */
  pending: Set<string> | null;
  /**
   * The feeds and search index files as last written; null until a run wrote them, or when
   * making them in the background failed: then the next run makes them with its pages.
   */
  textPaths: Set<string> | null;
  /** A long-lived builder's: brings feeds and search index up to date after a run that did not. */
  deferText: ((target: TextTarget) => void) | null;
  /** A one-off build (build()): no later run of this builder will use what it records. */
  oneShot: boolean;
  /** A long-lived builder's parts of page fingerprints, from run to run. */
  fingerprints?: FingerprintMemo | undefined;
  /** The config a long-lived builder read from this site.yml file, and the messages that gave. */
  config?: { file: VFile; baseUrl: string | undefined; config: SiteConfig | null; messages: VFile['messages'] } | undefined;
  /** Drops the feeds and search index still being made in the background (a full run makes its own). */
  cancelText: (() => void) | null;
  /** A long-lived builder's parse results by path, from its last run. */
  parseMemo?: ParseMemo;
  /** A long-lived builder's validation of its last run, folder by folder. */
  validationMemo?: ValidationMemo;
  /** A long-lived builder's entry summaries, from its earlier runs. */
  summaries?: KeptSummaries['made'];
}


interface LastBuild {
  outDir: string;
  site: Site;
  pages: Page[];
  global: string;
  envKey: string;
  templateDirs: string[];
  templateSources: Map<string, string>;
  publicDir: string | null;
  publicFiles: OutputFile[];
}

let pipeline: Promise<typeof Pipeline> | null = null;
/** The modules that make pages (see pipeline.ts), loaded once, on first need. */
const loadPipeline = (): Promise<typeof Pipeline> => (pipeline ??= import('./pipeline.js'));

const sha1 = (value: string | Uint8Array): string => createHash('sha1').update(value).digest('hex');

async function runBuild(options: BuildOptions, state: BuilderState, changed: readonly string[] | null): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  let mark = performance.now();
  const timings: Record<string, number> = {};
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const tool = await toolFingerprint();
  const protectedDirs = [root, path.join(root, 'content')];
  const sourceDirs = sourceDirsOf(root);
  if (options.write !== false) {
    // A build killed while writing left its journal: the output folder is put back first.
    await assertSafeOutDir(outDir, protectedDirs, sourceDirs);
    await removeDeadScratch(outDir);
  }
  // cache
  if (state.contents === null) {
    if (options.cache ?? true) {
      const loaded = await loadCache(root, tool);
      state.contents = loaded.ok ? loaded.contents : emptyCache();
      state.cacheStatus = loaded.ok ? 'used' : loaded.reason;
    } else {
      state.contents = emptyCache();
    }
  }
  const cache = state.contents;
  const stats: BuildStats = { parsed: 0, htmlRendered: 0, rendered: 0, keptPages: 0, keptGenerated: 0, unchanged: 0, deleted: 0, cache: state.cacheStatus, upToDate: false, timings };
  step('cache');
  const failed = (files: VFile[], site: Site | null = null, pages: Page[] = []): BuildResult => ({ ok: false, files, site, bodies: null, pages, written: 0, bytes: 0, changed: [], stats });

  // load
  const loadedAt = Date.now();
  // A build that knows no parse results (a cold one) parses every file: its parse workers start
  // when the files are listed and parse them while the rest are read.
  const cold = knownDocuments(cache) === 0;
  const early: Partial<EarlyParse> = cold ? (await import('./build/early-parse.js')).earlyParse({ cold, threads: options.threads, baseUrl: options.baseUrl }) : {};
  let loaded: LoadedContent;
  try {
    loaded = (changed && state.loaded && reloadContent(root, state.loaded, changed)) || (await loadContent(root, { records: cache.files, recordedAt: cache.filesRecordedAt }, early.hooks));
  } catch (error) {
    await early.pool?.close();
    throw error;
  }
  state.loaded = loaded;
  state.pending = changesSinceLast(root, state, changed);
  // The site's own templates/ and public/, unless a link takes them out of the site root.
  const templatesFolder = siteFolder(root, 'templates');
  const publicFolder = siteFolder(root, 'public');
  const folderProblems = [templatesFolder.problem, publicFolder.problem].filter((file) => file !== null);
  const allFiles = [...loaded.problems, ...folderProblems, ...(loaded.siteFile ? [loaded.siteFile] : []), ...loaded.files];
  const siteYmlHash = loaded.siteFile ? sha1(loaded.siteFile.value as Uint8Array) : '';
  const siteTemplates = path.join(root, 'templates');
  const templateDirs = templatesFolder.dir ? [templatesFolder.dir] : [];
  // Every change since the last good run was under content/ (a watcher of the site root would
  // have named any under templates/ or public/): that run's templates and public files still hold.
  const same = state.pending !== null && state.last !== null && state.last.templateDirs.join('\0') === templateDirs.join('\0') && state.last.publicDir === publicFolder.dir ? state.last : null;
  const templateSources = same ? same.templateSources : await loadTemplateSources([...templateDirs, BUILTIN_TEMPLATES]);
  // feeds, sitemap, robots.txt, search index; a site's own public/ file of the same name wins
  const publicFiles = same ? same.publicFiles : await loadPublicFiles(publicFolder.dir);
  const global = sha1(JSON.stringify([tool, siteYmlHash, options.baseUrl ?? null, options.drafts ?? false, options.devScript ?? '']));
  const runInputs = (hashOf: (contentPath: string) => string | undefined): RunInputs => ({
    global,
    outDir,
    templates: templateSources,
    publicFiles,
    contentHashes: loaded.files.map((file) => [file.path, hashOf(file.path) ?? ''] as const),
  });
  step('load');
  if (state.oneShot && options.write !== false && loaded.siteFile && loaded.problems.length === 0 && folderProblems.length === 0) {
    // A file whose stat cannot be trusted (changed just before the last run recorded it) is hashed.
    const contentHash = (file: VFile): string => {
      const record = loaded.records.get(file.path);
      if (record && record.hash === '') record.hash = sha1(file.value as Uint8Array);
      return record?.hash ?? '';
    };
    const byPath = new Map(loaded.files.map((file) => [file.path, file]));
    const last = upToDate(cache, outDir, () => runInputs((contentPath) => contentHash(byPath.get(contentPath)!)));
    if (last) {
      await early.pool?.close();
      const files = replayMessages(root, last.messages);
      Object.assign(stats, { upToDate: true, keptPages: last.pages, keptGenerated: [...cache.generated.values()].reduce((sum, group) => sum + group.files.length, 0) });
      step('up-to-date');
      const ok = !(options.strict && files.length > 0);
      return { ok, files, site: null, bodies: null, pages: [], written: 0, bytes: 0, changed: [], stats };
    }
  }
  // site.yml's schema (zod, yaml) is loaded only by a build that has something to do.
  const config: SiteConfig | null = loaded.siteFile ? await configOf(loaded.siteFile, options.baseUrl, state) : null;
  // Loaded while the parse workers work (a cold build), needed from validation on.
  const loadingPipeline = loadPipeline();
  loadingPipeline.catch(() => undefined);
  // parse
  const { parseContent, emptyParseMemo } = await import('./build/parse-content.js');
  const parsed = await parseContent({
    files: loaded.files,
    basePath: config?.basePath ?? null,
    documents: cache.documents,
    html: cache.html,
    threads: options.threads,
    pool: early.pool,
    knownHash: (filePath) => loaded.records.get(filePath)?.hash,
    memo: state.oneShot ? undefined : (state.parseMemo ??= emptyParseMemo()),
    loaded,
  });
  // A reload's other records are those of the last run, hashed then.
  for (const filePath of (loaded.reloadOf ? loaded.reloadOf.reread : loaded.records).keys()) {
    const record = loaded.records.get(filePath);
    if (record) record.hash = parsed.hashes.get(filePath) ?? '';
  }
  if (loaded.records !== cache.files) {
    // After a partial reload some records are older than this run: keep the oldest time, which
    // trusts fewer records, never more.
    cache.filesRecordedAt = changed && cache.filesRecordedAt > 0 ? Math.min(cache.filesRecordedAt, loadedAt) : loadedAt;
    cache.files = loaded.records;
  }
  stats.parsed = parsed.parsed;
  stats.htmlRendered = parsed.rendered;
  // A one-off build has every body's HTML and text now; a tree is made again only for a page
  // whose HTML is missing, which is rare enough to read its file again.
  if (state.oneShot) releaseMarkdownBytes(root, loaded);
  step('parse');
  const p = await loadingPipeline;
  // validate (even without a valid site.yml: every problem is reported in one run)
  const validIssues = p.validateContent(config, parsed.contents, state.oneShot ? undefined : (state.validationMemo ??= p.emptyValidationMemo()));
  if (!config || hasErrors(allFiles) || (options.strict && allFiles.some((file) => file.messages.length > 0))) return failed(allFiles);
  const bodies = p.bodiesOf(parsed.contents);
  // model and route, unless the last run's still hold: only bodies changed since
  const since = state.last;
  const kept = since && state.pending && since.global === global && p.keepsSite(since.site, validIssues, state.pending) ? since : null;
  const site = kept ? kept.site : p.buildSite(config, validIssues, { drafts: options.drafts ?? false, previous: since?.global === global ? since.site : null });
  const pages = kept ? kept.pages : p.routeSite(site);
  const collisions = kept ? [] : p.findCollisions(pages);
  if (collisions.length > 0) {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', `two pages would be written to ${collisions.join(', ')}; rename one of the terms or issues`, 'url-collision');
    return failed([...allFiles, file], site, pages);
  }
  step('model');
  if (options.write === false) return { ok: true, files: allFiles, site, bodies, pages, written: 0, bytes: 0, changed: [], stats };
  // render
  const known = parsed.paths;
  const exists = (p: string) => known.has(p);
  const envKey = sha1(JSON.stringify([global, templateDirs, [...templateSources]]));
  if (state.env?.key !== envKey) {
    const env = p.createEnvironment({ config, templateDirs });
    state.env = { key: envKey, env };
  }
  const templateHash = p.templateHashes(templateSources);
  // A one-off build without the cache (build --no-cache) renders every page and records nothing:
  // fingerprints, the hashes and mtimes of output files and the bodies' HTML would only be
  // thrown away.
  const keepRecords = !(state.oneShot && !(options.cache ?? true));
  const keptSummaries = state.oneShot ? undefined : { key: envKey, made: (state.summaries ??= new WeakMap()) };
  const fingerprints = state.oneShot ? undefined : (state.fingerprints ??= p.emptyFingerprintMemo());
  const tools = renderTools(p, { site, bodies, config, parsed, cache, env: state.env.env, global, templateHash, exists, devScript: options.devScript, releaseHtml: !keepRecords, keptSummaries, fingerprints });
  // The dependency graph: after the good run that wrote the recorded pages (this builder's or an
  // earlier build's), only pages that read something changed since can differ; the others keep
  // the fingerprints they were written with.
  const graph = keepRecords && cache.outDir === outDir ? cache.graph : null;
  const changedPaths = graph && graph.envKey === envKey ? (parsed.changedSince(graph.hashes) ?? p.changedFiles(graph.hashes, parsed.hashes)) : null;
  const checked = graph && changedPaths ? p.pagesToCheck(graph, site, pages, changedPaths, cache.pages) : null;
  // Every input as when the recorded pages were made (templates and site.yml are in envKey).
  const sameInputs = changedPaths !== null && changedPaths.length === 0;
  if (checked) {
    const computed = tools.fingerprint;
    tools.fingerprint = (page) => (checked.has(page.outputPath) ? computed(page) : cache.pages.get(page.outputPath)!.fingerprint);
  }
  if (!keepRecords) tools.fingerprint = () => null;
  step('prepare');
  const sameOutput = cache.outDir === outDir;
  const previousOutputs = sameOutput ? cache.outputs : null;
  // A long-lived builder owns its output folder between its runs: a page the dependency graph
  // leaves alone is as this builder wrote it, and is not looked at on disk again (thousands of
  // stats). Another build's output may have been changed or removed since (CI restores the cache
  // alone): every page is looked at.
  const ownsOutput = since !== null && since.outDir === outDir;
  const looked = checked && ownsOutput ? pages.filter((page) => checked.has(page.outputPath)) : pages;
  const intact = previousOutputs ? intactOutputs(outDir, previousOutputs, looked.map((page) => page.outputPath)) : new Set<string>();
  if (checked && previousOutputs && ownsOutput) for (const page of pages) if (!checked.has(page.outputPath) && previousOutputs.has(page.outputPath)) intact.add(page.outputPath);
  step('check-output');
  await assertSafeOutDir(outDir, protectedDirs, sourceDirs);
  // Many pages to render: they are written on a worker thread while the next ones render.
  // threads: N (N > 0) asks for the threads however small the site (tests, measurements).
  const forceThreads = options.threads !== undefined && options.threads > 0;
  // At most: the pages the graph has looked at again, and those not on disk as written.
  const toRender = (checked ? checked.size : pages.length) + pages.length - intact.size;
  const stage = new OutputStage(outDir, { record: keepRecords, thread: options.threads !== 0 && (forceThreads || toRender >= STAGE_THREAD_THRESHOLD), memory: !forceThreads && toRender <= HELD_PAGES });
  // A long-lived builder that wrote feeds and search index once makes them after its pages, in
  // the background (see createBuilder); otherwise this run makes them, and what was still being
  // made in the background for an earlier run is dropped.
  // As this run starts: a background job that fails meanwhile sets them to null.
  const textPaths = state.textPaths;
  const deferText = state.deferText !== null && textPaths !== null;
  if (!deferText) state.cancelText?.();
  let rendered: ReturnType<typeof Pipeline.renderSite>;
  let written: Awaited<ReturnType<typeof writeOutput>>;
  let publicPaths: Set<string>;
  let generated: ReturnType<typeof Pipeline.reuseGenerated> | undefined;
  let made: GeneratedOutputs;
  let textGroups!: TextTarget['groups'];
  try {
    publicPaths = new Set(publicFiles.map((file) => file.path));
    // ... each kept as it is when nothing it is made from changed
    const groupsOf = (searchIndex: SearchIndexOptions, which: 'all' | 'text' | 'rest') =>
      p.generatedGroups(
        {
          site,
          pages,
          config,
          env: state.env!.env,
          exists,
          bodies,
          base: sha1(JSON.stringify([tool, siteYmlHash])),
          contentHash: (contentPath) => parsed.hashes.get(contentPath) ?? '',
          templateHash,
          contentPaths: () => known,
          searchIndex,
        },
        which,
      );
    textGroups = (searchIndex) => groupsOf(searchIndex, 'text');
    const groups = groupsOf({ thread: options.threads !== 0, forceThread: forceThreads, outDir, previous: previousOutputs, stageDir: stage.dir, record: keepRecords }, deferText ? 'rest' : 'all');
    generated = p.reuseGenerated(groups, { outDir, previous: sameOutput ? cache.generated : new Map(), outputs: previousOutputs, taken: publicPaths });
    // Every page as recorded, made from the same inputs (templates too: they compiled then), and
    // on disk as written: nothing to render, no template to compile, no Markdown to parse.
    const pagesKept = sameOutput && sameInputs && pages.every((page) => cache.pages.has(page.outputPath) && intact.has(page.outputPath));
    if (!pagesKept || generated.markdown) await loadParsers();
    // Started before the pages: the search index is made on a worker thread meanwhile.
    const making = generated.build();
    making.catch(() => undefined);
    // The feeds are made and the index worker has its texts: a build that keeps no cache has no
    // more use for the entries' full texts (45 MB at 15k), let go before the pages render.
    if (!keepRecords) for (const summary of parsed.summaries.values()) forgetFullText(summary);
    rendered = p.renderSite({
      pages,
      ...tools,
      env: state.env.env,
      templateNames: pagesKept ? [] : [...templateSources.keys()].filter((name) => name.endsWith('.njk') && !path.posix.basename(name).startsWith('.')).sort(),
      root,
      siteTemplates,
      previous: sameOutput ? cache.pages : new Map(),
      intact,
      emit: (file) => stage.add(file, true),
    });
    if (rendered.problems.length > 0) return failed([...allFiles, ...rendered.problems], site, pages);
    step('render');
    made = await making;
    step('generated');
    // Feeds, sitemap and robots.txt join the pages in the stage (the index is staged there already).
    for (const file of made.files) if (!('staged' in file)) stage.add(file);
    const outputs = [...(await stage.files()), ...made.files.filter((file) => 'staged' in file), ...issueAssets(site, loaded.files), ...publicFiles];
    // write
    written = await writeOutput({ outDir, protectedDirs, sourceDirs, files: outputs, kept: [...rendered.kept, ...generated.kept, ...made.unchanged, ...(deferText ? textPaths! : [])], previous: previousOutputs, stage: stage.dir, record: keepRecords });
  } finally {
    // The index worker first: it stages into the same folder.
    await generated?.dispose();
    await stage.discard();
  }
  cache.outDir = outDir;
  cache.outputs = written.records;
  // A run that leaves feeds and index to the background keeps their records until it writes them.
  const records = generated.records(written.records);
  cache.generated = deferText ? p.withTextRecords(records, cache.generated) : records;
  cache.pages = rendered.records;
  cache.graph = keepRecords ? { envKey, hashes: parsed.hashes, site, pages: pages.map(p.outlinePage) } : null;
  // Only a one-off build writes everything before it resolves (a long-lived one leaves feeds and
  // index to the background): only its run can be known complete by a later build.
  cache.lastRun = state.oneShot ? { key: runKey(runInputs((contentPath) => parsed.hashes.get(contentPath))), pages: pages.length, messages: storeMessages(allFiles) } : null;
  if (deferText) {
    // Replaced by the background write, unless a newer run replaces that.
    state.deferText!({ groups: textGroups, outDir, protectedDirs, sourceDirs, publicPaths });
  } else {
    // What the background write of a later run replaces.
    state.textPaths = new Set([...generated.kept, ...made.files.map((file) => file.path), ...made.unchanged].filter((file) => file !== 'robots.txt'));
  }
  step('write');
  state.last = { outDir, site, pages, global, envKey, templateDirs, templateSources, publicDir: publicFolder.dir, publicFiles };
  state.pending = new Set();
  Object.assign(stats, { rendered: rendered.rendered, keptPages: rendered.kept.length, keptGenerated: generated.kept.length, unchanged: written.unchanged, deleted: written.deleted });
  return { ok: true, files: allFiles, site, bodies, pages, written: written.written, bytes: written.bytes, changed: written.changed, stats };
}

/**
 * The last one-off build when this one would make exactly what it made: the same inputs (every
 * content file's hash known from its unchanged stat), the same output folder, and every file it
 * wrote there still as written. Null otherwise.
 */
function upToDate(cache: CacheContents, outDir: string, inputs: () => RunInputs): LastRun | null {
  const last = cache.lastRun;
  if (!last || cache.outDir !== outDir) return null;
  const current = inputs();
  if ([...current.contentHashes].some(([, hash]) => hash === '') || runKey(current) !== last.key) return null;
  const outputs = [...cache.outputs.keys()];
  return intactOutputs(outDir, cache.outputs, outputs).size === outputs.length ? last : null;
}

/**
 * The content paths changed since the builder's last complete run: those of this request added
 * to those of the runs that failed since. Null when unknown: a run told nothing (a one-off build,
 * a dev start), or a change outside content/ (templates/, public/), which may reach every page.
 */
function changesSinceLast(root: string, state: BuilderState, changed: readonly string[] | null): Set<string> | null {
  if (!changed || !state.last || !state.pending) return null;
  const pending = new Set(state.pending);
  for (const change of changed) {
    const relative = path.relative(root, path.resolve(root, change)).split(path.sep).join('/');
    if (relative !== 'content' && !relative.startsWith('content/')) return null;
    pending.add(relative);
  }
  return pending;
}

/**
 * site.yml read: a long-lived builder whose reload kept the same file (its bytes did not change)
 * keeps the config it read and reports its messages again.
 */
async function configOf(siteFile: VFile, baseUrl: string | undefined, state: BuilderState): Promise<SiteConfig | null> {
  const memo = state.config;
  if (memo && memo.file === siteFile && memo.baseUrl === baseUrl) {
    siteFile.messages.push(...memo.messages);
    return memo.config;
  }
  const before = siteFile.messages.length;
  const config = (await import('./config.js')).loadConfig(siteFile, { baseUrl });
  if (!state.oneShot) state.config = { file: siteFile, baseUrl, config, messages: siteFile.messages.slice(before) };
  return config;
}

/** Folders the build reads from: the output must not be inside one. */
function sourceDirsOf(root: string): string[] {
  return ['content', 'templates', 'public'].map((dir) => path.join(root, dir));
}


interface RenderToolsOptions {
  site: Site;
  bodies: BodyStore;
  config: SiteConfig;
  parsed: ParsedContent;
  cache: CacheContents;
  env: ReturnType<typeof createEnvironment>;
  global: string;
  templateHash: (template: string) => string;
  exists: (contentPath: string) => boolean;
  devScript: string | undefined;
  /** Drop each body's HTML once its issue page is rendered (a build that keeps no cache). */
  releaseHtml?: boolean;
  /** A long-lived builder's summaries from earlier runs, for templates and site.yml as `key` names them. */
  keptSummaries?: { key: string; made: KeptSummaries['made'] } | undefined;
  /** A long-lived builder's parts of fingerprints from earlier runs. */
  fingerprints?: FingerprintMemo | undefined;
}

/** The page renderer and page fingerprints of one build, both reading Markdown through its caches. */
function renderTools(p: typeof Pipeline, options: RenderToolsOptions) {
  const { parsed, cache, config, exists } = options;
  // What a body's HTML and text are made from: its HTML key, or its file's hash when it has none.
  const sourceKey = (sourcePath: string) => parsed.htmlKeys.get(sourcePath) ?? `${sourcePath}:${parsed.hashes.get(sourcePath) ?? ''}`;
  const renderPage = p.createRenderer({
    site: options.site,
    bodies: options.bodies,
    env: options.env,
    exists,
    devScript: options.devScript,
    keptSummaries: options.keptSummaries && { ...options.keptSummaries, sourceKey },
    markdown: {
      html(sourcePath, tree, headingOffset) {
        const key = parsed.htmlKeys.get(sourcePath);
        const stored = key === undefined ? undefined : htmlOf(cache, key);
        if (stored !== undefined) return stored;
        const html = p.renderMarkdown(tree(), { sourcePath, headingOffset, basePath: config.basePath, exists });
        if (key !== undefined) cache.html.set(key, html);
        return html;
      },
      text: (sourcePath, tree) => parsed.summaries.get(sourcePath)?.facts.text ?? p.plainText(tree()),
      release: options.releaseHtml
        ? (sourcePath) => {
            const key = parsed.htmlKeys.get(sourcePath);
            if (key !== undefined) cache.html.delete(key);
          }
        : undefined,
    },
  });
  const fingerprint = p.createFingerprinter({
    site: options.site,
    global: options.global,
    htmlKey: sourceKey,
    templateHash: options.templateHash,
    memo: options.fingerprints,
  });
  return { renderPage, fingerprint };
}

/** Images of issue folders, copied next to their issue page. */
function issueAssets(site: Site, files: readonly VFile[]): OutputFile[] {
  const assets: OutputFile[] = [];
  // Most archives have none: then no content file is looked at.
  if (!site.issues.some((issue) => issue.assets.length > 0)) return assets;
  for (const file of files) {
    const kind = classifyContentPath(file.path);
    if (kind.kind === 'asset' && site.issueById.has(kind.folderName)) assets.push({ path: decodeURIComponent(assetUrl(kind.folderName, kind.fileName)), contents: file.value as Uint8Array });
  }
  return assets;
}

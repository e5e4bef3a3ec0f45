// The orchestrator: the build steps in execution order, no logic of its own.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { emptyCache, loadCache, saveCache, type CacheContents } from './cache/build-cache.js';
import { toolFingerprint } from './cache/tool-fingerprint.js';
import { loadConfig, type SiteConfig } from './config.js';
import { hasErrors, report } from './diagnostics.js';
import { loadPublicFiles } from './load/load-assets.js';
import { loadContent, reloadContent, type LoadedContent } from './load/load-content.js';
import { loadTemplateSources } from './load/load-templates.js';
import { buildSite } from './model/build-site.js';
import type { Site } from './model/types.js';
import { assetUrl } from './model/urls.js';
import { classifyContentPath } from './parse/classify.js';
import { parseContent } from './parse/parse-content.js';
import { renderMarkdown } from './render/entry-html.js';
import { BUILTIN_TEMPLATES, createEnvironment } from './render/environment.js';
import { createFingerprinter } from './render/page-fingerprint.js';
import { createRenderer, plainText } from './render/render-pages.js';
import { renderSite } from './render/render-site.js';
import { templateHashes } from './render/template-deps.js';
import { findCollisions, routeSite, type Page } from './route/route-site.js';
import { validateContent } from './validate/validate-content.js';
import { intactOutputs, writeOutput, type OutputFile } from './write/write-output.js';

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
  /** Parse worker threads; default min(2, cores); 0 parses on the main thread. */
  threads?: number | undefined;
  /** Markup added at the end of every page's body (digest dev's live reload). */
  devScript?: string | undefined;
}

export interface BuildStats {
  /** Markdown files parsed in this run; the others were known from an earlier one. */
  parsed: number;
  /** Markdown bodies rendered to HTML in this run. */
  htmlRendered: number;
  /** Pages rendered in this run; the others were unchanged and left as written. */
  rendered: number;
  keptPages: number;
  /** Output files rendered again whose bytes turned out the same (not written). */
  unchanged: number;
  deleted: number;
  /** What became of the persistent cache on this run's start: 'off', 'used', or why it was not. */
  cache: string;
  /** Milliseconds spent in each step, in order. */
  timings: Record<string, number>;
}

export interface BuildResult {
  ok: boolean;
  /** Every file that carries messages, for the report. */
  files: VFile[];
  site: Site | null;
  pages: Page[];
  written: number;
  bytes: number;
  stats: BuildStats;
}

export interface BuildRequest {
  /**
   * Paths (absolute, or relative to the site root) added, edited or removed since the previous
   * run of this builder, as a watcher reports them: only these content files are read again.
   * Without it every content file is read. Changes under templates/ and public/ need not be
   * listed (they are read on every run), but listing them does no harm.
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
  /** Resolves once the cache has been written after the last build (it is written in the background). */
  flush(): Promise<void>;
}

/** A long-lived builder (digest dev) keeps what it parsed and rendered between runs. */
export function createBuilder(options: BuildOptions): Builder {
  const useCache = options.cache ?? true;
  const state: BuilderState = { contents: null, cacheStatus: useCache ? 'not read' : 'off', env: null, loaded: null };
  let queue: Promise<unknown> = Promise.resolve();
  let saving: Promise<void> = Promise.resolve();
  return {
    build(request) {
      const run = queue.then(async () => {
        await saving;
        const result = await runBuild(options, state, request?.changed ?? null);
        const { stats } = result;
        const learnt = stats.parsed + stats.htmlRendered + stats.rendered + stats.deleted + result.written > 0 || stats.cache !== 'used';
        if (useCache && learnt && stats.cache !== 'off' && options.write !== false) {
          state.cacheStatus = 'used';
          const root = path.resolve(options.root);
          const tool = await toolFingerprint();
          const contents = state.contents!;
          // Written after the result is handed back: dev shows the page first, saves second.
          saving = saveCache(root, tool, contents).catch(() => undefined);
        }
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    flush: async () => {
      await queue;
      await saving;
    },
  };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const builder = createBuilder(options);
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
}

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
  const stats: BuildStats = { parsed: 0, htmlRendered: 0, rendered: 0, keptPages: 0, unchanged: 0, deleted: 0, cache: state.cacheStatus, timings };
  step('cache');
  const failed = (files: VFile[], site: Site | null = null, pages: Page[] = []): BuildResult => ({ ok: false, files, site, pages, written: 0, bytes: 0, stats });

  // load
  const loaded = (changed && state.loaded && reloadContent(root, state.loaded, changed)) || (await loadContent(root));
  state.loaded = loaded;
  const allFiles = [...loaded.problems, ...(loaded.siteFile ? [loaded.siteFile] : []), ...loaded.files];
  let config: SiteConfig | null = null;
  let siteYmlHash = '';
  if (loaded.siteFile) {
    siteYmlHash = sha1(loaded.siteFile.value as Uint8Array);
    loaded.siteFile.value = new TextDecoder().decode(loaded.siteFile.value as Uint8Array);
    config = loadConfig(loaded.siteFile, { baseUrl: options.baseUrl });
  }
  step('load');
  // parse
  const parsed = await parseContent({ files: loaded.files, basePath: config?.basePath ?? null, documents: cache.documents, html: cache.html, threads: options.threads });
  stats.parsed = parsed.parsed;
  stats.htmlRendered = parsed.rendered;
  step('parse');
  if (!config) return failed(allFiles);
  // validate
  const validIssues = validateContent(config, parsed.contents);
  if (hasErrors(allFiles) || (options.strict && allFiles.some((file) => file.messages.length > 0))) return failed(allFiles);
  // model
  const site = buildSite(config, validIssues, { drafts: options.drafts ?? false });
  // route
  const pages = routeSite(site);
  const collisions = findCollisions(pages);
  if (collisions.length > 0) {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', `two pages would be written to ${collisions.join(', ')}; rename one of the terms or issues`, 'url-collision');
    return failed([...allFiles, file], site, pages);
  }
  step('model');
  if (options.write === false) return { ok: true, files: allFiles, site, pages, written: 0, bytes: 0, stats };
  // render
  const known = new Set(loaded.files.map((file) => file.path));
  const exists = (p: string) => known.has(p);
  const siteTemplates = path.join(root, 'templates');
  const templateDirs = existsSync(siteTemplates) ? [siteTemplates] : [];
  const templateSources = await loadTemplateSources([...templateDirs, BUILTIN_TEMPLATES]);
  const global = sha1(JSON.stringify([tool, siteYmlHash, options.baseUrl ?? null, options.drafts ?? false, options.devScript ?? '']));
  const envKey = sha1(JSON.stringify([global, templateDirs, [...templateSources]]));
  if (state.env?.key !== envKey) state.env = { key: envKey, env: createEnvironment({ config, templateDirs }) };
  const renderPage = createRenderer({
    site,
    env: state.env.env,
    exists,
    devScript: options.devScript,
    markdown: {
      html(sourcePath, tree) {
        const key = parsed.htmlKeys.get(sourcePath);
        const stored = key === undefined ? undefined : cache.html.get(key);
        if (stored !== undefined) return typeof stored === 'string' ? stored : stored.toString('utf8');
        const html = renderMarkdown(tree, { sourcePath, basePath: config.basePath, exists });
        if (key !== undefined) cache.html.set(key, html);
        return html;
      },
      text: (sourcePath, tree) => parsed.summaries.get(sourcePath)?.facts.text ?? plainText(tree),
    },
  });
  const fingerprint = createFingerprinter({
    site,
    global,
    htmlKey: (sourcePath) => parsed.htmlKeys.get(sourcePath) ?? `${sourcePath}:${parsed.hashes.get(sourcePath) ?? ''}`,
    templateHash: templateHashes(templateSources),
  });
  step('prepare');
  const sameOutput = cache.outDir === outDir;
  const previousOutputs = sameOutput ? cache.outputs : null;
  const intact = previousOutputs ? await intactOutputs(outDir, previousOutputs, pages.map((page) => page.outputPath)) : new Set<string>();
  step('check-output');
  const rendered = renderSite({ pages, renderPage, fingerprint, previous: sameOutput ? cache.pages : new Map(), intact });
  const outputs: OutputFile[] = [...rendered.files, ...issueAssets(site, loaded.files), ...(await loadPublicFiles(root))];
  step('render');
  // write
  const written = await writeOutput({ outDir, protectedDirs: [root, path.join(root, 'content')], files: outputs, kept: rendered.kept, previous: previousOutputs });
  cache.outDir = outDir;
  cache.outputs = written.records;
  cache.pages = rendered.records;
  step('write');
  Object.assign(stats, { rendered: rendered.files.length, keptPages: rendered.kept.length, unchanged: written.unchanged, deleted: written.deleted });
  return { ok: true, files: allFiles, site, pages, written: written.written, bytes: written.bytes, stats };
}

/** Images of issue folders, copied next to their issue page. */
function issueAssets(site: Site, files: readonly VFile[]): OutputFile[] {
  return files.flatMap((file) => {
    const kind = classifyContentPath(file.path);
    if (kind.kind !== 'asset' || !site.issueById.has(kind.folderName)) return [];
    return [{ path: decodeURIComponent(assetUrl(kind.folderName, kind.fileName)), contents: file.value as Uint8Array }];
  });
}

// The orchestrator: the build steps in execution order, no logic of its own.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { loadConfig, type SiteConfig } from './config.js';
import { buildFeeds } from './feeds/site-feeds.js';
import { hasErrors, report } from './diagnostics.js';
import { loadPublicFiles } from './load/load-assets.js';
import { loadContent } from './load/load-content.js';
import { buildSite } from './model/build-site.js';
import type { Site } from './model/types.js';
import { assetUrl, sitemapUrl } from './model/urls.js';
import { classifyContentPath } from './parse/classify.js';
import { parseDocument, type ParsedDocument } from './parse/parse-document.js';
import { listTemplates } from './load/list-templates.js';
import { BUILTIN_TEMPLATES, createEnvironment } from './render/environment.js';
import { createRenderer } from './render/render-pages.js';
import { renderSite } from './render/render-site.js';
import { findCollisions, routeSite, type Page } from './route/route-site.js';
import { buildSearchIndex } from './search/search-index.js';
import { buildRobots } from './sitemap/robots.js';
import { buildSitemap } from './sitemap/sitemap.js';
import { validateContent, type ContentFile } from './validate/validate-content.js';
import { writeOutput, type OutputFile } from './write/write-output.js';

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
}

export interface BuildResult {
  ok: boolean;
  /** Every file that carries messages, for the report. */
  files: VFile[];
  site: Site | null;
  pages: Page[];
  written: number;
  bytes: number;
  /** Output files written or removed, relative to the output folder (live reload). */
  changed: string[];
}

export interface Builder {
  /** Runs the whole pipeline; files whose bytes did not change since the last run are not re-parsed. */
  build(): Promise<BuildResult>;
}

/** A long-lived builder (digest dev) keeps what it parsed between runs. */
export function createBuilder(options: BuildOptions): Builder {
  const output: OutputState = { manifest: undefined };
  const parseCache = new Map<string, { hash: string; parsed: ParsedDocument }>();
  const parseCached = (file: VFile): ParsedDocument => {
    const bytes = file.value as Uint8Array;
    const hash = createHash('sha1').update(bytes).digest('hex');
    const cached = parseCache.get(file.path);
    if (cached && cached.hash === hash) return cached.parsed;
    const parsed = parseDocument(bytes);
    parseCache.set(file.path, { hash, parsed });
    return parsed;
  };
  return { build: () => runBuild(options, parseCached, output) };
}

/** What the output folder holds after the last build, so the next one rewrites only changed files. */
interface OutputState {
  manifest: ReadonlyMap<string, string> | undefined;
}

export function build(options: BuildOptions): Promise<BuildResult> {
  return createBuilder(options).build();
}

async function runBuild(options: BuildOptions, parse: (file: VFile) => ParsedDocument, output: OutputState): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  const failed = (files: VFile[], site: Site | null = null, pages: Page[] = []): BuildResult => ({ ok: false, files, site, pages, written: 0, bytes: 0, changed: [] });

  // load
  const loaded = await loadContent(root);
  // parse
  const contents: ContentFile[] = loaded.files.map((file) => ({
    file,
    parsed: file.path.endsWith('.md') ? parse(file) : null,
  }));
  const allFiles = [...loaded.problems, ...(loaded.siteFile ? [loaded.siteFile] : []), ...loaded.files];
  const config: SiteConfig | null = loaded.siteFile ? loadConfig(loaded.siteFile, { baseUrl: options.baseUrl }) : null;
  // validate (even without a valid site.yml: every problem is reported in one run)
  const validIssues = validateContent(config, contents);
  if (!config || hasErrors(allFiles) || (options.strict && allFiles.some((file) => file.messages.length > 0))) return failed(allFiles);
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
  if (options.write === false) return { ok: true, files: allFiles, site, pages, written: 0, bytes: 0, changed: [] };
  // render
  const known = new Set(loaded.files.map((file) => file.path));
  const siteTemplates = path.join(root, 'templates');
  const env = createEnvironment({ config, templateDirs: existsSync(siteTemplates) ? [siteTemplates] : [] });
  const renderPage = createRenderer({ site, env, exists: (p) => known.has(p) });
  const rendered = renderSite({
    pages,
    env,
    renderPage,
    templateNames: new Set([...(await listTemplates(siteTemplates)), ...(await listTemplates(BUILTIN_TEMPLATES))]),
    root,
    siteTemplates,
  });
  if (rendered.problems.length > 0) return failed([...allFiles, ...rendered.problems], site, pages);
  const outputs = rendered.outputs;
  // feeds, sitemap, robots.txt, search index; a site's own public/ file of the same name wins
  const publicFiles = await loadPublicFiles(root);
  const generated: OutputFile[] = [
    ...buildFeeds({ site, env, exists: (p) => known.has(p) }),
    { path: sitemapUrl(), contents: buildSitemap(site, pages) },
    { path: 'robots.txt', contents: buildRobots(config) },
    ...buildSearchIndex(site),
  ];
  const overridden = new Set(publicFiles.map((file) => file.path));
  outputs.push(...generated.filter((file) => !overridden.has(file.path)), ...issueAssets(site, loaded.files), ...publicFiles);
  // write
  const { written, bytes, changed, manifest } = await writeOutput({
    outDir,
    protectedDirs: [root, path.join(root, 'content')],
    sourceDirs: ['content', 'templates', 'public'].map((dir) => path.join(root, dir)),
    files: outputs,
    previous: output.manifest,
  });
  output.manifest = manifest;
  return { ok: true, files: allFiles, site, pages, written, bytes, changed };
}

/** Images of issue folders, copied next to their issue page. */
function issueAssets(site: Site, files: readonly VFile[]): OutputFile[] {
  return files.flatMap((file) => {
    const kind = classifyContentPath(file.path);
    if (kind.kind !== 'asset' || !site.issueById.has(kind.folderName)) return [];
    return [{ path: decodeURIComponent(assetUrl(kind.folderName, kind.fileName)), contents: file.value as Uint8Array }];
  });
}

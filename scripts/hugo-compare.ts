// digest and Hugo side by side on the same content (docs/hugo-comparison.md): each generated
// corpus is converted to a Hugo site with an equivalent page set, then both are built cold and up
// to date, interleaved (digest, Hugo, digest, Hugo...), and the medians printed as a markdown table.
//
//   npx tsc -p tsconfig.json
//   node --import tsx scripts/hugo-compare.ts --sizes 1500,6000,15000 --runs 5 [--profile real]
//   node --import tsx scripts/hugo-compare.ts --convert-only --sizes 1500   (just write the site)
//   ... --digest /work/bench/cb/snap-abc123/bin/digest.js   (a snapshot: scripts/snapshot-lib.sh)
//
// Corpora are /work/bench/cb/<profile>-<entries> (--corpora DIR; made when missing), Hugo sites
// /work/bench/cb/hugo-<profile>-<entries>. Wall time is taken around each process; CPU time
// (user+sys, all threads) and peak RSS come from /usr/bin/time. Cold: an empty output folder, no
// cache (digest --no-cache; Hugo with a fresh --cacheDir and no resources/). Up to date: the same
// command again with nothing changed (digest with its cache, after a build that filled it; Hugo
// has no cache of rendered pages, so its second build into the same folder).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { resolveRegion } from '../src/regions.ts';
import type { CorpusProfile } from './gen-corpus.ts';
import { ensureCorpus, median, Trash } from './startup-probe.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '..');
/** Bumped when the conversion or the layouts change: a site written by another version is written again. */
const CONVERTER_VERSION = '2';

// ---------------------------------------------------------------------------------------------
// The conversion

function splitFrontmatter(text: string): { data: Record<string, unknown>; body: string } {
  const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n?---\n?/.exec(normal);
  if (!match) return { data: {}, body: normal };
  return { data: (parseYaml(match[1]!, { schema: 'core' }) as Record<string, unknown> | null) ?? {}, body: normal.slice(match[0].length) };
}

const list = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** A hierarchical term and its parent, as digest lists an entry under both (policy/central, policy). */
const withParents = (value: string): string[] => {
  const parts = value.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
};

function frontmatter(data: Record<string, unknown>): string {
  return `---\n${stringifyYaml(data, { lineWidth: 0 })}---\n`;
}

const HUGO_CONFIG = (site: { title: string; description: string; url: string }) => `baseURL: ${JSON.stringify(site.url)}
languageCode: zh-CN
defaultContentLanguage: zh
hasCJKLanguage: true
title: ${JSON.stringify(site.title)}
params:
  description: ${JSON.stringify(site.description)}
# digest: 50 entries a term page, 20 items a feed.
paginate: 50
rssLimit: 20
enableRobotsTXT: true
disableKinds: []
taxonomies:
  section: sections
  region: regions
  source: sources
  tag: tags
outputs:
  home: [HTML, RSS, JSONFeed, SearchIndex]
  section: [HTML]
  taxonomy: [HTML]
  term: [HTML, RSS]
  page: [HTML]
outputFormats:
  JSONFeed:
    mediaType: application/json
    baseName: feed
    isPlainText: true
  SearchIndex:
    mediaType: application/json
    baseName: search-index
    isPlainText: true
markup:
  goldmark:
    renderer:
      unsafe: false
`;

/** A minimal layout set with digest's pages: home, archive, years, issues (entries in full), taxonomy indexes, paginated term pages, feeds, search, sitemap, 404. */
const LAYOUTS: Record<string, string> = {
  '_default/baseof.html': `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ site.Params.description }}">
<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
{{ with .OutputFormats.Get "RSS" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head><body>
<header class="site-header"><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "issues/" | relURL }}">往期回顾</a> <a href="{{ "sections/" | relURL }}">栏目</a> <a href="{{ "regions/" | relURL }}">地区</a> <a href="{{ "sources/" | relURL }}">来源</a> <a href="{{ "tags/" | relURL }}">标签</a> <a href="{{ "search/" | relURL }}">搜索</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer class="site-footer">{{ site.Title }} · {{ site.Params.description }}</footer>
</body></html>
`,
  'partials/entry.html': `<article class="entry" id="{{ substr .File.BaseFileName 3 }}">
<h3 class="entry__title"><a href="#{{ substr .File.BaseFileName 3 }}">{{ .Title }}</a></h3>
{{ with .Params.authors }}<p class="entry__authors">{{ delimit . "、" }}</p>{{ end }}
<div class="entry__body prose">{{ .Content }}</div>
{{ with .Params.citation }}<p class="entry__citation">{{ . }}</p>{{ end }}
<dl class="entry__meta">
<div><dt>来源</dt><dd>{{ range .GetTerms "sources" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></div>
{{ with .GetTerms "regions" }}<div><dt>地区</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></div>{{ end }}
{{ with .GetTerms "tags" }}<div><dt>标签</dt><dd class="tags">{{ range . }}<a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd></div>{{ end }}
</dl></article>
`,
  'partials/summary.html': `<li class="summary"><a href="{{ .Parent.RelPermalink }}#{{ substr .File.BaseFileName 3 }}">{{ .Title }}</a> <time>{{ .Parent.Date.Format "2006-01-02" }}</time><p>{{ .Summary | plainify | truncate 120 }}</p></li>
`,
  'partials/issue.html': `<article class="issue"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="issue__dates">{{ with .Params.number }}第{{ . }}期 · {{ end }}<time>{{ .Date.Format "2006-01-02" }}</time>{{ with .Params.published }} · {{ . }}发布{{ end }}</p>
{{ .Content }}
<nav class="toc"><ol>{{ range .RegularPages.ByWeight }}<li><a href="#{{ substr .File.BaseFileName 3 }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
{{ range .RegularPages.ByWeight }}{{ partial "entry.html" . }}{{ end }}
</article>
`,
  'index.html': `{{ define "main" }}
{{ $issues := (where (where site.Pages "Kind" "section") "Params.issue" true).ByDate.Reverse }}
{{ with index $issues 0 }}{{ partial "issue.html" . }}{{ end }}
<h2>近期各期</h2><ul class="issues">{{ range after 1 (first 11 $issues) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
`,
  // The archive (/issues/), a year (/issues/2025/) and an issue (/issues/2025/2025-11-24/) are sections.
  'issues/list.html': `{{ define "main" }}
{{ if .Params.issue }}{{ partial "issue.html" . }}
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ else }}<h1>{{ .Title }}</h1>
{{ range .Sections.ByTitle.Reverse }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ol class="issues">{{ range .Sections.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">{{ len .RegularPages }}</span></li>{{ end }}</ol>
{{ if .Params.issue }}{{ end }}</section>{{ end }}
{{ end }}
{{ end }}
`,
  '_default/taxonomy.html': `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}</ul>
{{ end }}
`,
  '_default/term.html': `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .OutputFormats.Get "RSS" }}<p><a href="{{ .RelPermalink }}">订阅</a></p>{{ end }}
<p class="term__count">共 {{ len .Pages }} 条</p>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ol class="summaries">{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}</ol>
{{ template "_internal/pagination.html" . }}
{{ end }}
`,
  '_default/single.html': `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
`,
  '_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
`,
  'search/single.html': `{{ define "main" }}<h1>搜索</h1><form role="search"><input type="search" name="q"></form><ol id="results"></ol>
<script src="{{ "assets/search-page.js" | relURL }}" data-index="{{ "search-index.json" | relURL }}"></script>{{ end }}
`,
  '404.html': `{{ define "main" }}<h1>找不到页面</h1><p><a href="{{ "/" | relURL }}">回到首页</a></p>{{ end }}
`,
  // Site feed: an item per issue listing its entries with summaries; a term's: an item per entry.
  '_default/rss.xml': `{{- $items := slice -}}
{{- if .IsHome -}}{{- $items = first site.Config.Services.RSS.Limit (where (where site.Pages "Kind" "section") "Params.issue" true).ByDate.Reverse -}}
{{- else -}}{{- $items = first site.Config.Services.RSS.Limit .Pages.ByDate.Reverse -}}{{- end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0"><channel><title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title><link>{{ .Permalink }}</link><description>{{ site.Params.description }}</description>
{{- range $items }}
<item><title>{{ .Title }}</title>{{ if $.IsHome }}<link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
<description>{{ $html := "" }}{{ range .RegularPages.ByWeight }}{{ $html = printf "%s<h3>%s</h3><p>%s</p>" $html .Title (.Summary | plainify | truncate 120) }}{{ end }}{{ $html }}</description>
{{- else }}<link>{{ .Parent.Permalink }}#{{ substr .File.BaseFileName 3 }}</link><guid>{{ .Parent.Permalink }}#{{ substr .File.BaseFileName 3 }}</guid><pubDate>{{ .Parent.Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><description>{{ .Summary | plainify | truncate 120 }}</description>{{ end }}</item>
{{- end }}
</channel></rss>
`,
  'index.jsonfeed.json': `{{- $issues := first 20 (where (where site.Pages "Kind" "section") "Params.issue" true).ByDate.Reverse -}}
{{- $items := slice -}}
{{- range $issues -}}{{- $entries := slice -}}{{- range .RegularPages.ByWeight -}}{{- $entries = $entries | append (dict "title" .Title "summary" (.Summary | plainify | truncate 120)) -}}{{- end -}}
{{- $items = $items | append (dict "id" .Permalink "url" .Permalink "title" .Title "date_published" (.Date.Format "2006-01-02") "content_html" (jsonify $entries)) -}}{{- end -}}
{{- dict "version" "https://jsonfeed.org/version/1.1" "title" site.Title "home_page_url" site.BaseURL "items" $items | jsonify -}}
`,
  // What digest's search index is made from: every entry's title, place and plain text.
  'index.searchindex.json': `{{- $docs := slice -}}
{{- range where site.RegularPages "Section" "issues" -}}{{- $docs = $docs | append (dict "t" .Title "u" (printf "%s#%s" .Parent.RelPermalink (substr .File.BaseFileName 3)) "x" .Plain) -}}{{- end -}}
{{- $docs | jsonify -}}
`,
};

/** Writes (or rewrites) the Hugo site of a digest site root: the same entries, bodies untouched. */
export function convertToHugo(root: string, target: string): { pages: number } {
  const stamp = path.join(target, '.converted');
  const source = readFileSync(path.join(root, 'content', 'site.yml'), 'utf8');
  const key = `${CONVERTER_VERSION}:${readdirSync(path.join(root, 'content', 'issues'), { recursive: true }).length}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return { pages: -1 };
  rmSync(target, { recursive: true, force: true });
  const site = parseYaml(source) as { title: string; description: string; url: string };
  const write = (relative: string, text: string) => {
    const file = path.join(target, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write('config.yaml', HUGO_CONFIG(site));
  for (const [name, text] of Object.entries(LAYOUTS)) write(path.join('layouts', name), text);
  // The same stylesheet and search script as digest's output, as static files.
  for (const asset of ['style.css', 'search-page.js', 'search-engine.js']) {
    const from = path.join(repo, 'public', 'assets', asset);
    if (existsSync(from)) {
      mkdirSync(path.join(target, 'static', 'assets'), { recursive: true });
      copyFileSync(from, path.join(target, 'static', 'assets', asset));
    }
  }
  write('content/issues/_index.md', frontmatter({ title: '往期回顾' }));
  write('content/search.md', frontmatter({ title: '搜索', type: 'search', url: '/search/' }));
  let pages = 0;
  const issuesDir = path.join(root, 'content', 'issues');
  for (const year of readdirSync(issuesDir).sort()) {
    write(`content/issues/${year}/_index.md`, frontmatter({ title: `${year}年`, date: `${year}-01-01` }));
    for (const week of readdirSync(path.join(issuesDir, year)).sort()) {
      const folder = path.join(issuesDir, year, week);
      for (const name of readdirSync(folder).sort()) {
        const from = path.join(folder, name);
        const to = `content/issues/${year}/${week}/${name === 'index.md' ? '_index.md' : name}`;
        if (!name.endsWith('.md')) {
          mkdirSync(path.dirname(path.join(target, to)), { recursive: true });
          copyFileSync(from, path.join(target, to));
          continue;
        }
        const { data, body } = splitFrontmatter(readFileSync(from, 'utf8'));
        if (name === 'index.md') {
          const end = new Date(Date.parse(week) + 6 * 86400000);
          const title = (data.title as string | undefined) ?? `${site.title}(${Number(week.slice(5, 7))}.${Number(week.slice(8, 10))}-${end.getUTCMonth() + 1}.${end.getUTCDate()})`;
          write(to, frontmatter({ title, date: week, issue: true, number: data.number, editor: data.editor, published: data.published }) + body);
          continue;
        }
        pages++;
        const region = typeof data.region === 'string' ? resolveRegion(data.region) : null;
        const canonical = region && region.ok ? region.canonical : typeof data.region === 'string' ? data.region : null;
        write(
          to,
          frontmatter({
            title: data.title,
            // Shown on its issue's page only, as in digest: an entry has no page of its own.
            _build: { render: 'never', list: 'always' },
            weight: Number(name.slice(0, name.indexOf('-'))),
            date: week,
            sections: withParents(String(data.section)),
            sources: list(data.source),
            ...(canonical ? { regions: withParents(canonical) } : {}),
            tags: list(data.tags),
            ...(data.authors ? { authors: list(data.authors) } : {}),
            ...(data.citation ? { citation: data.citation } : {}),
          }) + body,
        );
      }
    }
  }
  writeFileSync(stamp, key);
  return { pages };
}

// ---------------------------------------------------------------------------------------------
// The runs

interface Figures {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

function timed(command: string, args: readonly string[], scratch: string): Figures {
  const record = path.join(scratch, `time-${process.pid}.txt`);
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', record, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${(child.stderr || child.stdout).slice(-3000)}`);
  const [user, system, rssKb] = readFileSync(record, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallSeconds, cpuSeconds: user! + system!, maxRssMb: rssKb! / 1024 };
}

let digestBin = path.join(repo, 'bin', 'digest.js');
const digestArgs = (root: string, out: string, cache: boolean) => [digestBin, 'build', '--root', root, '--out', out, ...(cache ? [] : ['--no-cache'])];
const hugoArgs = (site: string, out: string, cacheDir: string) => ['--source', site, '--destination', out, '--cacheDir', cacheDir, '--quiet'];

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1500,6000,15000' },
      profile: { type: 'string', default: 'real' },
      runs: { type: 'string', default: '5' },
      corpora: { type: 'string', default: '/work/bench/cb' },
      hugo: { type: 'string', default: 'hugo' },
      /** Another digest launcher (a snapshot of a checkout: scripts/snapshot-lib.sh). */
      digest: { type: 'string' },
      'convert-only': { type: 'boolean' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  if (values.digest) digestBin = path.resolve(values.digest);
  const corpora = path.resolve(values.corpora);
  const scratch = path.join(corpora, 'hugo-compare-out');
  mkdirSync(scratch, { recursive: true });
  const trash = new Trash(path.join(corpora, 'trash', String(process.pid)));
  const hugoVersion = spawnSync(values.hugo, ['version'], { encoding: 'utf8' }).stdout.trim();
  const loadStart = loadavg();
  const rows: string[][] = [];
  for (const size of sizes) {
    const root = await ensureCorpus(corpora, values.profile as CorpusProfile, size);
    const site = path.join(corpora, `hugo-${values.profile}-${size}`);
    const converted = convertToHugo(root, site);
    process.stderr.write(`${site}: ${converted.pages < 0 ? 'up to date' : `${converted.pages} entries written`}\n`);
    if (values['convert-only']) continue;
    const load = loadavg()[0]!;
    const cold = { digest: [] as Figures[], hugo: [] as Figures[] };
    const upToDate = { digest: [] as Figures[], hugo: [] as Figures[] };
    const digestOut = path.join(scratch, `digest-${values.profile}-${size}`);
    const hugoOut = path.join(scratch, `hugo-${values.profile}-${size}`);
    const hugoCache = path.join(scratch, `hugo-cache-${values.profile}-${size}`);
    let outputs = { digest: 0, hugo: 0 };
    for (let run = 0; run < runs; run++) {
      // Cold, digest then Hugo (the order alternates run by run).
      const pair = run % 2 === 0 ? (['digest', 'hugo'] as const) : (['hugo', 'digest'] as const);
      for (const tool of pair) {
        if (tool === 'digest') {
          trash.put(digestOut);
          trash.put(path.join(root, '.digest-cache'));
          cold.digest.push(timed(process.execPath, digestArgs(root, digestOut, false), scratch));
        } else {
          trash.put(hugoOut);
          trash.put(hugoCache);
          trash.put(path.join(site, 'resources'));
          cold.hugo.push(timed(values.hugo, hugoArgs(site, hugoOut, hugoCache), scratch));
        }
      }
    }
    outputs = { digest: countFiles(digestOut), hugo: countFiles(hugoOut) };
    // Up to date: digest fills its cache once, then builds with nothing changed; Hugo builds again.
    trash.put(digestOut);
    timed(process.execPath, digestArgs(root, digestOut, true), scratch);
    for (let run = 0; run < runs; run++) {
      upToDate.digest.push(timed(process.execPath, digestArgs(root, digestOut, true), scratch));
      upToDate.hugo.push(timed(values.hugo, hugoArgs(site, hugoOut, hugoCache), scratch));
    }
    trash.put(path.join(root, '.digest-cache'));
    const med = (list: Figures[], key: keyof Figures) => median(list.map((f) => f[key]));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    rows.push(
      [String(size), 'cold', med(cold.digest, 'wallSeconds').toFixed(2), med(cold.hugo, 'wallSeconds').toFixed(2), ratio(med(cold.digest, 'wallSeconds'), med(cold.hugo, 'wallSeconds')), med(cold.digest, 'cpuSeconds').toFixed(2), med(cold.hugo, 'cpuSeconds').toFixed(2), med(cold.digest, 'maxRssMb').toFixed(0), med(cold.hugo, 'maxRssMb').toFixed(0), `${outputs.digest} / ${outputs.hugo}`, load.toFixed(2)],
      [String(size), 'up to date', med(upToDate.digest, 'wallSeconds').toFixed(2), med(upToDate.hugo, 'wallSeconds').toFixed(2), ratio(med(upToDate.digest, 'wallSeconds'), med(upToDate.hugo, 'wallSeconds')), med(upToDate.digest, 'cpuSeconds').toFixed(2), med(upToDate.hugo, 'cpuSeconds').toFixed(2), med(upToDate.digest, 'maxRssMb').toFixed(0), med(upToDate.hugo, 'maxRssMb').toFixed(0), '', loadavg()[0]!.toFixed(2)],
    );
    process.stderr.write(`${JSON.stringify({ size, cold, upToDate })}\n`);
  }
  trash.empty();
  if (values['convert-only']) return;
  const header = ['entries', 'build', 'digest wall s', 'Hugo wall s', 'digest / Hugo', 'digest cpu s', 'Hugo cpu s', 'digest peak RSS MB', 'Hugo peak RSS MB', 'files out (digest / Hugo)', 'load (1 min)'];
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`profile ${values.profile}, ${hugoVersion}, medians of ${runs} interleaved runs; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end\n\n`);
  process.stdout.write(`${format(lines[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${lines.slice(1).map(format).join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

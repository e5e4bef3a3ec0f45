// Deterministic synthetic archive for benchmarks: N weekly issues of M entries each, in the
// content format, shaped like twenty years of the digest (Chinese Markdown of ~4.5 KB an entry,
// ~300 Zipf-distributed tags, 60 sources, 34 provinces and 20 cities, Monday folders).
//
//   node --import tsx scripts/gen-corpus.ts --entries 15000 --out bench/corpus-15k
//   (or --issues 1000 --per-issue 15; --seed N changes the text, never the shape)
//
// The same arguments always write the same bytes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueFiles } from '../src/import/issue-files.ts';
import type { ImportedIssue } from '../src/import/parse-digest-text.ts';
import { PROVINCES } from '../src/regions.ts';
import { seededRandom as createRandom } from './seeded-random.ts';

/**
 * synthetic: the shapes the fast paths were tuned on (unquoted scalars, flow lists, paragraphs).
 * real: the variety of real content (see realFiles). holdout: real's kinds of shape in another
 * mix, from another seed offset: never tuned against, reported beside real.
 */
export type CorpusProfile = 'synthetic' | 'real' | 'holdout';
export const PROFILES: readonly CorpusProfile[] = ['synthetic', 'real', 'holdout'];

export interface CorpusOptions {
  issues: number;
  perIssue: number;
  seed: number;
  /** Default synthetic (the same bytes as before profiles existed). */
  profile?: CorpusProfile | undefined;
  /** real/holdout: stop after this many entries in all (issues vary in size around perIssue). */
  entries?: number | undefined;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Index 0..n-1 drawn with probability ∝ 1/(rank+1)^s. */
function zipf(n: number, s = 1.05): (random: Random) => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight / total));
  return (random) => {
    const x = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SUBJECTS = ['民政部', '各地民政部门', '社会工作者', '社工机构', '街道社工站', '基层组织', '志愿服务队伍', '行业协会', '高校社会工作专业', '社区服务中心', '儿童福利机构', '养老服务机构', '医务社工部', '司法社工团队', '妇联组织'];
const VERBS = ['印发', '推进', '开展', '部署', '组织', '落实', '召开', '发布', '启动', '完善', '探索', '总结', '举办', '深化', '评估'];
const OBJECTS = ['社会工作服务站建设', '困难群众帮扶', '未成年人保护工作', '老年人关爱服务', '社会救助改革', '专业人才队伍建设', '志愿服务制度化', '心理健康服务', '乡村振兴社会工作', '医务社会工作试点', '社区治理创新', '残疾人康复服务', '婚姻家庭辅导', '禁毒社会工作', '应急救援社会工作'];
const CLAUSES = ['取得了明显成效', '形成了可复制的经验', '进一步健全了工作机制', '受到群众普遍好评', '为下一步工作打下基础', '覆盖了全部乡镇街道', '提升了专业服务能力', '明确了责任分工和时间表', '强化了督导与评估', '推动资源下沉到基层'];
const CONNECTORS = ['同时，', '此外，', '会议指出，', '据了解，', '与此同时，', '下一步，', '报道称，', '数据显示，', '专家认为，', '有关负责人表示，'];
const TAG_SYLLABLES = ['社工', '养老', '儿童', '救助', '志愿', '心理', '医务', '禁毒', '司法', '社区', '乡村', '家庭', '残疾', '教育', '评估', '督导', '培训', '标准', '人才', '服务', '治理', '慈善', '应急', '民生', '健康', '青少年', '妇女', '就业', '住房', '文化'];
const SOURCE_STEMS = ['民政部官网', '中国社会报', '社工中国网', '中国社会工作杂志', '公益时报', '人民日报', '新华社', '光明日报', '中国青年报', '法治日报'];
const SOURCE_SUFFIXES = ['', '客户端', '微信公众号', '网站', '地方版', '专题'];
const EDITORS = ['林晓', '周宁', '陈雨桐', '王一鸣', '李思远', '张清', '刘洋', '赵敏'];
const SECTIONS = ['policy/central', 'policy/local', 'federation', 'industry', 'research'];

function sentence(random: Random): string {
  return `${pick(random, CONNECTORS)}${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}，${pick(random, CLAUSES)}。`;
}

function paragraph(random: Random, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const text = sentence(random);
    // About one bold phrase an entry, as in the bundled sample content.
    parts.push(random() < 0.025 ? text.replace(/^(.{4})(.{6})/u, '$1**$2**') : text);
  }
  return parts.join('');
}

function tagNames(count: number): string[] {
  const names = new Set<string>();
  for (const a of TAG_SYLLABLES) for (const b of TAG_SYLLABLES) if (a !== b && names.size < count) names.add(a + b);
  return [...names];
}

function sourceNames(count: number): string[] {
  const names: string[] = [];
  for (const suffix of SOURCE_SUFFIXES) for (const stem of SOURCE_STEMS) if (names.length < count) names.push(stem + suffix);
  return names;
}

function regionNames(): string[] {
  const provinces = PROVINCES.map((province) => province.name);
  const cities = PROVINCES.filter((province) => province.cities.length > 3)
    .slice(0, 20)
    .map((province) => `${province.name}/${province.cities[1]!.name}`);
  return ['全国', ...provinces, ...cities];
}

function mondays(count: number): string[] {
  // The newest issue is in 2025; weeks step back from there, so the archive spans ~count/52 years.
  const last = Date.UTC(2025, 10, 24); // a Monday
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * 7 * 86400000).toISOString().slice(0, 10));
}

export interface CorpusFile {
  path: string;
  /** Text, or the bytes of an image. */
  text: string | Uint8Array;
}

/** Every file of the archive, relative to the site root, in a fixed order. */
export function* corpusFiles(options: CorpusOptions): Generator<CorpusFile> {
  if ((options.profile ?? 'synthetic') !== 'synthetic') {
    yield* realFiles(options, options.profile === 'holdout' ? HOLDOUT_MIX : REAL_MIX);
    return;
  }
  const random = createRandom(options.seed);
  const tags = tagNames(300);
  const sources = sourceNames(60);
  const regions = regionNames();
  const drawTag = zipf(tags.length);
  const drawSource = zipf(sources.length, 0.9);
  const drawRegion = zipf(regions.length, 0.6);
  const weeks = mondays(options.issues);
  yield { path: 'content/site.yml', text: SITE_YML };
  const written: string[] = [];
  for (const [issueIndex, week] of weeks.entries()) {
    const folder = `content/issues/${week.slice(0, 4)}/${week}`;
    const note = random() < 0.3 ? `\n${paragraph(random, 3)}\n` : '';
    const published = new Date(Date.parse(week) + 86400000 * 8).toISOString().slice(0, 10);
    yield { path: `${folder}/index.md`, text: `---\nnumber: ${issueIndex + 1}\neditor: ${pick(random, EDITORS)}\npublished: ${published}\n---\n${note}` };
    for (let n = 1; n <= options.perIssue; n++) {
      const slug = `entry-${(issueIndex * options.perIssue + n).toString(36)}`;
      const fileName = `${String(n).padStart(2, '0')}-${slug}.md`;
      const section = SECTIONS[Math.min(SECTIONS.length - 1, Math.floor(random() ** 1.4 * SECTIONS.length))]!;
      const entryTags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => tags[drawTag(random)]!))];
      const entrySources = [...new Set(Array.from({ length: random() < 0.3 ? 2 : 1 }, () => sources[drawSource(random)]!))];
      const front = [
        '---',
        `title: ${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}`,
        `section: ${section}`,
        `source: [${entrySources.join(', ')}]`,
        random() < 0.9 ? `region: ${regions[drawRegion(random)]}` : null,
        entryTags.length > 0 ? `tags: [${entryTags.join(', ')}]` : null,
        section === 'research' ? `authors: [${pick(random, EDITORS)}, ${pick(random, EDITORS)}]` : null,
        section === 'research' ? `citation: 社会工作研究, ${week.slice(0, 4)}(${1 + Math.floor(random() * 12)})` : null,
        '---',
      ].filter((line) => line !== null);
      const blocks: string[] = [];
      let size = 0;
      // ~4.5 KB: a Chinese character is three bytes of UTF-8. Markup is about as dense as in the
      // bundled sample: long paragraphs, a list in every other entry, a heading now and then.
      const target = 3900 + Math.floor(random() * 1200);
      while (size < target) {
        const roll = random();
        let block: string;
        if (roll < 0.05) block = Array.from({ length: 3 + Math.floor(random() * 3) }, () => `- ${sentence(random)}`).join('\n');
        else if (roll < 0.07) block = Array.from({ length: 3 }, (_, i) => `${i + 1}. ${sentence(random)}`).join('\n');
        else if (roll < 0.09) block = `### ${pick(random, OBJECTS)}`;
        else block = paragraph(random, 4 + Math.floor(random() * 5));
        blocks.push(block);
        size += Buffer.byteLength(block) + 2;
      }
      // Every entry links to where it was first published; some also to an earlier entry's file.
      if (written.length > 0 && random() < 0.1) {
        const earlier = written[written.length - 1 - Math.floor(random() * Math.min(written.length, 200))]!;
        blocks.push(`相关报道见[往期](${path.posix.relative(folder, earlier)})。`);
      }
      blocks.push(`[原文链接](https://example.org/news/${Math.floor(random() * 1e6)}.html)`);
      const entryPath = `${folder}/${fileName}`;
      yield { path: entryPath, text: `${front.join('\n')}\n${blocks.join('\n\n')}\n` };
      written.push(entryPath);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The real and holdout profiles: content as editors, `digest import` and a Git-based CMS write it.

/** Who wrote an issue's files: an editor by hand, `digest import`, or a Git-based CMS (Decap). */
type Writer = 'hand' | 'import' | 'cms';

interface Mix {
  /** Added to --seed, so real and holdout never share their random choices. */
  seedOffset: number;
  writers: Record<Writer, number>;
  /** Entries an issue: perIssue plus or minus up to this many. */
  spread: number;
  /** Median bytes of a body, and the spread of its logarithm. */
  medianBytes: number;
  sigma: number;
  /** Share of the blocks of a body of each kind (the rest are paragraphs). */
  blocks: { quote: number; quotedList: number; nested: number; ordered: number; image: number; table: number; heading: number; fence: number };
  /** Share of inline devices in a paragraph's sentences. */
  inline: { code: number; link: number; emphasis: number; hashtag: number; ascii: number };
  /** Hand-written frontmatter: comments, quoted scalars, block lists, short region names, CRLF files. */
  hand: { comment: number; quoted: number; block: number; shortRegion: number; crlf: number; shuffled: number };
  /** Issues with a photo of their own next to their entries. */
  localImage: number;
}

const REAL_MIX: Mix = {
  seedOffset: 1000,
  writers: { hand: 0.5, import: 0.25, cms: 0.25 },
  spread: 4,
  medianBytes: 3600,
  sigma: 0.45,
  blocks: { quote: 0.06, quotedList: 0.015, nested: 0.04, ordered: 0.03, image: 0.03, table: 0.012, heading: 0.05, fence: 0.003 },
  inline: { code: 0.03, link: 0.04, emphasis: 0.03, hashtag: 0.02, ascii: 0.05 },
  hand: { comment: 0.2, quoted: 0.3, block: 0.35, shortRegion: 0.15, crlf: 0.03, shuffled: 0.15 },
  localImage: 0.05,
};

/** Never tuned against: other proportions, other sizes, more quoting and more structure. */
const HOLDOUT_MIX: Mix = {
  seedOffset: 7777,
  writers: { hand: 0.3, import: 0.3, cms: 0.4 },
  spread: 6,
  medianBytes: 2600,
  sigma: 0.7,
  blocks: { quote: 0.1, quotedList: 0.03, nested: 0.06, ordered: 0.05, image: 0.05, table: 0.02, heading: 0.03, fence: 0.006 },
  inline: { code: 0.05, link: 0.06, emphasis: 0.05, hashtag: 0.04, ascii: 0.08 },
  hand: { comment: 0.35, quoted: 0.5, block: 0.5, shortRegion: 0.3, crlf: 0.06, shuffled: 0.3 },
  localImage: 0.1,
};

const SLUG_WORDS = ['policy', 'elderly-care', 'children', 'volunteers', 'training', 'rural', 'relief', 'mental-health', 'community', 'hospital', 'justice', 'disability', 'families', 'talent', 'standards', 'research', 'forum', 'pilot', 'notice', 'survey'];
const HASHTAGS = ['#社工宣传周#', '#国际社工日#', '#为民爱民#', '#社工在行动#', '#乡村振兴#'];
const DOC_NUMBERS = ['民发〔2024〕12号', '民函〔2023〕45号', '国办发〔2022〕3号', '社工发〔2025〕7号'];
const ASCII_BITS = ['（附件：2025 Q3 report.pdf）', '（详见 www.example.org/a_b_c）', '约42.5%的受访者', 'PPT 与 H5 页面', 'App “i社工”', 'A/B 两类项目'];
const COMMENTS = ['# 来源待核实', '# 编辑：请勿删除此行', '# TODO 补充地区', '# 转载自公众号'];
const TINY_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function realSentence(random: Random, mix: Mix): string {
  let text = sentence(random);
  const roll = random();
  const { inline } = mix;
  if (roll < inline.code) text = text.replace('，', `（\`${pick(random, DOC_NUMBERS)}\`），`);
  else if (roll < inline.code + inline.link) text = text.replace(/^(.{2})(.{6})/u, `$1[$2](https://example.org/news/${Math.floor(random() * 1e6)}.html)`);
  else if (roll < inline.code + inline.link + inline.emphasis) text = text.replace(/^(.{4})(.{6})/u, random() < 0.5 ? '$1*$2*' : '$1**$2**');
  else if (roll < inline.code + inline.link + inline.emphasis + inline.hashtag) text = `${pick(random, HASHTAGS)}${text}`;
  else if (roll < inline.code + inline.link + inline.emphasis + inline.hashtag + inline.ascii) text = text.replace('，', `，${pick(random, ASCII_BITS)}，`);
  return text;
}

function realParagraph(random: Random, mix: Mix, sentences: number): string {
  return Array.from({ length: sentences }, () => realSentence(random, mix)).join('');
}

/** A body block of any kind; `bullet` is the list marker (a CMS writes `*`). */
function realBlock(random: Random, mix: Mix, bullet: string, image: string | null): string {
  const b = mix.blocks;
  let roll = random();
  const take = (share: number) => (roll -= share) < 0;
  const item = () => sentence(random);
  if (take(b.quote)) {
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 2) }, () => `> ${realParagraph(random, mix, 1 + Math.floor(random() * 3))}`);
    return paragraphs.join('\n>\n');
  }
  if (take(b.quotedList)) return [`> ${pick(random, OBJECTS)}：`, '>', ...Array.from({ length: 2 + Math.floor(random() * 3) }, () => `> ${bullet} ${item()}`)].join('\n');
  if (take(b.nested)) {
    const lines: string[] = [];
    for (let i = 0; i < 2 + Math.floor(random() * 3); i++) {
      lines.push(`${bullet} ${pick(random, OBJECTS)}`);
      for (let j = 0; j < Math.floor(random() * 3); j++) lines.push(`  ${bullet} ${item()}`);
    }
    return lines.join('\n');
  }
  if (take(b.ordered)) return Array.from({ length: 2 + Math.floor(random() * 4) }, (_, i) => `${i + 1}. ${item()}${random() < 0.2 ? `\n   ${bullet} ${item()}` : ''}`).join('\n');
  if (take(b.image)) {
    const src = image && random() < 0.5 ? image : `https://example.org/images/${Math.floor(random() * 1e5)}.jpg`;
    return `![${pick(random, OBJECTS)}现场](${src})${random() < 0.5 ? `\n*图：${pick(random, SUBJECTS)}供图*` : ''}`;
  }
  if (take(b.table)) {
    const rows = Array.from({ length: 2 + Math.floor(random() * 4) }, () => `| ${pick(random, PROVINCES).name} | ${Math.floor(random() * 900) + 10} | ${(random() * 100).toFixed(1)}% |`);
    return ['| 地区 | 社工站（个） | 覆盖率 |', '| --- | ---: | ---: |', ...rows].join('\n');
  }
  if (take(b.heading)) return `${random() < 0.8 ? '###' : '####'} ${pick(random, OBJECTS)}`;
  if (take(b.fence)) return ['```text', `${pick(random, SUBJECTS)}关于${pick(random, OBJECTS)}的通知`, `${pick(random, DOC_NUMBERS)}`, '```'].join('\n');
  return realParagraph(random, mix, 3 + Math.floor(random() * 5));
}

interface RealEntry {
  fileName: string;
  slug: string;
  title: string;
  section: string;
  sources: string[];
  region: string | null;
  shortRegion: string | null;
  tags: string[];
  authors: string[] | null;
  citation: string | null;
  body: string[];
}

const quote = (value: string, style: '"' | "'"): string => (style === '"' ? JSON.stringify(value) : `'${value.replaceAll("'", "''")}'`);

/** An editor's hand: any of the ways YAML lets one write the same fields. */
function handFrontmatter(random: Random, mix: Mix, entry: RealEntry): string[] {
  const h = mix.hand;
  const scalar = (value: string) => (random() < h.quoted ? quote(value, random() < 0.7 ? '"' : "'") : value);
  const list = (key: string, values: readonly string[]): string[] => {
    const quoted = random() < h.quoted;
    const item = (value: string) => (quoted ? quote(value, random() < 0.7 ? '"' : "'") : value);
    if (random() < h.block) {
      const indent = random() < 0.5 ? '  ' : '';
      return [`${key}:`, ...values.map((value) => `${indent}- ${item(value)}`)];
    }
    return [`${key}: [${values.map(item).join(random() < 0.8 ? ', ' : ',')}]`];
  };
  const fields: string[][] = [];
  // A title with an ASCII colon must be quoted; others may be.
  const title = entry.title.includes(': ') ? quote(entry.title, '"') : scalar(entry.title);
  fields.push([`title: ${title}`]);
  fields.push([`section: ${scalar(entry.section)}`]);
  fields.push(entry.sources.length === 1 && random() < 0.5 ? [`source: ${scalar(entry.sources[0]!)}`] : list('source', entry.sources));
  if (entry.region) {
    const region = entry.shortRegion && random() < h.shortRegion ? entry.shortRegion : entry.region;
    fields.push([`region: ${scalar(region)}${random() < h.comment / 3 ? '  # 以发文机关所在地为准' : ''}`]);
  }
  if (entry.tags.length > 0) fields.push(list('tags', entry.tags));
  else if (random() < 0.3) fields.push(['tags: []']);
  if (entry.authors) fields.push(list('authors', entry.authors));
  if (entry.citation) fields.push([`citation: ${quote(entry.citation, '"')}`]);
  if (random() < h.shuffled) {
    for (let i = fields.length - 1; i > 1; i--) {
      const j = 1 + Math.floor(random() * i);
      [fields[i], fields[j]] = [fields[j]!, fields[i]!];
    }
  }
  const lines = fields.flat();
  if (random() < h.comment) lines.splice(Math.floor(random() * (lines.length + 1)), 0, pick(random, COMMENTS));
  if (random() < h.comment / 2) lines.push('');
  return lines;
}

/** Decap CMS: every string double-quoted, every list a block list of quoted items. */
function cmsFrontmatter(entry: RealEntry): string[] {
  const list = (key: string, values: readonly string[]) => [`${key}:`, ...values.map((value) => `  - ${JSON.stringify(value)}`)];
  return [
    `title: ${JSON.stringify(entry.title)}`,
    `section: ${JSON.stringify(entry.section)}`,
    ...list('source', entry.sources),
    ...(entry.region ? [`region: ${JSON.stringify(entry.region)}`] : []),
    ...(entry.tags.length > 0 ? list('tags', entry.tags) : []),
    ...(entry.authors ? list('authors', entry.authors) : []),
    ...(entry.citation ? [`citation: ${JSON.stringify(entry.citation)}`] : []),
  ];
}

function* realFiles(options: CorpusOptions, mix: Mix): Generator<CorpusFile> {
  const random = createRandom(options.seed + mix.seedOffset);
  const tags = tagNames(300);
  const sources = sourceNames(60);
  const regions = regionNames();
  const shortOf = new Map(PROVINCES.map((province) => [province.name, province.short]));
  const drawTag = zipf(tags.length);
  const drawSource = zipf(sources.length, 0.9);
  const drawRegion = zipf(regions.length, 0.6);
  const total = options.entries ?? options.issues * options.perIssue;
  const sizes: number[] = [];
  for (let sum = 0; sum < total; ) {
    const size = Math.min(total - sum, Math.max(1, options.perIssue + Math.round((random() * 2 - 1) * mix.spread)));
    sizes.push(size);
    sum += size;
  }
  const weeks = mondays(sizes.length);
  const writerOf = (): Writer => {
    const roll = random();
    return roll < mix.writers.hand ? 'hand' : roll < mix.writers.hand + mix.writers.import ? 'import' : 'cms';
  };
  yield { path: 'content/site.yml', text: SITE_YML };
  const written: string[] = [];
  let serial = 0;
  for (const [issueIndex, week] of weeks.entries()) {
    const folder = `content/issues/${week.slice(0, 4)}/${week}`;
    const writer = writerOf();
    const published = new Date(Date.parse(week) + 86400000 * (7 + Math.floor(random() * 3))).toISOString().slice(0, 10);
    const editor = pick(random, EDITORS);
    const noteParagraphs = random() < 0.3 ? [realParagraph(random, mix, 2)] : [];
    const image = writer !== 'import' && random() < mix.localImage ? 'photo-1.png' : null;
    const entries: RealEntry[] = [];
    for (let n = 1; n <= sizes[issueIndex]!; n++) {
      serial++;
      const slug = `${pick(random, SLUG_WORDS)}-${serial.toString(36)}`;
      const section = SECTIONS[Math.min(SECTIONS.length - 1, Math.floor(random() ** 1.4 * SECTIONS.length))]!;
      const region = random() < 0.9 ? regions[drawRegion(random)]! : null;
      const entryTags = writer === 'import' ? [] : [...new Set(Array.from({ length: Math.floor(random() * 5) }, () => tags[drawTag(random)]!))];
      const entrySources = [...new Set(Array.from({ length: random() < 0.3 ? 2 : 1 }, () => sources[drawSource(random)]!))];
      const titleRoll = random();
      const titleCore = `${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}`;
      const title = titleRoll < 0.1 ? `${pick(random, SUBJECTS)}: ${titleCore}` : titleRoll < 0.2 ? `“${pick(random, OBJECTS)}”${titleCore}` : titleRoll < 0.25 ? `《${pick(random, OBJECTS)}》解读` : titleCore;
      const target = Math.max(300, Math.round(mix.medianBytes * Math.exp(mix.sigma * gaussian(random))));
      const body: string[] = [];
      let size = 0;
      const bullet = writer === 'cms' ? '*' : '-';
      while (size < target) {
        // The import writes paragraphs only: what the plain text of a digest page holds.
        const block = writer === 'import' ? realParagraph(random, mix, 3 + Math.floor(random() * 5)) : realBlock(random, mix, bullet, image);
        body.push(block);
        size += Buffer.byteLength(block) + 2;
      }
      if (writer !== 'import' && written.length > 0 && random() < 0.1) {
        const earlier = written[written.length - 1 - Math.floor(random() * Math.min(written.length, 200))]!;
        body.push(`相关报道见[往期](${path.posix.relative(folder, earlier)})。`);
      }
      body.push(writer === 'import' ? `原文链接：https://example.org/news/${Math.floor(random() * 1e6)}.html` : `[原文链接](https://example.org/news/${Math.floor(random() * 1e6)}.html)`);
      const research = section === 'research';
      entries.push({
        fileName: `${String(n).padStart(2, '0')}-${slug}.md`,
        slug,
        title,
        section,
        sources: entrySources,
        region,
        shortRegion: region ? (shortOf.get(region) ?? null) : null,
        tags: entryTags,
        authors: research ? [...new Set([pick(random, EDITORS), pick(random, EDITORS)])] : null,
        citation: research ? `社会工作研究, ${week.slice(0, 4)}(${1 + Math.floor(random() * 12)}): ${1 + Math.floor(random() * 80)}-${90 + Math.floor(random() * 20)}` : null,
        body,
      });
    }
    if (writer === 'import') {
      const issue: ImportedIssue = {
        start: week,
        end: new Date(Date.parse(week) + 6 * 86400000).toISOString().slice(0, 10),
        title: null,
        editor,
        published,
        originalUrl: random() < 0.7 ? `https://mp.example.org/s/${Math.floor(random() * 1e9).toString(36)}` : null,
        note: noteParagraphs,
        entries: entries.map((entry, i) => ({ line: i + 1, slug: entry.slug, title: entry.title, section: entry.section, region: entry.region, sources: entry.sources, authors: entry.authors ?? [], citation: entry.citation, paragraphs: entry.body })),
        lines: { week: 1, editor: null, originalUrl: null, published: null },
      };
      for (const file of issueFiles(issue)) {
        const filePath = `${folder}/${file.path}`;
        yield { path: filePath, text: file.contents };
        if (file.path !== 'index.md') written.push(filePath);
      }
      continue;
    }
    const index =
      writer === 'cms'
        ? ['---', `number: ${issueIndex + 1}`, `editor: ${JSON.stringify(editor)}`, `published: ${JSON.stringify(published)}`, 'draft: false', '---']
        : ['---', `number: ${issueIndex + 1}`, `editor: ${random() < mix.hand.quoted ? JSON.stringify(editor) : editor}`, `published: ${published}`, ...(random() < 0.3 ? [`original_url: https://mp.example.org/s/${Math.floor(random() * 1e9).toString(36)}`] : []), '---'];
    yield { path: `${folder}/index.md`, text: `${index.join('\n')}\n${noteParagraphs.map((note) => `\n${note}\n`).join('')}` };
    if (image) yield { path: `${folder}/${image}`, text: TINY_PNG };
    for (const entry of entries) {
      const front = writer === 'cms' ? cmsFrontmatter(entry) : handFrontmatter(random, mix, entry);
      let text = `---\n${front.join('\n')}\n---\n${writer === 'cms' ? '' : random() < 0.2 ? '\n' : ''}${entry.body.join('\n\n')}\n`;
      if (writer === 'hand' && random() < mix.hand.crlf) text = text.replaceAll('\n', '\r\n');
      const entryPath = `${folder}/${entry.fileName}`;
      yield { path: entryPath, text };
      written.push(entryPath);
    }
  }
}

/** The site.yml of every generated archive (scripts/real-shapes.ts too). */
export const SITE_YML = `title: 社会工作一周动态
description: 社会工作行业每周要闻
language: zh-CN
url: https://example.org/digest/
sections:
  - id: policy
    title: 政策参考
    sections:
      - { id: central, title: 中央政策 }
      - { id: local, title: 地方政策 }
  - { id: federation, title: 联合会动态 }
  - { id: industry, title: 行业动态 }
  - { id: research, title: 理论研究 }
`;

/** Writes the archive into `root` (a site root), replacing its content/ folder. */
export async function writeCorpus(root: string, options: CorpusOptions): Promise<{ files: number; bytes: number }> {
  await rm(path.join(root, 'content'), { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const made = new Set<string>();
  for (const file of corpusFiles(options)) {
    const target = path.join(root, file.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(target, file.text);
    files++;
    bytes += Buffer.byteLength(file.text);
  }
  return { files, bytes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string' },
      issues: { type: 'string' },
      'per-issue': { type: 'string', default: '15' },
      seed: { type: 'string', default: '1' },
      profile: { type: 'string', default: 'synthetic' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`Writes a deterministic synthetic archive (site.yml and issues of ~4.5 KB Chinese entries).

  node --import tsx scripts/gen-corpus.ts [--entries N | --issues N] [--per-issue M] [--seed S] [--out DIR]

  --entries N     entries in all (default 15000), as N / per-issue issues
  --issues N      issues (overrides --entries)
  --per-issue M   entries per issue (default 15)
  --seed S        seed of the random choices (default 1): same seed, same files
  --profile P     synthetic (default: the shapes the fast paths were tuned on), real (quoted and
                  unquoted scalars, flow and block lists, comments, blockquotes, nested lists,
                  images, tables, code spans; issues written by hand, by \`digest import\` and by
                  a Git-based CMS) or holdout (real's shapes in another mix and seed: never tune
                  against it)
  --out DIR       where to write (default bench/corpus-<entries>)
`);
    return;
  }
  const perIssue = Number(values['per-issue']);
  const profile = String(values.profile) as CorpusProfile;
  if (!PROFILES.includes(profile)) throw new Error(`--profile ${profile}: use ${PROFILES.join(', ')}`);
  const issues = values.issues !== undefined ? Number(values.issues) : Math.ceil(Number(values.entries ?? 15000) / perIssue);
  const entries = values.issues !== undefined ? issues * perIssue : Number(values.entries ?? 15000);
  const out = path.resolve(values.out ?? `bench/corpus-${profile === 'synthetic' ? '' : `${profile}-`}${entries}`);
  const started = performance.now();
  const { files, bytes } = await writeCorpus(out, { issues, perIssue, seed: Number(values.seed), profile, entries });
  process.stdout.write(`wrote ${files} files (${(bytes / 1048576).toFixed(1)} MB, ${profile}, ${entries} entries, ~${perIssue} an issue) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

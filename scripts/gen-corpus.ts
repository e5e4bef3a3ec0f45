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
import { PROVINCES } from '../src/regions.ts';
import { seededRandom as createRandom } from './seeded-random.ts';

export interface CorpusOptions {
  issues: number;
  perIssue: number;
  seed: number;
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
  text: string;
}

/** Every file of the archive, relative to the site root, in a fixed order. */
export function* corpusFiles(options: CorpusOptions): Generator<CorpusFile> {
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

const SITE_YML = `title: 社会工作一周动态
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
  --out DIR       where to write (default bench/corpus-<entries>)
`);
    return;
  }
  const perIssue = Number(values['per-issue']);
  const issues = values.issues !== undefined ? Number(values.issues) : Math.ceil(Number(values.entries ?? 15000) / perIssue);
  const out = path.resolve(values.out ?? `bench/corpus-${issues * perIssue}`);
  const started = performance.now();
  const { files, bytes } = await writeCorpus(out, { issues, perIssue, seed: Number(values.seed) });
  process.stdout.write(`wrote ${files} files (${(bytes / 1048576).toFixed(1)} MB, ${issues} issues x ${perIssue} entries) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

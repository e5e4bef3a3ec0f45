// A deterministic archive shaped as other tools and hand-writing shape entries (issue 14): most
// frontmatter written with block lists of quoted items (`source:` then `  - "社工中国网"`), some
// with comments and quoted flow lists, the rest as digest itself writes it; bodies with bold next
// to CJK punctuation, and in some entries a `> ` blockquote (~12%), a nested list, an image, a
// table or a code span. For the differential tests of the fast paths and for
// scripts/fallback-census.ts; it says nothing of sizes (scripts/gen-corpus.ts does).
//
//   node --import tsx scripts/real-shapes.ts --issues 430 --per-issue 15 --out /work/bench/fp-shapes [--seed N]
//
// The same arguments always write the same bytes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROVINCES } from '../src/regions.ts';
import { SITE_YML } from './gen-corpus.ts';
import { seededRandom } from './seeded-random.ts';

export interface RealShapesOptions {
  issues: number;
  perIssue: number;
  seed: number;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SUBJECTS = ['民政部', '各地民政部门', '社会工作者', '街道社工站', '志愿服务队伍', '社区服务中心', '养老服务机构', '医务社工部'];
const VERBS = ['印发', '推进', '开展', '部署', '召开', '发布', '启动', '完善'];
const OBJECTS = ['社会工作服务站建设', '困难群众帮扶', '未成年人保护工作', '老年人关爱服务', '社会救助改革', '专业人才队伍建设', '社区治理创新', '心理健康服务'];
const CLAUSES = ['取得了明显成效', '形成了可复制的经验', '受到群众普遍好评', '覆盖了全部乡镇街道', '提升了专业服务能力'];
const CONNECTORS = ['同时，', '此外，', '会议指出，', '据了解，', '下一步，', '数据显示，'];
/** Bold as news copy bolds: book titles, quoted terms, numbered heads, notes, figures (issue 16). */
const BOLD = ['据**《中国社会报》**报道，', '**“十四五”**规划提出，', '**（一）**指导思想。', '**注：**本文有删节。', '**100%**覆盖。', '**民政部**', '《**民法典**》'];
const SOURCES = ['社工中国网', '民政部官网', '中国社会报', '公益时报', '新华社', '人民日报客户端', '中国社会工作杂志'];
const TAGS = ['养老', '社区', '儿童', '救助', '志愿服务', '心理健康', '医务社工', '乡村振兴', '人才培养', '标准化'];
const SECTIONS = ['policy/central', 'policy/local', 'federation', 'industry', 'research'];
const EDITORS = ['林晓', '周宁', '陈雨桐', '王一鸣'];

function sentence(random: Random): string {
  const text = `${pick(random, CONNECTORS)}${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}，${pick(random, CLAUSES)}。`;
  return random() < 0.08 ? pick(random, BOLD) + text : text;
}

function paragraph(random: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random)).join('');
}

const REGIONS = ['全国', ...PROVINCES.map((province) => province.name)];

/** The frontmatter, in one of the ways tools and people write it. */
function frontmatter(random: Random, section: string): string {
  const title = `${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}`;
  const sources = [...new Set([pick(random, SOURCES), ...(random() < 0.3 ? [pick(random, SOURCES)] : [])])];
  const tags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, TAGS)))];
  const region = pick(random, REGIONS);
  const style = random();
  const lines: string[] = [];
  if (style < 0.6) {
    // Block lists of double-quoted items, as YAML writers and CMS exports write them.
    lines.push(`title: "${title}"`, `section: ${section}`, 'source:', ...sources.map((s) => `  - "${s}"`), `region: ${region}`, 'tags:', ...tags.map((t) => `  - "${t}"`));
  } else if (style < 0.8) {
    // By hand: comments, single quotes, quoted flow lists, unindented items.
    lines.push('# 本条由编辑部整理', `title: '${title}'`, `section: ${section} # 栏目`, `source: [${sources.map((s) => `"${s}"`).join(', ')}]`, `region: ${region}`, 'tags:', '# 标签', ...tags.map((t) => `- '${t}'`));
  } else {
    // As digest itself writes it.
    lines.push(`title: ${title}`, `section: ${section}`, `source: [${sources.join(', ')}]`, `region: ${region}`, `tags: [${tags.join(', ')}]`);
  }
  if (section === 'research') lines.push(`authors: [${pick(random, EDITORS)}]`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/** A `> ` blockquote: a quoted statement, now and then two paragraphs or a list. */
function blockquote(random: Random): string {
  const roll = random();
  if (roll < 0.6) return `> ${paragraph(random, 1 + Math.floor(random() * 2))}`;
  if (roll < 0.8) return `> ${paragraph(random, 1)}\n>\n> ${paragraph(random, 1)}`;
  return `> ${pick(random, OBJECTS)}：\n>\n${Array.from({ length: 2 + Math.floor(random() * 2) }, () => `> - ${sentence(random)}`).join('\n')}`;
}

function body(random: Random): string {
  const blocks: string[] = [];
  const count = 3 + Math.floor(random() * 5);
  const quoteAt = random() < 0.12 ? Math.floor(random() * count) : -1;
  for (let index = 0; index < count; index++) {
    if (index === quoteAt) {
      blocks.push(blockquote(random));
      continue;
    }
    const roll = random();
    if (roll < 0.06) blocks.push(Array.from({ length: 3 }, () => `- ${sentence(random)}`).join('\n'));
    else if (roll < 0.08) blocks.push(`- ${pick(random, OBJECTS)}\n  - ${sentence(random)}\n  - ${sentence(random)}`);
    else if (roll < 0.1) blocks.push(`![${pick(random, OBJECTS)}](https://example.org/img/${Math.floor(random() * 1e4)}.jpg)`);
    else if (roll < 0.11) blocks.push(`| 地区 | 数量 |\n| --- | --- |\n| ${pick(random, REGIONS)} | ${Math.floor(random() * 100)} |`);
    else if (roll < 0.12) blocks.push(`热线电话为 \`12345\`。${sentence(random)}`);
    else if (roll < 0.15) blocks.push(`### ${pick(random, OBJECTS)}`);
    else blocks.push(paragraph(random, 2 + Math.floor(random() * 4)));
  }
  blocks.push(`来源：[原文](https://example.org/news/${Math.floor(random() * 1e6)}.html)`);
  return `${blocks.join('\n\n')}\n`;
}

/** Every file of the archive, relative to the site root, in a fixed order. */
export function* realShapesFiles(options: RealShapesOptions): Generator<{ path: string; text: string }> {
  const random = seededRandom(options.seed);
  yield { path: 'content/site.yml', text: SITE_YML };
  const last = Date.UTC(2025, 10, 24); // a Monday
  for (let issue = 0; issue < options.issues; issue++) {
    const week = new Date(last - (options.issues - 1 - issue) * 7 * 86400000).toISOString().slice(0, 10);
    const folder = `content/issues/${week.slice(0, 4)}/${week}`;
    yield { path: `${folder}/index.md`, text: `---\nnumber: ${issue + 1}\n---\n` };
    for (let n = 1; n <= options.perIssue; n++) {
      const section = pick(random, SECTIONS);
      yield { path: `${folder}/${String(n).padStart(2, '0')}-e${(issue * options.perIssue + n).toString(36)}.md`, text: frontmatter(random, section) + body(random) };
    }
  }
}

/** Writes the archive into `root` (a site root), replacing its content/ folder. */
export async function writeRealShapes(root: string, options: RealShapesOptions): Promise<number> {
  await rm(path.join(root, 'content'), { recursive: true, force: true });
  let files = 0;
  for (const file of realShapesFiles(options)) {
    await mkdir(path.dirname(path.join(root, file.path)), { recursive: true });
    await writeFile(path.join(root, file.path), file.text);
    files++;
  }
  return files;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { issues: { type: 'string', default: '430' }, 'per-issue': { type: 'string', default: '15' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  if (values.out === undefined) throw new Error('--out DIR is required');
  const files = await writeRealShapes(path.resolve(values.out), { issues: Number(values.issues), perIssue: Number(values['per-issue']), seed: Number(values.seed) });
  process.stdout.write(`wrote ${files} files to ${values.out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

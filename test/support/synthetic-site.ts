// A generated site root, large enough that the search index spreads over several shards and
// text chunks: deterministic text drawn from the characters of the sample site, with a few
// strings that stress folding (full-width letters, characters outside the BMP, repeats).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays } from '../../src/calendar-date.ts';
import { REPO_ROOT } from './built-site.ts';
import { seededRandom as random } from '../../scripts/seeded-random.ts';

export { random };

const SPECIALS = ['ＣＯＶＩＤ－１９', 'covid-19', '𠮷野家', '哈哈哈哈', '社会工作', '心理援助', 'AI赋能', '２０２５年'];
const SECTIONS = ['policy/central', 'policy/local', 'federation', 'industry', 'research'];
const REGIONS = ['全国', '云南省', '山东省/济南市', '山东省', '四川省/成都市'];
const SOURCES = ['民政部官网', '社工中国网', '中国社会报'];

export async function writeSyntheticSite(root: string, options: { issues: number; entriesPerIssue: number; seed: number }): Promise<void> {
  await rm(root, { recursive: true, force: true });
  const pool = await sampleCharacters();
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentence = () => {
    const length = 8 + Math.floor(next() * 30);
    let text = Array.from({ length }, () => pick(pool)).join('');
    if (next() < 0.15) text += pick(SPECIALS);
    return `${text}。`;
  };
  await mkdir(path.join(root, 'content'), { recursive: true });
  await writeFile(path.join(root, 'content', 'site.yml'), await readFile(path.join(REPO_ROOT, 'content', 'site.yml')));
  let start = '2024-01-01';
  for (let i = 0; i < options.issues; i++) {
    const folder = path.join(root, 'content', 'issues', start.slice(0, 4), start);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'index.md'), `---\nnumber: ${i + 1}\n---\n`);
    for (let e = 0; e < options.entriesPerIssue; e++) {
      const title = sentence().slice(0, -1);
      const paragraphs = Array.from({ length: 2 + Math.floor(next() * 3) }, () => Array.from({ length: 2 + Math.floor(next() * 4) }, sentence).join(''));
      const front = [
        '---',
        `title: ${JSON.stringify(title)}`,
        `section: ${pick(SECTIONS)}`,
        `region: ${pick(REGIONS)}`,
        `source: ${pick(SOURCES)}`,
        `tags: [${JSON.stringify(pick(pool) + pick(pool))}]`,
        '---',
      ];
      const name = `${String(e + 1).padStart(2, '0')}-entry-${e + 1}.md`;
      await writeFile(path.join(folder, name), `${front.join('\n')}\n${paragraphs.join('\n\n')}\n`);
    }
    start = addDays(start, 7);
  }
}

/** The distinct CJK characters of the sample site's entries. */
async function sampleCharacters(): Promise<string[]> {
  const chars = new Set<string>();
  const issues = path.join(REPO_ROOT, 'content', 'issues');
  for (const entry of await readdir(issues, { recursive: true })) {
    if (!entry.endsWith('.md')) continue;
    for (const char of await readFile(path.join(issues, entry), 'utf8')) if (/\p{Script=Han}/u.test(char)) chars.add(char);
  }
  return [...chars].sort();
}

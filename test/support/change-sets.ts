// Random change sets for a synthetic site root (test/support/synthetic-site.ts), drawn from a
// seeded generator: edits, adds, deletes and renames of entries and issues, links between
// entries, issue images, drafts toggled, site.yml edits, site-root templates/ overrides and
// public/ files. Every change keeps the site valid (a rename or delete also fixes the links to
// what it moved or removed, as an editor must), so each step must build. Changes are applied to the model as they are drawn, so
// a change set may edit what an earlier change of the same set added.
import { addDays } from '../../src/calendar-date.ts';
import { fieldOf, joinFrontmatter, splitFrontmatter, withBody, withField } from './frontmatter-text.ts';

/** A site root's files (content/, templates/, public/): '/'-separated relative path -> text. */
export type SiteFiles = Map<string, string>;

export const CHANGE_KINDS = [
  'entry-body', 'entry-title', 'entry-tags', 'entry-region', 'entry-source', 'entry-section',
  'entry-add', 'entry-delete', 'entry-rename', 'entry-move', 'entry-link',
  'issue-header', 'issue-draft', 'issue-add', 'issue-delete', 'issue-rename', 'issue-image',
  'site-title', 'site-page-size', 'site-recent-issues', 'site-section-add',
  'template', 'public',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  kind: ChangeKind;
  /** What was done, for a failure's report. */
  what: string;
  /** Files written (text) or deleted (null). */
  files: { path: string; text: string | null }[];
}

export interface ChangeGeneratorOptions {
  random: () => number;
  /** The built-in template or public file a site-root override starts from; undefined: none. */
  builtin: (relativePath: string) => string | undefined;
  kinds?: readonly ChangeKind[];
}

/** How much more often than others a kind is drawn: body edits are digest dev's fast path. */
const WEIGHTS: Partial<Record<ChangeKind, number>> = { 'entry-body': 3, 'entry-title': 2 };
const LINK = /\[相关报道\]\(\.\.\/\.\.\/(\d{4}\/\d{4}-\d\d-\d\d\/[^)]+)\)/g;
const ENTRY = /^content\/issues\/(\d{4})\/(\d{4}-\d\d-\d\d)\/(\d\d)-([a-z0-9-]+)\.md$/;
const ISSUE = /^content\/issues\/(\d{4})\/(\d{4}-\d\d-\d\d)\/index\.md$/;
const BASE_SECTIONS = ['policy/central', 'policy/local', 'federation', 'industry', 'research'];
const REGIONS = ['全国', '湖南', '内蒙古', '云南省', '山东省/济南市', '四川省/成都市', '山西省', '陕西省'];
const SOURCES = ['民政部官网', '社工中国网', '中国社会报'];
const TEMPLATES = ['templates/partials/footer.njk', 'templates/partials/entry-summary.njk', 'templates/partials/entry.njk', 'templates/partials/issue-list.njk', 'templates/feed/issue-content.njk'];
const PUBLIC = ['public/extra.txt', 'public/robots.txt', 'public/assets/style.css', 'public/notes/readme.txt'];
const CHARS = [...'社会工作服务中心民政部门发布通知要求各地加强基层治理儿童青少年老年人心理健康志愿者培训项目评估救助养老残疾家庭社区乡村医务司法'];

interface EntryFile { path: string; folder: string; week: string; nn: number; slug: string }
interface IssueFile { path: string; folder: string; week: string }

export function createChangeGenerator(options: ChangeGeneratorOptions) {
  const { random } = options;
  const kinds = (options.kinds ?? CHANGE_KINDS).flatMap((kind) => Array<ChangeKind>(WEIGHTS[kind] ?? 1).fill(kind));
  let counter = 0;
  const unique = () => ++counter;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sentence = () => `${Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(CHARS)).join('')}。`;
  const paragraph = () => Array.from({ length: 2 + Math.floor(random() * 3) }, sentence).join('');

  const entries = (files: SiteFiles): EntryFile[] =>
    [...files.keys()].flatMap((file) => {
      const match = ENTRY.exec(file);
      return match ? [{ path: file, folder: file.slice(0, file.lastIndexOf('/')), week: match[2]!, nn: Number(match[3]), slug: match[4]! }] : [];
    });
  const issues = (files: SiteFiles): IssueFile[] =>
    [...files.keys()].flatMap((file) => {
      const match = ISSUE.exec(file);
      return match ? [{ path: file, folder: file.slice(0, file.lastIndexOf('/')), week: match[2]! }] : [];
    });
  const entriesOf = (files: SiteFiles, folder: string) => entries(files).filter((entry) => entry.folder === folder);
  const sections = (files: SiteFiles) => [...BASE_SECTIONS, ...[...files.get('content/site.yml')!.matchAll(/id: (extra-\d+)/g)].map((match) => match[1]!)];
  const allTags = (files: SiteFiles) => [...new Set(entries(files).flatMap((entry) => (fieldOf(files.get(entry.path)!, 'tags') as string[] | undefined) ?? []))];
  const folderOf = (week: string) => `content/issues/${week.slice(0, 4)}/${week}`;
  const fileName = (nn: number, slug: string) => `${String(nn).padStart(2, '0')}-${slug}.md`;
  const nextNumber = (files: SiteFiles) => 1 + Math.max(0, ...issues(files).map((issue) => Number(fieldOf(files.get(issue.path)!, 'number') ?? 0)));
  /** Mondays near the archive that no issue starts on (the periods never overlap). */
  const freeWeeks = (files: SiteFiles) => {
    const weeks = issues(files).map((issue) => issue.week).sort();
    const taken = new Set(weeks);
    const free: string[] = [];
    for (let week = addDays(weeks[0]!, -35); week <= addDays(weeks.at(-1)!, 35); week = addDays(week, 7)) if (!taken.has(week)) free.push(week);
    return free;
  };
  const newEntryText = (files: SiteFiles) => {
    const fields: [string, string][] = [
      ['title', JSON.stringify(sentence().slice(0, -1))],
      ['section', JSON.stringify(pick(sections(files)))],
      ['source', JSON.stringify(pick(SOURCES))],
    ];
    if (random() < 0.7) fields.push(['region', JSON.stringify(pick(REGIONS))]);
    if (random() < 0.8) fields.push(['tags', JSON.stringify([random() < 0.5 ? `新标签${unique()}` : pick([...allTags(files), '社工'])])]);
    return joinFrontmatter({ fields, body: `${paragraph()}\n\n${paragraph()}\n` });
  };
  const edit = (kind: ChangeKind, what: string, path: string, text: string): Change => ({ kind, what: `${what} ${path}`, files: [{ path, text }] });
  /** Moves every file of `from` (a folder or a file) to `to`, or deletes them (`to` null); links to them follow. */
  const move = (files: SiteFiles, from: string, to: string | null): Change['files'] => {
    const moved = [...files.keys()].filter((file) => file === from || file.startsWith(`${from}/`));
    const renames = new Map(moved.map((file) => [file, to === null ? null : to + file.slice(from.length)]));
    const after = new Map(files);
    const changes: Change['files'] = [];
    for (const [file, target] of renames) {
      changes.push({ path: file, text: null });
      after.delete(file);
      if (target !== null) after.set(target, files.get(file)!);
    }
    for (const [file, text] of after) {
      const relinked = text.replace(LINK, (link, target: string) => {
        const renamed = renames.get(`content/issues/${target}`);
        if (renamed === undefined) return link;
        return renamed === null ? '相关报道已删除' : `[相关报道](../../${renamed.slice('content/issues/'.length)})`;
      });
      if (relinked !== text || files.get(file) !== text) changes.push({ path: file, text: relinked });
    }
    return changes;
  };
  /** A site-root file that overrides a built-in one: added, edited or removed. */
  const override = (kind: ChangeKind, files: SiteFiles, path: string): Change => {
    const current = files.get(path);
    if (current !== undefined && random() < 0.4) return { kind, what: `removed ${path}`, files: [{ path, text: null }] };
    const base = current ?? options.builtin(path) ?? '';
    const marker = path.endsWith('.css') ? `/* 改动 ${unique()} */` : path.endsWith('.njk') ? `<!-- 改动 ${unique()} -->` : `改动 ${unique()}`;
    return { kind, what: `${current === undefined ? 'added' : 'edited'} ${path}`, files: [{ path, text: `${base}\n${marker}\n` }] };
  };

  function draw(files: SiteFiles, kind: ChangeKind): Change | null {
    const entry = pick(entries(files));
    const text = files.get(entry.path)!;
    const issue = pick(issues(files));
    const issueText = files.get(issue.path)!;
    switch (kind) {
      case 'entry-body': {
        const body = splitFrontmatter(text).body;
        // The same size: a one-off build must not trust the file's stat alone.
        if (random() < 0.2) return edit(kind, 'one character replaced', entry.path, withBody(text, body.replace(/\p{Script=Han}/u, pick(CHARS))));
        const replaced = random() < 0.4;
        return edit(kind, replaced ? 'new body' : 'paragraph appended', entry.path, withBody(text, replaced ? `${paragraph()}\n` : `${body}\n${paragraph()}\n`));
      }
      case 'entry-title':
        return edit(kind, 'title', entry.path, withField(text, 'title', sentence().slice(0, -1)));
      case 'entry-tags': {
        const tags = (fieldOf(text, 'tags') as string[] | undefined) ?? [];
        const roll = random();
        const next = roll < 0.35 ? [`新标签${unique()}`] : roll < 0.55 ? [...tags, `新标签${unique()}`] : roll < 0.8 ? [pick(allTags(files).length > 0 ? allTags(files) : ['社工'])] : null;
        return edit(kind, `tags ${JSON.stringify(next)}`, entry.path, withField(text, 'tags', next === null ? null : [...new Set(next)]));
      }
      case 'entry-region': {
        const region = random() < 0.2 ? null : pick(REGIONS);
        return edit(kind, `region ${region}`, entry.path, withField(text, 'region', region));
      }
      case 'entry-source': {
        const roll = random();
        const source = roll < 0.4 ? `新来源${unique()}` : roll < 0.7 ? pick(SOURCES) : [pick(SOURCES), `新来源${unique()}`];
        return edit(kind, `source ${JSON.stringify(source)}`, entry.path, withField(text, 'source', source));
      }
      case 'entry-section': {
        const section = pick(sections(files));
        return edit(kind, `section ${section}`, entry.path, withField(text, 'section', section));
      }
      case 'entry-add': {
        const siblings = entriesOf(files, issue.folder);
        const nn = 1 + Math.max(0, ...siblings.map((sibling) => sibling.nn));
        if (nn > 99) return null;
        const path = `${issue.folder}/${fileName(nn, `added-${unique()}`)}`;
        return { kind, what: `added ${path}`, files: [{ path, text: newEntryText(files) }] };
      }
      case 'entry-delete':
        if (entriesOf(files, entry.folder).length < 2) return null;
        return { kind, what: `deleted ${entry.path}`, files: move(files, entry.path, null) };
      case 'entry-rename': {
        const siblings = entriesOf(files, entry.folder);
        const used = new Set(siblings.map((sibling) => sibling.nn));
        const free = Array.from({ length: 20 }, (_, i) => i + 1).filter((nn) => !used.has(nn));
        const nn = random() < 0.5 ? entry.nn : pick(free);
        const slug = nn !== entry.nn && random() < 0.5 ? entry.slug : `renamed-${unique()}`;
        const path = `${entry.folder}/${fileName(nn, slug)}`;
        return { kind, what: `renamed ${entry.path} -> ${path}`, files: move(files, entry.path, path) };
      }
      case 'entry-move': {
        if (issue.folder === entry.folder || entriesOf(files, entry.folder).length < 2) return null;
        const nn = 1 + Math.max(0, ...entriesOf(files, issue.folder).map((sibling) => sibling.nn));
        const path = `${issue.folder}/${fileName(nn, `moved-${unique()}`)}`;
        return { kind, what: `moved ${entry.path} -> ${path}`, files: move(files, entry.path, path) };
      }
      case 'entry-link': {
        const target = pick(entries(files));
        if (target.path === entry.path) return null;
        const link = `[相关报道](../../${target.path.slice('content/issues/'.length)})`;
        return edit(kind, `link to ${target.path} in`, entry.path, withBody(text, `${splitFrontmatter(text).body}\n${link}\n`));
      }
      case 'issue-image': {
        const path = `${issue.folder}/figure.svg`;
        if (files.has(path) && random() < 0.4) return { kind, what: `removed ${path}`, files: [{ path, text: null }] };
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>图${unique()}</title></svg>\n`;
        return { kind, what: `${files.has(path) ? 'edited' : 'added'} ${path}`, files: [{ path, text: svg }] };
      }
      case 'issue-header': {
        const roll = random();
        if (roll < 0.35) return edit(kind, 'issue title', issue.path, withField(issueText, 'title', random() < 0.3 ? null : `第${unique()}期要闻`));
        if (roll < 0.5) return edit(kind, 'editor', issue.path, withField(issueText, 'editor', `编辑${unique()}`));
        if (roll < 0.65) return edit(kind, 'published', issue.path, withField(issueText, 'published', random() < 0.3 ? null : addDays(issue.week, 7 + Math.floor(random() * 5))));
        return edit(kind, "editor's note", issue.path, withBody(issueText, random() < 0.3 ? '' : `${paragraph()}\n`));
      }
      case 'issue-draft': {
        const draft = fieldOf(issueText, 'draft') === 'true';
        const drafts = issues(files).filter((other) => fieldOf(files.get(other.path)!, 'draft') === 'true').length;
        if (!draft && drafts >= issues(files).length - 3) return null;
        return edit(kind, draft ? 'published' : 'made a draft', issue.path, withField(issueText, 'draft', draft ? null : true));
      }
      case 'issue-add': {
        const folder = folderOf(pick(freeWeeks(files)));
        const header = joinFrontmatter({ fields: random() < 0.8 ? [['number', String(nextNumber(files))]] : [], body: '' });
        const added = [{ path: `${folder}/index.md`, text: header }];
        const count = 1 + Math.floor(random() * 3);
        for (let nn = 1; nn <= count; nn++) added.push({ path: `${folder}/${fileName(nn, `entry-${nn}`)}`, text: newEntryText(files) });
        return { kind, what: `added ${folder} (${count} entries)`, files: added };
      }
      case 'issue-delete':
        if (issues(files).length < 7) return null;
        return { kind, what: `deleted ${issue.folder}`, files: move(files, issue.folder, null) };
      case 'issue-rename': {
        const folder = folderOf(pick(freeWeeks(files)));
        return { kind, what: `renamed ${issue.folder} -> ${folder}`, files: move(files, issue.folder, folder) };
      }
      case 'site-title': {
        const title = `社会工作周报${unique()}`;
        return edit(kind, `title ${title}`, 'content/site.yml', files.get('content/site.yml')!.replace(/^title: .*$/m, `title: ${title}`));
      }
      case 'site-page-size': {
        const size = 2 + Math.floor(random() * 4);
        return edit(kind, `page_size ${size}`, 'content/site.yml', files.get('content/site.yml')!.replace(/^page_size: \d+$/m, `page_size: ${size}`));
      }
      case 'site-recent-issues': {
        const count = 2 + Math.floor(random() * 4);
        return edit(kind, `recent_issues ${count}`, 'content/site.yml', files.get('content/site.yml')!.replace(/^recent_issues: \d+$/m, `recent_issues: ${count}`));
      }
      case 'site-section-add': {
        const yml = files.get('content/site.yml')!;
        if (sections(files).length >= BASE_SECTIONS.length + 3) return null;
        const id = `extra-${unique()}`;
        return edit(kind, `section ${id}`, 'content/site.yml', `${yml}  - { id: ${id}, title: 新栏目${counter} }\n`);
      }
      case 'template':
        return override(kind, files, pick(TEMPLATES));
      case 'public':
        return override(kind, files, pick(PUBLIC));
    }
  }

  return {
    /** 1-3 changes, applied to `files` as they are drawn. */
    next(files: SiteFiles): Change[] {
      const count = 1 + Math.floor(random() * random() * 3.5);
      const changes: Change[] = [];
      while (changes.length < count) {
        const change = draw(files, pick(kinds));
        if (!change) continue;
        applyToModel(files, change);
        changes.push(change);
      }
      return changes;
    },
  };
}

export function applyToModel(files: SiteFiles, change: Change): void {
  for (const file of change.files) {
    if (file.text === null) files.delete(file.path);
    else files.set(file.path, file.text);
  }
}

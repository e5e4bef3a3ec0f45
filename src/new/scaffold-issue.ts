// The files of a new, empty issue: index.md and one commented example entry per section, as a
// draft so that a production build leaves it out until the editor publishes it. Pure.
import type { SectionConfig, SiteConfig } from '../config.js';
import { addDays, weekday, type CalendarDate } from '../calendar-date.js';
import { NATIONAL } from '../regions.js';
import { SCAFFOLD_EXAMPLE } from '../validate/rules/scaffold-example.js';

export interface ScaffoldFile {
  /** File name inside the issue folder. */
  path: string;
  contents: string;
}

export interface ScaffoldOptions {
  config: SiteConfig;
  start: CalendarDate;
  /** The issue number, when it follows from the latest issue's. */
  number: number | null;
}

/** The week after the latest issue; with no issue yet, the week of `today`. */
export function nextWeek(existing: readonly CalendarDate[], today: CalendarDate): CalendarDate {
  const latest = existing.reduce<CalendarDate | null>((max, week) => (max === null || week > max ? week : max), null);
  return latest === null ? mondayOf(today) : addDays(latest, 7);
}

export function mondayOf(date: CalendarDate): CalendarDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}

export function scaffoldIssue(options: ScaffoldOptions): ScaffoldFile[] {
  const { config, start } = options;
  const leaves = config.sectionOrder.map((path) => config.sectionByPath.get(path)!).filter((section) => section.children.length === 0);
  const width = leaves.length > 99 ? 3 : 2;
  return [
    { path: 'index.md', contents: indexFile(start, options.number) },
    ...leaves.map((section, i) => ({ path: `${String(i + 1).padStart(width, '0')}-example-${section.id}.md`, contents: exampleEntry(config, section) })),
  ];
}

function indexFile(start: CalendarDate, number: number | null): string {
  return `---
# The issue of the week ${start} to ${addDays(start, 6)}: the folder name gives the week.
# It is a draft: \`digest dev\` shows it, \`digest build\` leaves it out. Delete the line
# \`draft: true\` when the issue is ready to publish.
${number === null ? '# number: 1' : `number: ${number}`}
# editor: 责任编辑的名字
# published: ${addDays(start, 8)}
draft: true
---
`;
}

function exampleEntry(config: SiteConfig, section: SectionConfig): string {
  const parent = section.parent ? config.sectionByPath.get(section.parent) : undefined;
  const name = parent ? `${parent.title} / ${section.title}` : section.title;
  const national = section.id === 'central' || section.title.startsWith('中央');
  const research = section.id === 'research' || section.title.includes('研究');
  const region = national ? `region: ${NATIONAL}` : section.parent ? 'region: 湖南省' : '# region: 湖南省';
  const researchFields = research ? 'authors: [作者甲, 作者乙]\ncitation: 期刊名. 2025,1(1)\n' : '';
  return `---
# An example entry for ${name}. Replace the title, sources and text; rename the file to
# NN-short-name.md (NN orders the entries, short-name becomes the entry's anchor: a-z, 0-9, -);
# add more entries as further files; delete the examples you do not need.
title: ${SCAFFOLD_EXAMPLE.titlePrefix}${section.title}${research ? '论文题目' : '新闻标题'}
section: ${section.path}
${region}  # 全国, a province (湖南省) or province/city (山东省/济南市); may be left out
source: [${SCAFFOLD_EXAMPLE.source}]  # one source or several: [民政部官网, 社工中国网]
# tags: [社工站, 养老服务]
${researchFields}---
在这里写${research ? '论文摘要' : '新闻正文'}（${section.title}）。段落之间空一行；正文里的小标题从 ### 开始。
`;
}

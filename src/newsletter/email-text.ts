// The text/plain part of the mail: titles, paragraphs and 来源, each link written out as its URL
// after its text, made from the same trees as the HTML part.
import type { Element, ElementContent, Root } from 'hast';
import type { EditionEntry, IssueEdition } from './issue-edition.js';

const BLOCK = new Set(['p', 'div', 'section', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'table', 'tr', 'dl', 'dt', 'dd']);

export function emailText(edition: IssueEdition): string {
  const blocks: string[] = [edition.title, edition.dates, `在网页上阅读：${edition.webUrl}`];
  if (edition.note) blocks.push(...treeBlocks(edition.note));
  for (const group of edition.groups) {
    blocks.push(`【${group.title}】`);
    for (const entry of group.entries) blocks.push(...entryBlocks(entry));
    for (const sub of group.subgroups) {
      blocks.push(`〔${sub.title}〕`);
      for (const entry of sub.entries) blocks.push(...entryBlocks(entry));
    }
  }
  const footer = [edition.editor ? `责任编辑：${edition.editor}` : '', edition.originalUrl ? `原文链接：${edition.originalUrl}` : ''].filter(Boolean);
  if (footer.length > 0) blocks.push(footer.join('\n'));
  blocks.push(`——\n${edition.siteTitle}\n本期网页版：${edition.webUrl}\n往期回顾：${edition.archiveUrl}`);
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

function entryBlocks(entry: EditionEntry): string[] {
  return [
    `■ ${entry.title}\n${entry.url}`,
    entry.authors.length > 0 ? entry.authors.join('、') : '',
    ...treeBlocks(entry.body),
    entry.citation ?? '',
    `来源：${entry.sources.join('、')}${entry.region ? `\n地区：${entry.region}` : ''}`,
  ];
}

/** A body's blocks (paragraphs, list items, headings) as text. */
function treeBlocks(tree: Root): string[] {
  const blocks: string[] = [];
  let line = '';
  // A list item's bullet, put before the first text inside it.
  let marker = '';
  const flush = () => {
    const text = line.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
    if (text !== '') {
      blocks.push(marker + text);
      marker = '';
    }
    line = '';
  };
  const walk = (nodes: readonly (ElementContent | Root['children'][number])[], prefix: string): void => {
    for (const node of nodes) {
      if (node.type === 'text') line += prefix === 'pre' ? node.value : node.value.replace(/\s+/g, ' ');
      if (node.type !== 'element') continue;
      const element = node;
      if (element.tagName === 'br') line += '\n';
      else if (element.tagName === 'hr') {
        flush();
        blocks.push('——');
      } else if (element.tagName === 'img') line += imageText(element);
      else if (element.tagName === 'a') {
        const before = line;
        line = '';
        walk(element.children, prefix);
        const label = line;
        const href = typeof element.properties.href === 'string' ? element.properties.href : '';
        line = before + label + (href === '' || label.trim() === href ? '' : ` (${href})`);
      } else if (element.tagName === 'li') {
        flush();
        marker = '· ';
        walk(element.children, prefix);
        flush();
        marker = '';
      } else if (BLOCK.has(element.tagName)) {
        flush();
        const before = blocks.length;
        walk(element.children, element.tagName === 'pre' ? 'pre' : prefix);
        flush();
        if (element.tagName === 'blockquote') for (let index = before; index < blocks.length; index++) blocks[index] = blocks[index]!.replace(/^/gm, '> ');
        if (element.tagName === 'ol') numberItems(blocks, before, element);
      } else walk(element.children, prefix);
    }
  };
  walk(tree.children, '');
  flush();
  return blocks;
}

function imageText(image: Element): string {
  const alt = typeof image.properties.alt === 'string' && image.properties.alt !== '' ? image.properties.alt : '图片';
  const src = typeof image.properties.src === 'string' ? ` ${image.properties.src}` : '';
  return `[${alt}]${src}`;
}

/** An ordered list's items, numbered from its start. */
function numberItems(blocks: string[], from: number, list: Element): void {
  const start = typeof list.properties.start === 'number' ? list.properties.start : 1;
  for (let index = from; index < blocks.length; index++) blocks[index] = blocks[index]!.replace(/^· /, `${start + index - from}. `);
}

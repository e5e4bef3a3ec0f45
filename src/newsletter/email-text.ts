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
  /** `list`: the list whose items `nodes` are, numbered from `next` when ordered. */
  const walk = (nodes: readonly (ElementContent | Root['children'][number])[], list?: { ordered: boolean; next: number }): void => {
    for (const node of nodes) {
      if (node.type === 'text') line += node.value.replace(/\s+/g, ' ');
      if (node.type !== 'element') continue;
      const element = node;
      if (element.tagName === 'br') line += '\n';
      else if (element.tagName === 'hr') {
        flush();
        blocks.push('——');
      } else if (element.tagName === 'img') line += imageText(element);
      else if (element.tagName === 'pre') {
        // Code keeps its lines and spaces.
        flush();
        const code = textContent(element).replace(/\n+$/, '');
        if (code.trim() !== '') blocks.push(marker + code);
        marker = '';
      } else if (element.tagName === 'a') {
        const before = line;
        line = '';
        walk(element.children);
        const label = line;
        const href = typeof element.properties.href === 'string' ? element.properties.href : '';
        line = before + label + (href === '' || label.trim() === href ? '' : ` (${href})`);
      } else if (element.tagName === 'li') {
        flush();
        marker = list?.ordered ? `${list.next++}. ` : '· ';
        walk(element.children);
        flush();
        marker = '';
      } else if (BLOCK.has(element.tagName)) {
        flush();
        const before = blocks.length;
        const ordered = element.tagName === 'ol';
        walk(element.children, ordered || element.tagName === 'ul' ? { ordered, next: typeof element.properties.start === 'number' ? element.properties.start : 1 } : undefined);
        flush();
        if (element.tagName === 'blockquote') for (let index = before; index < blocks.length; index++) blocks[index] = blocks[index]!.replace(/^/gm, '> ');
      } else walk(element.children);
    }
  };
  walk(tree.children);
  flush();
  return blocks;
}

function textContent(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textContent).join('') : '';
}

function imageText(image: Element): string {
  const alt = typeof image.properties.alt === 'string' && image.properties.alt !== '' ? image.properties.alt : '图片';
  const src = typeof image.properties.src === 'string' ? ` ${image.properties.src}` : '';
  return `[${alt}]${src}`;
}

// The WeChat edition: an HTML fragment to paste into WeChat's article editor, which keeps inline
// styles only (no class, no <style>, no script). A WeChat article may not link outside WeChat,
// so every link to another host becomes its text and a numbered note, [1], and the notes (text
// and URL, each URL once) close the article. Built as a hast tree, so everything is escaped.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { EditionEntry, IssueEdition } from './issue-edition.js';

/** Hosts a WeChat article may link to: its own articles. */
const WECHAT_HOSTS = new Set(['mp.weixin.qq.com']);

const TEXT = 'color:#1f2328;font-size:16px;line-height:1.75;';
/** Styles by tag, for the elements of bodies and for the frame around them. */
const STYLES: Record<string, string> = {
  p: `margin:0 0 12px;${TEXT}`,
  h1: 'margin:0 0 6px;font-size:21px;line-height:1.4;font-weight:bold;color:#1f2328;',
  h2: 'margin:28px 0 10px;padding-bottom:4px;font-size:18px;line-height:1.4;font-weight:bold;color:#8a4b12;border-bottom:1px solid #e4ddd0;',
  h3: 'margin:20px 0 8px;font-size:17px;line-height:1.45;font-weight:bold;color:#1f2328;',
  h4: 'margin:18px 0 6px;font-size:16px;line-height:1.45;font-weight:bold;color:#1f2328;',
  h5: 'margin:16px 0 6px;font-size:16px;font-weight:bold;color:#1f2328;',
  h6: 'margin:16px 0 6px;font-size:15px;font-weight:bold;color:#1f2328;',
  ul: `margin:0 0 12px;padding-left:22px;${TEXT}`,
  ol: `margin:0 0 12px;padding-left:22px;${TEXT}`,
  li: `margin:0 0 4px;${TEXT}`,
  blockquote: 'margin:0 0 12px;padding:4px 12px;border-left:3px solid #d0d7de;color:#57606a;',
  pre: 'margin:0 0 12px;padding:8px;white-space:pre-wrap;word-break:break-all;background:#f6f8fa;font-size:13px;',
  code: 'font-family:Menlo,Consolas,monospace;font-size:14px;',
  img: 'max-width:100%;height:auto;display:block;margin:8px auto;',
  strong: 'font-weight:bold;',
  em: 'font-style:italic;',
  hr: 'margin:20px 0;border:0;border-top:1px solid #e4ddd0;',
  sup: 'font-size:12px;color:#8a4b12;',
  a: 'color:#576b95;text-decoration:none;',
};
const SUBSECTION = 'margin:22px 0 8px;font-size:17px;line-height:1.45;font-weight:bold;color:#8a4b12;';
const META = 'margin:0 0 6px;font-size:14px;line-height:1.6;color:#57606a;';
const NOTE = 'margin:0 0 6px;font-size:13px;line-height:1.6;color:#57606a;word-break:break-all;';

export interface WechatOptions {
  /** Hosts links may keep their <a> to; default: WeChat's own articles. */
  linkHosts?: ReadonlySet<string>;
}

export function wechatHtml(edition: IssueEdition, options: WechatOptions = {}): string {
  const frame: ElementContent[] = [
    h('p', { style: META }, edition.siteTitle),
    h('h1', edition.title),
    h('p', { style: 'margin:0 0 20px;font-size:14px;line-height:1.6;color:#57606a;' }, edition.dates),
  ];
  if (edition.note) frame.push(h('section', { style: 'margin:0 0 24px;padding:10px 14px;background:#faf6ee;border-left:3px solid #c8862b;' }, copy(edition.note)));
  for (const group of edition.groups) {
    frame.push(h('h2', group.title), ...group.entries.map((entry) => entryNodes(entry, 3)));
    for (const sub of group.subgroups) frame.push(h('h3', { style: SUBSECTION }, sub.title), ...sub.entries.map((entry) => entryNodes(entry, 4)));
  }
  if (edition.editor) frame.push(h('p', { style: 'margin:24px 0 6px;font-size:14px;line-height:1.6;color:#57606a;' }, `责任编辑：${edition.editor}`));
  frame.push(h('p', { style: 'margin:12px 0 6px;font-size:14px;line-height:1.6;color:#57606a;' }, [h('a', { href: edition.webUrl }, '本期网页版'), '　', h('a', { href: edition.archiveUrl }, '往期回顾')]));
  const notes = new LinkNotes(options.linkHosts ?? WECHAT_HOSTS);
  const article = h('section', { style: 'padding:0 4px;word-break:break-word;overflow-wrap:anywhere;' }, frame);
  notes.rewrite(article);
  if (notes.list.length > 0) {
    article.children.push(
      h('section', { style: 'margin-top:24px;padding-top:10px;border-top:1px solid #e4ddd0;' }, [
        h('p', { style: 'margin:0 0 6px;font-size:14px;line-height:1.6;color:#57606a;font-weight:bold;' }, '注释'),
        ...notes.list.map((note, index) => h('p', { style: NOTE }, `[${index + 1}] ${note.text}：${note.url}`)),
      ]),
    );
  }
  styleTree(article);
  return `${toHtml(article)}\n`;
}

function entryNodes(entry: EditionEntry, level: number): Element {
  return h('section', { style: 'margin:0 0 22px;' }, [
    h(`h${level}`, entry.title),
    entry.authors.length > 0 ? h('p', { style: META }, entry.authors.join('、')) : null,
    ...copy(entry.body),
    entry.citation ? h('p', { style: META }, entry.citation) : null,
    h('p', { style: META }, `来源：${entry.sources.join('、')}${entry.region ? ` · 地区：${entry.region}` : ''}`),
  ]);
}

function copy(tree: Root): ElementContent[] {
  return structuredClone(tree.children).filter((node): node is ElementContent => node.type !== 'doctype');
}

/** The numbered notes of one article: a URL keeps the number it got first. */
class LinkNotes {
  readonly list: { text: string; url: string }[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly hosts: ReadonlySet<string>) {}

  /** Replaces each outside link below `parent` by its text and a [n]. */
  rewrite(parent: Element): void {
    parent.children = parent.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      if (child.tagName !== 'a') {
        this.rewrite(child);
        return [child];
      }
      const href = typeof child.properties.href === 'string' ? child.properties.href : '';
      if (href !== '' && URL.canParse(href) && this.hosts.has(new URL(href).hostname) && new URL(href).protocol === 'https:') {
        this.rewrite(child);
        return [child];
      }
      // Links inside a link's text (none in sanitized HTML) get their notes too.
      const holder = h('span', child.children);
      this.rewrite(holder);
      if (href === '') return holder.children;
      return [...holder.children, h('sup', `[${this.number(href, textOf(holder))}]`)];
    });
  }

  private number(url: string, text: string): number {
    let number = this.numbers.get(url);
    if (number === undefined) {
      this.list.push({ text: text.trim() || url, url });
      number = this.list.length;
      this.numbers.set(url, number);
    }
    return number;
  }
}

function textOf(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** Inline styles by tag for every element that has none of its own; no class or id anywhere. */
function styleTree(element: Element): void {
  delete element.properties.className;
  delete element.properties.id;
  const own = typeof element.properties.style === 'string' ? element.properties.style : '';
  const style = own !== '' ? own : (STYLES[element.tagName] ?? '');
  if (style !== '') element.properties.style = style;
  for (const child of element.children) if (child.type === 'element') styleTree(child);
}

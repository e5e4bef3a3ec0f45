// The HTML part of the mail: one column, at most 600 px wide and fluid below, the styles inlined
// by juice (mail clients drop <style> and never load a stylesheet), no script. Built as a hast
// tree, so every text and attribute is escaped by the serializer, whatever the content holds.
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import juice from 'juice';
import type { EditionEntry, IssueEdition } from './issue-edition.js';

/** Inlined into the elements' style attributes; nothing of it stays in a <style>. */
export const EMAIL_CSS = `
body { margin: 0; padding: 0; background: #f3f2ee; color: #1f2328; font-family: -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 16px; line-height: 1.75; -webkit-text-size-adjust: 100%; }
.outer { width: 100%; background: #f3f2ee; border-collapse: collapse; }
.outer-cell { padding: 12px 8px; }
.container { width: 100%; max-width: 600px; background: #ffffff; border-collapse: collapse; }
.content { padding: 20px 18px 28px; text-align: left; word-break: break-word; overflow-wrap: anywhere; }
.top { margin: 0 0 16px; font-size: 13px; color: #6e7781; text-align: right; }
.site { margin: 0; font-size: 14px; color: #8a4b12; font-weight: bold; }
h1 { margin: 4px 0 6px; font-size: 22px; line-height: 1.4; color: #1f2328; }
.dates { margin: 0 0 20px; font-size: 14px; color: #6e7781; }
.note { margin: 0 0 24px; padding: 10px 14px; background: #faf6ee; border-left: 3px solid #c8862b; }
h2 { margin: 28px 0 8px; padding-bottom: 4px; font-size: 19px; line-height: 1.4; color: #8a4b12; border-bottom: 1px solid #e4ddd0; }
h3, h4, h5, h6 { margin: 20px 0 6px; font-size: 17px; line-height: 1.45; }
.subsection { margin: 22px 0 6px; font-size: 17px; color: #8a4b12; }
.entry { margin: 0 0 22px; }
.entry-title { margin: 18px 0 6px; font-size: 17px; line-height: 1.45; }
.entry-title a { color: #1f2328; text-decoration: none; }
.authors, .citation, .meta { margin: 4px 0; font-size: 14px; color: #57606a; }
p { margin: 0 0 10px; }
ul, ol { margin: 0 0 10px; padding-left: 22px; }
blockquote { margin: 0 0 10px; padding-left: 12px; border-left: 3px solid #d0d7de; color: #57606a; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; padding: 8px; font-size: 13px; }
code { font-family: Menlo, Consolas, monospace; font-size: 14px; }
img { max-width: 100%; height: auto; border: 0; }
a { color: #0b5cad; }
.footer { margin: 28px 0 0; padding-top: 12px; border-top: 1px solid #e4ddd0; font-size: 13px; color: #6e7781; }
.footer p { margin: 0 0 6px; }
`;

export function emailHtml(edition: IssueEdition): string {
  const content: ElementContent[] = [
    h('p', { className: ['top'] }, [h('a', { href: edition.webUrl }, '在网页上阅读')]),
    h('p', { className: ['site'] }, edition.siteTitle),
    h('h1', edition.title),
    h('p', { className: ['dates'] }, edition.dates),
  ];
  if (edition.note) content.push(h('div', { className: ['note'] }, children(edition.note)));
  for (const group of edition.groups) {
    content.push(h('h2', group.title), ...group.entries.map((entry) => entryHtml(entry, 3)));
    for (const sub of group.subgroups) content.push(h('h3', { className: ['subsection'] }, sub.title), ...sub.entries.map((entry) => entryHtml(entry, 4)));
  }
  content.push(
    h('div', { className: ['footer'] }, [
      edition.editor ? h('p', `责任编辑：${edition.editor}`) : null,
      edition.originalUrl ? h('p', ['原文链接：', h('a', { href: edition.originalUrl }, edition.originalUrl)]) : null,
      h('p', [h('a', { href: edition.webUrl }, '本期网页版'), ' · ', h('a', { href: edition.archiveUrl }, '往期回顾'), ' · ', h('a', { href: edition.homeUrl }, edition.siteTitle)]),
    ]),
  );
  const presentation = { role: 'presentation', width: '100%', cellPadding: '0', cellSpacing: '0', border: '0' };
  const document: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: edition.language }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { name: 'color-scheme', content: 'light' }),
          h('title', edition.title),
        ]),
        h('body', [
          h('table', { ...presentation, className: ['outer'] }, [
            h('tr', [
              h('td', { className: ['outer-cell'], align: 'center' }, [
                h('table', { ...presentation, className: ['container'] }, [h('tr', [h('td', { className: ['content'] }, content)])]),
              ]),
            ]),
          ]),
        ]),
      ]),
    ],
  };
  // The stylesheet goes in for juice to inline, which then removes it.
  const html = toHtml(document).replace('</head>', `<style>${EMAIL_CSS}</style></head>`);
  return juice(html, { removeStyleTags: true, preserveMediaQueries: false, preserveImportant: false, applyWidthAttributes: false, applyHeightAttributes: false });
}

function entryHtml(entry: EditionEntry, level: number): ElementContent {
  const meta = `来源：${entry.sources.join('、')}${entry.region ? ` · 地区：${entry.region}` : ''}`;
  return h('div', { className: ['entry'] }, [
    h(`h${level}`, { className: ['entry-title'] }, [h('a', { href: entry.url }, entry.title)]),
    entry.authors.length > 0 ? h('p', { className: ['authors'] }, entry.authors.join('、')) : null,
    ...children(entry.body),
    entry.citation ? h('p', { className: ['citation'] }, entry.citation) : null,
    h('p', { className: ['meta'] }, meta),
  ]);
}

function children(tree: Root): ElementContent[] {
  return structuredClone(tree.children).filter((node): node is ElementContent => node.type !== 'doctype');
}

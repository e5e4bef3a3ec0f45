// The newsletter previews' pages (see newsletter-pages.ts): an index of the issues, and per issue
// both editions: the mail's HTML in a frame at 600 or 375 px, its .eml, and the WeChat fragment
// with a button that copies it as rich HTML for WeChat's editor. Loaded on the first request for
// one, with the mail's libraries (juice, nodemailer, an HTML parser), which a dev server that
// shows no preview never loads.
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Site } from '../model/types.js';
import { emailEdition, wechatEdition } from '../newsletter/editions.js';

import type { BodyStore } from '../parse/body-store.js';

export interface BuiltSite {
  site: Site;
  bodies: BodyStore;
}

export interface NewsletterResponse {
  contentType: string;
  body: string | Buffer;
  /** An HTML page of the dev server: it gets the live-reload script. */
  page: boolean;
}

/** The answer for `rest`, the path below /__digest/newsletter/; null when there is no such preview. */
export async function previewResponse(rest: string, built: BuiltSite | null): Promise<NewsletterResponse | null> {
  if (built === null) return rest === '' ? { contentType: HTML, body: page('Newsletter', [h('p', 'No build has succeeded yet: fix the problems shown and save.')]), page: true } : null;
  if (rest === '') return { contentType: HTML, body: indexPage(built.site), page: true };
  const match = /^(\d{4}-\d{2}-\d{2})\/(|email\.html|message\.eml|wechat\.html)$/.exec(rest);
  const issue = match ? built.site.issueById.get(match[1]!) : undefined;
  if (!match || !issue) return null;
  const source = { ...built, issue };
  switch (match[2]) {
    case 'email.html':
      return { contentType: HTML, body: (await emailEdition(source)).html, page: false };
    case 'message.eml':
      return { contentType: 'message/rfc822', body: (await emailEdition(source)).message, page: false };
    case 'wechat.html':
      return { contentType: HTML, body: wechatEdition(source), page: false };
    default: {
      const email = await emailEdition(source);
      return { contentType: HTML, body: issuePage(issue.title, issue.id, email.subject, wechatEdition(source)), page: true };
    }
  }
}

const HTML = 'text/html; charset=utf-8';

const STYLE = `
body { margin: 0; font: 15px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2328; background: #f6f6f3; }
main { max-width: 1280px; margin: 0 auto; padding: 16px; }
h1 { font-size: 20px; margin: 8px 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
nav a, .tools a { margin-right: 12px; }
.editions { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.edition { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px; flex: 1 1 420px; min-width: 0; }
.tools { margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
button { font: inherit; padding: 2px 10px; cursor: pointer; }
button[aria-pressed="true"] { background: #1f2328; color: #fff; }
iframe { display: block; border: 1px solid #ccc; width: 600px; max-width: 100%; height: 75vh; background: #fff; }
#wechat { max-width: 578px; border: 1px dashed #ccc; padding: 12px; max-height: 75vh; overflow: auto; }
#copied { color: #1a7f37; }
`;

const SCRIPT = `
(() => {
  const frame = document.getElementById('email');
  for (const button of document.querySelectorAll('[data-width]')) {
    button.addEventListener('click', () => {
      frame.style.width = button.dataset.width + 'px';
      for (const other of document.querySelectorAll('[data-width]')) other.setAttribute('aria-pressed', String(other === button));
    });
  }
  const fragment = document.getElementById('wechat');
  const status = document.getElementById('copied');
  document.getElementById('copy').addEventListener('click', async () => {
    const html = fragment.innerHTML;
    try {
      await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([html], { type: 'text/html' }),
        'text/plain': new Blob([fragment.innerText], { type: 'text/plain' }),
      })]);
    } catch {
      // No Clipboard API (a page not served from localhost): copy the selection, which keeps the markup.
      const range = document.createRange();
      range.selectNodeContents(fragment);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand('copy');
      selection.removeAllRanges();
    }
    status.textContent = '已复制，可粘贴到微信公众号编辑器';
  });
})();
`;

function page(title: string, content: ElementContent[], script = ''): string {
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'zh-CN' }, [
        h('head', [h('meta', { charSet: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', `${title} · digest dev`), h('style', STYLE)]),
        h('body', [h('main', content), ...(script === '' ? [] : [h('script', script)])]),
      ]),
    ],
  };
  return toHtml(tree);
}

function indexPage(site: Site): string {
  const issues = [...site.issues].reverse();
  return page('Newsletter', [
    h('nav', [h('a', { href: '/' }, 'Site')]),
    h('h1', 'Newsletter editions'),
    h('p', 'Each issue as a mail and as a WeChat article, as `digest newsletter` makes them (here with drafts, and links to this server).'),
    h(
      'ul',
      issues.map((issue) => h('li', [h('a', { href: `${issue.id}/` }, issue.title), ` (${issue.id}${issue.draft ? ', draft' : ''})`])),
    ),
  ]);
}

function issuePage(title: string, id: string, subject: string, wechat: string): string {
  const fragment = fromHtml(wechat, { fragment: true }).children.filter((node): node is Element => node.type === 'element');
  return page(
    title,
    [
      h('nav', [h('a', { href: '../' }, 'All issues'), h('a', { href: `/issues/${id}/` }, 'Web page')]),
      h('h1', title),
      h('div', { className: ['editions'] }, [
        h('section', { className: ['edition'] }, [
          h('h2', 'Email'),
          h('p', `Subject: ${subject}`),
          h('div', { className: ['tools'] }, [
            h('button', { type: 'button', dataWidth: '600', ariaPressed: 'true' }, '600 px'),
            h('button', { type: 'button', dataWidth: '375', ariaPressed: 'false' }, '375 px'),
            h('a', { href: 'email.html' }, 'HTML'),
            h('a', { href: 'message.eml', download: `${id}.eml` }, 'message.eml'),
          ]),
          h('iframe', { id: 'email', src: 'email.html', title: 'Email edition', sandbox: '' }),
        ]),
        h('section', { className: ['edition'] }, [
          h('h2', 'WeChat'),
          h('div', { className: ['tools'] }, [h('button', { type: 'button', id: 'copy' }, '复制微信版'), h('a', { href: 'wechat.html' }, 'HTML'), h('span', { id: 'copied', role: 'status' })]),
          h('div', { id: 'wechat' }, fragment),
        ]),
      ]),
    ],
    SCRIPT,
  );
}

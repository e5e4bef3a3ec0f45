/// <reference lib="dom" />
// The newsletter previews of a real `digest dev` run: both editions of each issue under
// /__digest/newsletter/, following every save (live reload), and the WeChat edition's copy button
// putting rich HTML on the clipboard in Chromium.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { chromiumMissing, launchChromium, type Browser } from './support/chromium.ts';
import { DevProcess, EventStream, waitFor } from './support/dev-process.ts';
import { REPO_ROOT, tempSite } from './support/digest-cli.ts';

const SITE = path.join(REPO_ROOT, 'test', 'fixtures', 'dev');
const ENTRY = 'content/issues/2025/2025-11-24/01-station-guideline.md';

const skipBrowser = chromiumMissing();
if (skipBrowser) console.log(`# ${skipBrowser}`);

describe('digest dev: newsletter previews', { concurrency: 1 }, () => {
  let site: ReturnType<typeof tempSite>;
  let dev: DevProcess;
  let events: EventStream;
  const get = async (url: string) => {
    const response = await fetch(new URL(url, dev.url));
    return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const text = async (url: string) => (await get(url)).bytes.toString('utf8');
  const edit = (relative: string, change: (text: string) => string) => writeFileSync(path.join(site.root, relative), change(readFileSync(path.join(site.root, relative), 'utf8')));

  before(async () => {
    site = tempSite(SITE);
    dev = await DevProcess.start(['--root', site.root]);
    events = await EventStream.connect(new URL('/__digest/events', dev.url).href);
    await events.next('hello', 0, (event) => event.type === 'hello');
  });
  after(async () => {
    events?.close();
    await dev?.stop();
    site?.cleanup();
  });

  it('lists every issue, drafts included, and shows both editions of one, with live reload', async () => {
    const index = await text('/__digest/newsletter/');
    for (const id of ['2025-11-17', '2025-11-24', '2025-12-01']) assert.ok(index.includes(`href="${id}/"`), id);
    assert.match(index, /digest dev: live reload/);
    assert.equal((await get('/__digest/newsletter')).status, 200, 'the folder without its slash is redirected');
    const page = await text('/__digest/newsletter/2025-11-24/');
    assert.match(page, /digest dev: live reload/);
    assert.match(page, /<iframe id="email" src="email\.html"/);
    assert.match(page, /<button type="button" id="copy">/);
    assert.match(page, /<div id="wechat"><section style="[^"]+">/);
    assert.ok(page.includes('某部门印发社工站建设指引'));
    const email = await get('/__digest/newsletter/2025-11-24/email.html');
    assert.equal(email.status, 200);
    assert.doesNotMatch(email.bytes.toString('utf8'), /<script/, 'the mail itself gets no script');
    const eml = await get('/__digest/newsletter/2025-11-24/message.eml');
    assert.equal(eml.type, 'message/rfc822');
    const mail = await simpleParser(eml.bytes);
    assert.match(mail.text ?? '', /某部门印发社工站建设指引/);
    assert.match(mail.text ?? '', new RegExp(`${dev.url}issues/2025-11-24/`), 'links lead to the dev server');
    assert.doesNotMatch(await text('/__digest/newsletter/2025-11-24/wechat.html'), /class=|<script/);
    assert.equal((await get('/__digest/newsletter/2099-01-05/')).status, 404);
    assert.equal((await get('/__digest/newsletter/2025-11-24/other.html')).status, 404);
  });

  it('follows a save: the editions change and the open preview is told to reload', async () => {
    const from = events.events.length;
    edit(ENTRY, (body) => body.replace('title: 某部门印发社工站建设指引', 'title: 某部门印发社工站建设新指引'));
    const built = await events.next('built', from, (event) => event.type === 'built');
    assert.ok((built.data.changed as string[]).includes('__digest/newsletter/2025-11-24/index.html'), (built.data.changed as string[]).join(', '));
    assert.ok(!(built.data.changed as string[]).includes('__digest/newsletter/2025-11-17/index.html'), 'another issue\'s preview is not reloaded');
    assert.ok((await text('/__digest/newsletter/2025-11-24/wechat.html')).includes('某部门印发社工站建设新指引'));
    assert.equal((await simpleParser((await get('/__digest/newsletter/2025-11-24/message.eml')).bytes)).subject, '社会工作一周动态(11.24-11.30)');
  });

  it('a change of the newsletter: addresses in site.yml reaches every preview', async () => {
    const from = events.events.length;
    appendFileSync(path.join(site.root, 'content/site.yml'), 'newsletter:\n  from: 编辑部 <news@example.org>\n');
    const built = await events.next('built', from, (event) => event.type === 'built');
    assert.ok((built.data.changed as string[]).includes('__digest/newsletter/2025-11-17/index.html'), (built.data.changed as string[]).join(', '));
    const mail = await simpleParser((await get('/__digest/newsletter/2025-11-24/message.eml')).bytes);
    assert.equal(mail.from?.value[0]?.address, 'news@example.org');
  });

  describe('in a browser', { skip: skipBrowser ?? false }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(dev.url).origin });
    });
    after(async () => {
      await browser?.close();
    });

    it('the copy button puts the WeChat edition on the clipboard as HTML; the page reloads itself after a save', async () => {
      const page = await browser.context.newPage();
      try {
        await page.goto(new URL('/__digest/newsletter/2025-11-24/', dev.url).href);
        await page.click('#copy');
        await page.waitForFunction(() => document.getElementById('copied')!.textContent !== '');
        const copied = await page.evaluate(async () => {
          const [item] = await navigator.clipboard.read();
          return item ? await (await item.getType('text/html')).text() : '';
        });
        assert.match(copied, /某部门印发社工站建设新指引/);
        assert.match(copied, /style="/);
        assert.doesNotMatch(copied, /class="|<script/);
        await page.click('[data-width="375"]');
        assert.equal(await page.evaluate(() => document.getElementById('email')!.clientWidth), 375, 'the mail is laid out 375 px wide');
        edit(ENTRY, (body) => body.replace('title: 某部门印发社工站建设新指引', 'title: 某部门印发社工站建设指引（修订）'));
        await waitFor('the preview to reload with the new title', async () => (await page.content().catch(() => '')).includes('某部门印发社工站建设指引（修订）'));
      } finally {
        await page.close();
      }
    });
  });
});

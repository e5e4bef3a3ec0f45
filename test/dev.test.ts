import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { isAllowedHost } from '../src/dev/allowed-hosts.ts';
import { liveReloadScript } from '../src/dev/live-reload.ts';
import { OutputGate } from '../src/dev/output-gate.ts';
import { RebuildQueue } from '../src/dev/rebuild-queue.ts';
import { REPO_ROOT, runDigest, tempSite } from './support/digest-cli.ts';
import { DevProcess, EventStream, waitFor } from './support/dev-process.ts';

const SITE = path.join(REPO_ROOT, 'test', 'fixtures', 'dev');
const OVERLAY = 'id="digest-dev-overlay"';

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

describe('digest dev', () => {
  let site: ReturnType<typeof tempSite>;
  let dev: DevProcess;
  let events: EventStream;
  const file = (relative: string) => path.join(site.root, 'content', 'issues', ...relative.split('/'));
  const page = (url: string) => fetchText(new URL(url, dev.url).href);
  const edit = (relative: string, change: (text: string) => string) => writeFileSync(file(relative), change(readFileSync(file(relative), 'utf8')));

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

  it('serves the site with drafts, links to itself, and a live-reload script in every page', async () => {
    assert.match(dev.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await page('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<script>\/\* digest dev: live reload \*\/[\s\S]*new EventSource\(page\.events\)[\s\S]*<\/script>\n<\/body>/);
    assert.match(home.text, /href="\/issues\/"/, 'links use the local base path, not site.yml\'s');
    const draft = await page('/issues/2025-12-01/');
    assert.equal(draft.status, 200);
    assert.match(draft.text, /草稿里的一条新闻/);
    assert.equal(readFileSync(path.join(dev.outDir, 'index.html'), 'utf8').includes('digest dev: live reload'), false, 'the script is added when serving, not written');
    const css = await fetch(new URL('/assets/style.css', dev.url));
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    assert.equal((await page('/no/such/page/')).status, 404);
    assert.match(dev.output(), /built \d+ pages in [\d.]+ s/);
  });

  it('rebuilds an edited entry: the new HTML is served, open tabs get a reload event, other pages are not rewritten', async () => {
    const from = events.events.length;
    edit('2025/2025-11-24/01-station-guideline.md', (text) => text.replace('指引明确了社工站的场地和人员要求。', '指引明确了社工站的场地、人员和经费要求。'));
    await waitFor('the edited text', async () => (await page('/issues/2025-11-24/')).text.includes('社工站的场地、人员和经费要求'));
    const built = await events.next('built', from, (event) => event.type === 'built');
    const changed = built.data.changed as string[];
    assert.ok(changed.includes('issues/2025-11-24/index.html'), changed.join(', '));
    assert.ok(!changed.includes('issues/2025-11-17/index.html'), 'an issue page that does not show the entry is not rewritten');
    assert.ok(!changed.includes('assets/style.css'));
    assert.match(dev.output(), /01-station-guideline\.md changed: built \d+ pages in [\d.]+ s \(\d+ files? written\)/);
  });

  it('shows a change of the frontmatter alone', async () => {
    const from = events.events.length;
    edit('2025/2025-11-24/02-volunteer-training.md', (text) => text.replace('title: 某市开展志愿者培训', 'title: 某市开展志愿者骨干培训'));
    await events.next('built', from, (event) => event.type === 'built');
    assert.match((await page('/issues/2025-11-24/')).text, /某市开展志愿者骨干培训/);
    edit('2025/2025-11-24/02-volunteer-training.md', (text) => text.replace('title: 某市开展志愿者骨干培训', 'title: 某市开展志愿者培训'));
    await waitFor('the title back', async () => (await page('/issues/2025-11-24/')).text.includes('某市开展志愿者培训</a>'));
  });

  it('keeps serving the last good page with an escaped overlay while a file is broken, and reloads when it is fixed', async () => {
    const entry = '2025/2025-11-24/02-volunteer-training.md';
    const good = readFileSync(file(entry), 'utf8');
    let from = events.events.length;
    edit(entry, (text) => text.replace('section: industry', 'section: <img src=x onerror=alert(1)>'));
    await events.next('failed', from, (event) => event.type === 'failed');
    const broken = await page('/issues/2025-11-24/');
    assert.equal(broken.status, 200);
    assert.match(broken.text, /某市民政局组织志愿者参加培训/, 'the last good version of the page');
    assert.ok(broken.text.includes(OVERLAY));
    assert.match(broken.text, /02-volunteer-training\.md:3:1</);
    assert.match(broken.text, /section &quot;&lt;img src=x onerror=alert\(1\)&gt;&quot; is not in site\.yml/);
    assert.doesNotMatch(broken.text, /<img src=x/);
    assert.match(broken.text, /"showsError":true/);
    assert.match(dev.output(), /02-volunteer-training\.md\n\s*3:1\s+error\s+section "<img src=x onerror=alert\(1\)>" is not in site\.yml/);
    assert.match(dev.output(), /build failed in [\d.]+ s; still serving the last good version/);

    from = events.events.length;
    edit(entry, (text) => text.replace('title: 某市开展志愿者培训\n', 'title: [某市开展志愿者培训\n'));
    await events.next('failed again', from, (event) => event.type === 'failed');
    assert.match((await page('/issues/2025-11-24/')).text, /frontmatter is not valid YAML/);

    from = events.events.length;
    writeFileSync(file(entry), good);
    await events.next('built', from, (event) => event.type === 'built');
    const fixed = await page('/issues/2025-11-24/');
    assert.ok(!fixed.text.includes(OVERLAY));
    assert.match(fixed.text, /"showsError":false/);
  });

  it("keeps reporting broken files that did not change while other files are edited", async () => {
    const index = '2025/2025-11-24/index.md';
    const entry = '2025/2025-11-24/02-volunteer-training.md';
    const goodIndex = readFileSync(file(index), 'utf8');
    const goodEntry = readFileSync(file(entry), 'utf8');
    edit(index, (text) => text.replace('number: 2', 'number: two'));
    edit(entry, (text) => text.replace('section: industry', 'section: nowhere'));
    await waitFor('both problems', async () => {
      const text = (await page('/issues/2025-11-24/')).text;
      return text.includes('index.md:2:') && text.includes('section &quot;nowhere&quot;');
    });

    // An edit elsewhere rebuilds with the two unchanged files' results taken from the last run:
    // their problems must be reported again, not lost.
    const from = events.events.length;
    edit('2025/2025-11-17/01-winter-visits.md', (text) => `${text}\n再补一句。\n`);
    await events.next('failed with the same problems', from, (event) => event.type === 'failed');
    const broken = (await page('/issues/2025-11-24/')).text;
    assert.match(broken, /index\.md:2:\d+</);
    assert.match(broken, /section &quot;nowhere&quot; is not in site\.yml/);

    writeFileSync(file(index), goodIndex);
    writeFileSync(file(entry), goodEntry);
    await waitFor('the fixed page', async () => !(await page('/issues/2025-11-24/')).text.includes(OVERLAY));
  });

  it('follows added, deleted and renamed files and folders', async () => {
    writeFileSync(
      file('2025/2025-11-24/03-new-entry.md'),
      '---\ntitle: 新加的一条新闻\nsection: federation\nsource: 社工中国网\n---\n联合会发布新的通知。\n',
    );
    await waitFor('the added entry', async () => (await page('/issues/2025-11-24/')).text.includes('新加的一条新闻'));
    rmSync(file('2025/2025-11-24/03-new-entry.md'));
    await waitFor('the deleted entry gone', async () => !(await page('/issues/2025-11-24/')).text.includes('新加的一条新闻'));
    renameSync(file('2025/2025-11-17'), file('2025/2025-11-10'));
    await waitFor('the renamed issue folder', async () => (await page('/issues/2025-11-10/')).status === 200);
    assert.equal((await page('/issues/2025-11-17/')).status, 404);
    mkdirSync(file('2024/2024-12-30'), { recursive: true });
    writeFileSync(file('2024/2024-12-30/01-year-end.md'), '---\ntitle: 年末的一条新闻\nsection: industry\nsource: 社工中国网\n---\n年末。\n');
    await waitFor('a new year folder', async () => (await page('/issues/2024-12-30/')).text.includes('年末的一条新闻'));
    rmSync(file('2024'), { recursive: true });
    await waitFor('the year folder gone', async () => (await page('/issues/2024-12-30/')).status === 404);
  });

  it("follows the site's templates/ and public/, even when they are created while it runs", async () => {
    mkdirSync(path.join(site.root, 'templates', 'partials'), { recursive: true });
    writeFileSync(path.join(site.root, 'templates', 'partials', 'footer.njk'), '<footer class="site-footer"><p>本地页脚 {{ site.title }}</p></footer>\n');
    await waitFor('the overriding footer', async () => (await page('/issues/')).text.includes('本地页脚 社会工作一周动态'));
    const from = events.events.length;
    mkdirSync(path.join(site.root, 'public', 'assets'), { recursive: true });
    writeFileSync(path.join(site.root, 'public', 'assets', 'extra.css'), 'body { color: #123; }\n');
    await waitFor('the public file', async () => (await page('/assets/extra.css')).text.includes('#123'));
    const built = await events.next('built', from, (event) => event.type === 'built' && (event.data.changed as string[]).includes('assets/extra.css'));
    assert.ok(!(built.data.changed as string[]).some((changed) => changed.endsWith('.html')), 'no page changed');
    rmSync(path.join(site.root, 'templates'), { recursive: true });
    await waitFor('the built-in footer back', async () => !(await page('/issues/')).text.includes('本地页脚'));
  });

  it('rebuilds once for a burst of changes, ending with all of them', async () => {
    const from = events.events.length;
    for (let i = 1; i <= 12; i++) {
      writeFileSync(file(`2025/2025-11-24/${String(10 + i)}-burst-${i}.md`), `---\ntitle: 批量新闻${i}号\nsection: industry\nsource: 社工中国网\n---\n第${i}条。\n`);
    }
    await waitFor('every file of the burst', async () => {
      const text = (await page('/issues/2025-11-24/')).text;
      return Array.from({ length: 12 }, (_, i) => `批量新闻${i + 1}号`).every((title) => text.includes(title));
    });
    const builds = events.events.slice(from).filter((event) => event.type === 'built' || event.type === 'failed');
    assert.ok(builds.length >= 1 && builds.length <= 2, `${builds.length} rebuilds for one burst`);
    assert.ok(builds.every((event) => event.type === 'built'));
  });

  it('answers only its own host names, on pages and on the event stream (no DNS rebinding)', async () => {
    const { port } = new URL(dev.url);
    const statusFor = (host: string, pathname: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, path: pathname, headers: { Host: host } }, (response) => {
          resolve(response.statusCode ?? 0);
          response.destroy();
        });
        request.on('error', reject);
        request.end();
      });
    for (const host of ['rebind.example', `rebind.example:${port}`, 'localhost.rebind.example', '192.168.1.20', 'localhost:99999']) {
      assert.equal(await statusFor(host, '/'), 403, `page for Host ${host}`);
      assert.equal(await statusFor(host, '/__digest/events'), 403, `events for Host ${host}`);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'LOCALHOST', `[::1]:${port}`]) {
      assert.equal(await statusFor(host, '/'), 200, `page for Host ${host}`);
    }
  });

  it('stops on SIGTERM, removing its temporary output folder', async () => {
    events.close();
    assert.ok(existsSync(dev.outDir));
    assert.equal(await dev.stop(), 0);
    assert.equal(existsSync(dev.outDir), false);
    assert.equal(existsSync(path.join(site.root, 'dist')), false, 'a production dist/ is never written by dev');
  });
});

describe('digest dev: a site that does not build', () => {
  it('serves the problems until the first good build, then the site', async () => {
    const site = tempSite(SITE);
    const entry = path.join(site.root, 'content', 'issues', '2025', '2025-11-24', '01-station-guideline.md');
    const good = readFileSync(entry, 'utf8');
    writeFileSync(entry, good.replace('section: policy/central', 'section: policy'));
    const dev = await DevProcess.start(['--root', site.root]);
    try {
      const broken = await fetchText(dev.url);
      assert.ok(broken.text.includes(OVERLAY));
      assert.match(broken.text, /there is no earlier version to show/);
      assert.match(broken.text, /section &quot;policy&quot; has subsections/);
      writeFileSync(entry, good);
      const issue = new URL('/issues/2025-11-24/', dev.url).href;
      await waitFor('the site', async () => (await fetchText(issue)).text.includes('某部门印发社工站建设指引'));
      assert.ok(!(await fetchText(issue)).text.includes(OVERLAY));
    } finally {
      await dev.stop();
      site.cleanup();
    }
  });

  it('refuses a --port that is taken, with a usage error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = runDigest(['dev', '--root', SITE, '--port', String(port)]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port`));
      assert.equal(runDigest(['dev', '--port', 'abc']).status, 2);
    } finally {
      blocker.close();
    }
  });
});

describe('rebuild queue', () => {
  it('turns a burst of changes into one rebuild, and never runs two at once', async () => {
    const runs: string[][] = [];
    let running = 0;
    let overlapped = false;
    let release: () => void = () => {};
    const queue = new RebuildQueue({
      quietMs: 20,
      onError: (error) => assert.fail(String(error)),
      rebuild: async (changes) => {
        overlapped ||= running > 0;
        running++;
        runs.push([...changes]);
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    });
    for (let i = 0; i < 50; i++) queue.add(`content/file-${i % 25}.md`);
    await waitFor('the first rebuild', () => runs.length === 1);
    assert.equal(runs[0]!.length, 25, 'each changed file once');
    queue.add('content/during-1.md');
    queue.add('content/during-2.md');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(runs.length, 1, 'no second rebuild while the first runs');
    release();
    await waitFor('the rebuild of changes made meanwhile', () => runs.length === 2);
    assert.deepEqual(runs[1], ['content/during-1.md', 'content/during-2.md']);
    await queue.close();
    assert.equal(overlapped, false);
  });

  it('goes on after a rebuild that throws', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const queue = new RebuildQueue({
      quietMs: 5,
      onError: (error) => errors.push(error),
      rebuild: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
    });
    queue.add('a');
    await waitFor('the failing rebuild', () => errors.length === 1);
    queue.add('b');
    await waitFor('the next rebuild', () => calls === 2);
    await queue.close();
  });
});

describe('output gate', () => {
  it('lets a build wait for responses being sent, and holds new requests until the build is done', async () => {
    const gate = new OutputGate();
    const log: string[] = [];
    let finishResponse: () => void = () => {};
    const response = gate.read(() => new Promise<void>((resolve) => (finishResponse = resolve)).then(() => void log.push('response 1 done')));
    const build = gate.write(async () => {
      log.push('build starts');
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('build done');
    });
    const later = gate.read(async () => void log.push('response 2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(log, [], 'the build waits for the response being sent');
    finishResponse();
    await Promise.all([response, build, later]);
    assert.deepEqual(log, ['response 1 done', 'build starts', 'build done', 'response 2']);
  });
});

describe('live-reload script', () => {
  /** Runs the page script against a stand-in EventSource and location; returns how to fire events. */
  function openPage(pathname: string, build: string, showsError: boolean) {
    const listeners = new Map<string, (event: { data: string }) => void>();
    const tab = { reloads: 0, url: '' };
    class FakeEventSource {
      constructor(url: string) {
        tab.url = url;
      }
      addEventListener(type: string, listener: (event: { data: string }) => void) {
        listeners.set(type, listener);
      }
    }
    const code = liveReloadScript(build, showsError).replace(/^<script>|<\/script>\n$/g, '');
    runInNewContext(code, { EventSource: FakeEventSource, location: { pathname, reload: () => tab.reloads++ } });
    const fire = (type: string, data: unknown) => listeners.get(type)!({ data: JSON.stringify(data) });
    return { tab, fire };
  }

  it('listens on the event stream and reloads when its own page changed', () => {
    const { tab, fire } = openPage('/issues/2025-11-24/', 's-1', false);
    assert.equal(tab.url, '/__digest/events');
    fire('hello', { build: 's-1' });
    fire('built', { build: 's-2', changed: ['issues/2025-11-17/index.html', 'sitemap.xml'] });
    assert.equal(tab.reloads, 0, 'other pages changed');
    fire('hello', { build: 's-2' });
    assert.equal(tab.reloads, 0, 'reconnecting to the same build');
    fire('built', { build: 's-3', changed: ['issues/2025-11-24/index.html'] });
    assert.equal(tab.reloads, 1);
  });

  it('reloads for a changed stylesheet, a failed build, or a build it missed', () => {
    const css = openPage('/', 's-1', false);
    css.fire('built', { build: 's-2', changed: ['assets/style.css'] });
    assert.equal(css.tab.reloads, 1);
    const failed = openPage('/', 's-1', false);
    failed.fire('failed', { build: 's-2' });
    assert.equal(failed.tab.reloads, 1);
    const missed = openPage('/', 's-1', false);
    missed.fire('hello', { build: 'other-session-4' });
    assert.equal(missed.tab.reloads, 1);
  });

  it('reloads a page showing the error overlay after any good build', () => {
    const { tab, fire } = openPage('/tags/', 's-5', true);
    fire('built', { build: 's-6', changed: [] });
    assert.equal(tab.reloads, 1);
  });
});

describe('allowed host names', () => {
  it('are the loopback names and the --host name; IP addresses too when listening on every interface', () => {
    assert.equal(isAllowedHost('devbox.lan:4000', 'devbox.lan'), true);
    assert.equal(isAllowedHost('localhost:4000', 'devbox.lan'), true);
    assert.equal(isAllowedHost('other.lan:4000', 'devbox.lan'), false);
    assert.equal(isAllowedHost('192.168.1.20:4000', '0.0.0.0'), true);
    assert.equal(isAllowedHost('[fe80::1]:4000', '::'), true);
    assert.equal(isAllowedHost('192.168.1.20:4000', '127.0.0.1'), false);
    assert.equal(isAllowedHost('rebind.example:4000', '0.0.0.0'), false);
    assert.equal(isAllowedHost(undefined, '127.0.0.1'), false);
    assert.equal(isAllowedHost('localhost:4000@evil.example', '127.0.0.1'), false);
  });
});

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { weekday } from '../src/calendar-date.ts';
import { mondayOf, nextWeek } from '../src/new/scaffold-issue.ts';
import { parseDocument } from '../src/parse/parse-document.ts';
import { REPO_ROOT, runDigest, tempSite } from './support/digest-cli.ts';

const SITE = path.join(REPO_ROOT, 'test', 'fixtures', 'new');

describe('next week', () => {
  it('is the week after the latest issue', () => {
    assert.equal(nextWeek(['2025-11-17', '2025-11-24', '2025-11-10'], '2030-01-01'), '2025-12-01');
    assert.equal(nextWeek(['2022-12-26'], '2030-01-01'), '2023-01-02');
  });
  it("is this week's Monday when there is no issue yet", () => {
    assert.equal(nextWeek([], '2025-12-04'), '2025-12-01');
    assert.equal(mondayOf('2025-12-07'), '2025-12-01', 'Sunday belongs to the week before');
    assert.equal(mondayOf('2025-12-01'), '2025-12-01');
  });
});

describe('digest new', () => {
  let site: ReturnType<typeof tempSite>;
  before(() => {
    site = tempSite(SITE);
  });
  after(() => site.cleanup());
  const folderOf = (week: string) => path.join(site.root, 'content', 'issues', week.slice(0, 4), week);

  it("scaffolds next week's issue: index.md and an example entry per section, as a draft that passes check", () => {
    const result = runDigest(['new', '--root', site.root]);
    assert.equal(result.status, 0, result.stderr);
    const folder = folderOf('2025-12-01');
    assert.deepEqual(readdirSync(folder).sort(), [
      '01-example-central.md',
      '02-example-local.md',
      '03-example-federation.md',
      '04-example-industry.md',
      '05-example-research.md',
      'index.md',
    ]);
    const index = parseDocument(readFileSync(path.join(folder, 'index.md')));
    assert.deepEqual(index.data, { number: 205, draft: true });
    const research = parseDocument(readFileSync(path.join(folder, '05-example-research.md')));
    assert.equal(research.data.section, 'research');
    assert.ok(Array.isArray(research.data.authors) && typeof research.data.citation === 'string');
    assert.match(readFileSync(path.join(folder, '01-example-central.md'), 'utf8'), /^# An example entry for 政策参考 \/ 中央政策/m, 'the example is commented');

    const check = runDigest(['check', '--root', site.root]);
    assert.equal(check.status, 0, check.stderr);
    const out = path.join(site.root, 'dist');
    assert.equal(runDigest(['build', '--root', site.root, '--out', out]).status, 0);
    assert.equal(existsSync(path.join(out, 'issues', '2025-12-01', 'index.html')), false, 'a draft is not published');
    assert.equal(runDigest(['build', '--root', site.root, '--out', out, '--drafts']).status, 0);
    assert.match(readFileSync(path.join(out, 'issues', '2025-12-01', 'index.html'), 'utf8'), /示例：中央政策新闻标题/);
  });

  it('refuses to overwrite an existing folder or a week that overlaps an issue', () => {
    const index = path.join(folderOf('2025-12-01'), 'index.md');
    writeFileSync(index, '---\nnumber: 205\neditor: 改过\n---\n');
    const again = runDigest(['new', '--root', site.root, '--week', '2025-12-01']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already; refusing to overwrite it/);
    assert.equal(readFileSync(index, 'utf8'), '---\nnumber: 205\neditor: 改过\n---\n');
    const overlap = runDigest(['new', '--root', site.root, '--week', '2025-12-04']);
    assert.equal(overlap.status, 1);
    assert.match(overlap.stderr, /overlaps the issue of 2025-12-01/);
    assert.equal(existsSync(folderOf('2025-12-04')), false);
  });

  it('takes the week from --week, warning when it is not a Monday', () => {
    const result = runDigest(['new', '--root', site.root, '--week', '2026-01-07']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /2026-01-07 is not a Monday/);
    assert.ok(existsSync(path.join(folderOf('2026-01-07'), 'index.md')));
    const next = runDigest(['new', '--root', site.root]);
    assert.equal(next.status, 0, next.stderr);
    assert.ok(existsSync(folderOf('2026-01-14')), 'the week after the latest issue');
    assert.equal(runDigest(['new', '--root', site.root, '--week', '2026-02-30']).status, 2);
  });

  it("starts with this week's Monday in a site without issues", () => {
    rmSync(path.join(site.root, 'content', 'issues'), { recursive: true });
    mkdirSync(path.join(site.root, 'content', 'issues'));
    const result = runDigest(['new', '--root', site.root]);
    assert.equal(result.status, 0, result.stderr);
    const [year] = readdirSync(path.join(site.root, 'content', 'issues'));
    const [week] = readdirSync(path.join(site.root, 'content', 'issues', year!));
    assert.equal(weekday(week!), 1);
    const days = (Date.now() - Date.parse(`${week}T00:00:00Z`)) / 86_400_000;
    assert.ok(days > -2 && days < 8, `${week} is this week`);
    const index = parseDocument(readFileSync(path.join(site.root, 'content', 'issues', year!, week!, 'index.md')));
    assert.deepEqual(index.data, { draft: true }, 'no number to follow');
  });
});

// The Atom writer against `feed` itself. atomXml must give `feed`'s atom1() string, byte for
// byte, for any options and items made ready for XML (src/feeds/xml-ready.ts works around the
// library's escaping): for thousands of seeded random feeds whose strings are full of what XML
// escaping and CDATA sections trip on, and for every feed of the sample site and a generated
// archive as the build makes them. Every feed it writes must parse with a strict XML parser,
// its attribute values reading back as given. And it must write the items the build gives it
// itself (atom1() writing everything would pass the rest, and be as slow as before).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Feed, type Author, type Category, type FeedOptions, type Item } from 'feed';
import { SaxesParser } from 'saxes';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { seededRandom } from '../scripts/seeded-random.ts';
import { build } from './support/checked-build.ts';
import { atomEntryXml, atomXml, type EntryXmlCache } from '../src/feeds/atom-xml.ts';
import { siteFeedFiles, writeFeed, type FeedContent } from '../src/feeds/site-feeds.ts';
import { xmlReadyItem, xmlReadyOptions } from '../src/feeds/xml-ready.ts';
import { replaceXmlForbidden } from '../src/parse/text-characters.ts';
import { createEnvironment } from '../src/render/environment.ts';
import { REPO_ROOT, TMP } from './support/built-site.ts';
import { xmlError } from './support/well-formed-xml.ts';

type Random = () => number;

/** What `feed` itself writes. */
function feedAtom1(options: FeedOptions, items: readonly Item[]): string {
  const feed = new Feed(options);
  for (const item of items) feed.addItem(item);
  return feed.atom1();
}

/** What `feed` writes given the options and items made ready for XML: what atomXml must write. */
function readyAtom1(options: FeedOptions, items: readonly Item[]): string {
  return feedAtom1(xmlReadyOptions(options), items.map(xmlReadyItem));
}

/** atomXml's feed, asserted well-formed. */
function wellFormedAtom(options: FeedOptions, items: readonly Item[], cache?: EntryXmlCache): string {
  const xml = atomXml(options, items, cache);
  assert.equal(xmlError(xml), null, xml);
  return xml;
}

function feedJson1(options: FeedOptions, items: readonly Item[]): string {
  const feed = new Feed(options);
  for (const item of items) feed.addItem(item);
  return feed.json1();
}

const PIECES = [
  '社会工作', '云南省', '𠀋', '😀', 'a', 'Z', ' ', '\n', '\t', '&', '&amp;', '&amp;amp;', '&lt;', '&#39;', '<', '>', '<p>', '</p>', '"', "'",
  ']]>', ']]', ']', '>', '<![CDATA[', '\ud800', '\udc00', '…', '·', '“', '”', 'https://example.org/a?b=1&c=2', '#', '%20', '\\', '=',
  '\v', '\f', '\u0001', '\u001f', '\ufffe', '\uffff', '\u202e', 'R&D', '<新>',
];

function randomString(random: Random, maxPieces = 8): string {
  let text = '';
  const count = Math.floor(random() * (maxPieces + 1));
  for (let i = 0; i < count; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

const chance = (random: Random, p: number) => random() < p;
const maybe = <T>(random: Random, p: number, make: () => T): T | undefined => (chance(random, p) ? make() : undefined);
const randomDate = (random: Random) => new Date(Date.UTC(1990 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 24)));
const randomUrl = (random: Random) => `https://example.org/${randomString(random, 4)}`;

function randomOptions(random: Random): FeedOptions {
  return {
    id: maybe(random, 0.9, () => randomUrl(random)),
    title: randomString(random),
    description: maybe(random, 0.7, () => randomString(random)),
    link: maybe(random, 0.8, () => randomUrl(random)),
    language: maybe(random, 0.5, () => 'zh-CN'),
    updated: maybe(random, 0.9, () => randomDate(random)) ?? new Date(0),
    generator: maybe(random, 0.7, () => randomString(random, 3)),
    feedLinks: maybe(random, 0.7, () => ({ atom: randomUrl(random) })),
    author: maybe(random, 0.6, () => ({ name: randomString(random, 3), link: maybe(random, 0.5, () => randomUrl(random)), email: maybe(random, 0.3, () => randomString(random, 2)) })),
    favicon: maybe(random, 0.5, () => randomUrl(random)),
    image: maybe(random, 0.2, () => randomUrl(random)),
    copyright: maybe(random, 0.2, () => randomString(random, 3)),
    hub: maybe(random, 0.1, () => randomUrl(random)),
    stylesheet: maybe(random, 0.1, () => randomUrl(random)),
  };
}

function randomAuthor(random: Random): Author {
  return { name: maybe(random, 0.9, () => randomString(random, 3)), email: maybe(random, 0.2, () => randomString(random, 2)), link: maybe(random, 0.2, () => randomUrl(random)) };
}

function randomCategory(random: Random): Category {
  return { name: maybe(random, 0.9, () => randomString(random, 3)), term: maybe(random, 0.8, () => randomString(random, 3)), scheme: maybe(random, 0.2, () => randomUrl(random)), domain: maybe(random, 0.1, () => randomUrl(random)) };
}

/** An item of the fields the build uses, now and then with one it does not. */
function randomItem(random: Random): Item {
  const link = chance(random, 0.05) ? '' : randomUrl(random);
  const item: Item = {
    title: randomString(random),
    id: chance(random, 0.8) ? link : maybe(random, 0.5, () => randomUrl(random)),
    link,
    date: randomDate(random),
    published: maybe(random, 0.8, () => randomDate(random)),
    content: maybe(random, 0.9, () => randomString(random, 20)),
    author: maybe(random, 0.6, () => Array.from({ length: Math.floor(random() * 4) }, () => randomAuthor(random))),
    category: maybe(random, 0.7, () => Array.from({ length: Math.floor(random() * 5) }, () => randomCategory(random))),
  };
  if (chance(random, 0.03)) item.description = randomString(random);
  if (chance(random, 0.02)) item.contributor = [randomAuthor(random)];
  if (chance(random, 0.02)) item.copyright = randomString(random, 2);
  if (chance(random, 0.02)) item.enclosure = { url: 'https://example.org/a.png', type: 'image/png' };
  if (chance(random, 0.02)) item.guid = randomString(random, 2);
  return item;
}

describe('atomXml writes what feed writes', () => {
  test('for thousands of random feeds, items shared between them as the build shares them', () => {
    const random = seededRandom(20260601);
    const cache: EntryXmlCache = new WeakMap();
    const pool = Array.from({ length: 400 }, () => randomItem(random));
    let written = 0;
    let fallbacks = 0;
    for (let round = 0; round < 3000; round++) {
      const options = randomOptions(random);
      const items = Array.from({ length: Math.floor(random() * 12) }, () => (chance(random, 0.5) ? pool[Math.floor(random() * pool.length)]! : randomItem(random)));
      assert.equal(wellFormedAtom(options, items, cache), readyAtom1(options, items), `random feed ${round}`);
      for (const item of items) {
        if (atomEntryXml(item) === null) fallbacks++;
        else written++;
      }
    }
    // Items with a field it does not write fall back to feed, all the others it writes itself.
    assert.ok(fallbacks > 0, 'some items fell back to feed');
    assert.ok(written > 10 * fallbacks, `wrote ${written} items, ${fallbacks} fell back`);
  });

  const tricky = [']]>', ']]>]]>', 'a]]>b]]>c', ']]]>>', '&amp;', '&amp;amp;', '&&amp;', '"&"', '', ' ', '\ud83d', '\ude00\ud83d', 'R&D', '<新>', 'a\vb', '\u0000\u0008\u001b', '\ufffe\uffff', '\u202eabc'];
  const trickyFeed = (text: string) => {
    const item: Item = { title: text, id: text, link: text, date: new Date(0), content: text, author: [{ name: text, email: text, link: text }], category: [{ name: text, term: text, scheme: text }] };
    const options: FeedOptions = { id: text, title: text, updated: new Date(0), link: text, description: text, feedLinks: { atom: text } };
    return { item, options };
  };

  test('for strings built around CDATA ends, entities and characters XML forbids', () => {
    for (const text of tricky) {
      const { item, options } = trickyFeed(text);
      assert.notEqual(atomEntryXml(item), null);
      assert.equal(wellFormedAtom(options, [item, item]), readyAtom1(options, [item, item]), JSON.stringify(text));
      // An item of a field atomXml does not write falls back to feed: as well-formed.
      wellFormedAtom(options, [{ ...item, description: text }]);
    }
  });

  test('attribute values read back as given, less the characters XML forbids', () => {
    for (const text of tricky) {
      const { item, options } = trickyFeed(text);
      const attributes: Record<string, string>[] = [];
      const parser = new SaxesParser();
      parser.on('opentag', (tag) => {
        if (tag.name === 'category' || tag.name === 'link') attributes.push(tag.attributes as Record<string, string>);
      });
      parser.write(atomXml(options, [item])).close();
      const clean = replaceXmlForbidden(text);
      const category = attributes.find((values) => 'term' in values)!;
      assert.deepEqual([category.label, category.term, category.scheme], [clean, clean, clean], JSON.stringify(text));
      // Links, which a URL parser would percent-encode < and > in anyway.
      const asUrl = clean.replace(/</g, '%3C').replace(/>/g, '%3E');
      for (const link of attributes.filter((values) => 'href' in values)) assert.equal(link.href, asUrl, JSON.stringify(text));
    }
  });

  test("feed's own escaping is still what xml-ready.ts works around", () => {
    // When this fails, `feed` escapes attribute values itself: xml-ready.ts can lose that part.
    const { item, options } = trickyFeed('R&D');
    assert.notEqual(xmlError(feedAtom1(options, [item])), null);
    assert.equal(xmlError(atomXml(options, [item])), null);
  });
});

describe('the build writes its feeds as feed writes them', () => {
  let corpusRoot: string;
  before(async () => {
    corpusRoot = await mkdtemp(path.join(tmpdir(), 'digest-atom-xml-'));
    await writeCorpus(corpusRoot, { issues: 24, perIssue: 15, seed: 5 });
  });
  after(async () => {
    await rm(corpusRoot, { recursive: true, force: true });
  });

  for (const [name, root] of [
    ['the sample site', () => REPO_ROOT],
    ['a generated archive', () => corpusRoot],
  ] as const) {
    test(`every feed of ${name}`, async () => {
      const result = await build({ root: root(), outDir: path.join(TMP, `atom-xml-${name.replace(/ /g, '-')}`) });
      assert.ok(result.ok && result.site);
      const site = result.site;
      const env = createEnvironment({ config: site.config, templateDirs: [] });
      const feeds = siteFeedFiles({ site, bodies: result.bodies!, env, exists: (contentPath) => existsSync(path.join(root(), contentPath)) });
      assert.ok(feeds.length > 50, `${feeds.length} feeds`);
      for (const feed of feeds) {
        const content: FeedContent = feed.content();
        const expected = `${content.format === 'atom' ? readyAtom1(content.options, content.items) : feedJson1(content.options, content.items)}\n`;
        assert.equal(feed.render(), expected, feed.path);
        assert.equal(writeFeed(content), expected, feed.path);
        if (content.format === 'atom') for (const item of content.items) assert.notEqual(atomEntryXml(item), null, `${feed.path}: ${item.link} written by atomXml`);
      }
    });
  }
});

// Atom feeds with the very bytes `feed`'s atom1() writes for options and items made ready for
// XML (xml-ready.ts: its own escaping would let an `&` or `<` of a tag name into an attribute),
// made faster. atom1() builds an object tree and hands it to xml-js, whose generic serialiser
// costs most of the time of an archive's hundreds of feeds (it enumerates every string it writes
// character by character). Here `feed` still writes the feed element and everything in it but
// the entries: its atom1() for the feed without items. The entries come last in that element,
// each a self-contained run of text, and are written here, for items of the subset of fields
// site-feeds.ts gives (title, id, link, date, published, content, authors, categories); for an
// item with any other field, atom1() writes the whole feed. `feed` stays the definition of the
// output: test/atom-xml.test.ts compares the two on thousands of generated feeds and on real
// ones, and reads every one with a strict XML parser.
//
// What atom1() + xml-js (compact, 4 spaces) write for an entry, and what is mirrored below:
// elements on their own lines, indented by depth; a string element is `<name/>` when empty or
// missing, else its text with `&amp;` first unescaped, then & < > escaped; CDATA with only its
// first `]]>` split; attributes in order, undefined ones left out, only `"` escaped (the others
// are escaped in the ready values); URLs (id, link, an author's uri) with `&` turned into `&amp;`
// before all that.
import { Feed, type FeedOptions, type Item } from 'feed';
import { FAST_PATHS } from '../parse/fast-path-switch.js';
import { xmlReadyItem, xmlReadyOptions } from './xml-ready.js';

/** An entry's XML by item, kept for the feeds that share the item (an entry is in several). */
export type EntryXmlCache = WeakMap<Item, string>;

const FEED_END = '\n</feed>';
/** The line break and indentation before an element at depth 1, 2, 3 (4 spaces a level). */
const AT_1 = '\n    ';
const AT_2 = '\n        ';
const AT_3 = '\n            ';
/** Fields of an item atom1() writes that are not written here. */
const UNSUPPORTED: readonly (keyof Item)[] = ['description', 'enclosure', 'image', 'audio', 'video', 'contributor', 'copyright'];

/** Exactly `new Feed(ready options)`, its ready items added, `.atom1()`: well-formed XML. */
export function atomXml(options: FeedOptions, items: readonly Item[], cache: EntryXmlCache = new WeakMap()): string {
  if (!FAST_PATHS) return withFeed(options, items);
  const entries: string[] = [];
  for (const item of items) {
    let xml = cache.get(item);
    if (xml === undefined) {
      const written = atomEntryXml(item);
      if (written === null) return withFeed(options, items);
      cache.set(item, (xml = written));
    }
    entries.push(xml);
  }
  const empty = withFeed(options, []);
  if (!empty.endsWith(FEED_END)) return withFeed(options, items);
  return `${empty.slice(0, -FEED_END.length)}${entries.join('')}${FEED_END}`;
}

function withFeed(options: FeedOptions, items: readonly Item[]): string {
  const feed = new Feed(xmlReadyOptions(options));
  for (const item of items) feed.addItem(xmlReadyItem(item));
  return feed.atom1();
}

/**
 * The entry element atom1() writes for the item, with the line break and indentation before it;
 * null when the item has a field not written here.
 */
export function atomEntryXml(given: Item): string | null {
  if (UNSUPPORTED.some((field) => given[field] !== undefined)) return null;
  if (typeof given.title !== 'string' || typeof given.link !== 'string' || !(given.date instanceof Date)) return null;
  if (given.id !== undefined && typeof given.id !== 'string') return null;
  if (given.content !== undefined && typeof given.content !== 'string') return null;
  if (given.published !== undefined && !(given.published instanceof Date)) return null;
  const item = xmlReadyItem(given);
  // Parts joined once: kept for other feeds, the entry is better one flat string than a rope.
  const xml = [AT_1, '<entry>'];
  xml.push(AT_2, '<title type="html">', cdata(item.title), '</title>');
  xml.push(AT_2, textElement('id', sanitize(item.id ?? item.link)));
  xml.push(AT_2, '<link', attributes([['href', sanitize(item.link)]]), '/>');
  xml.push(AT_2, textElement('updated', item.date.toISOString()));
  if (item.content) xml.push(AT_2, '<content type="html">', cdata(item.content), '</content>');
  if (Array.isArray(item.author)) {
    for (const author of item.author) {
      if (typeof author !== 'object' || author === null) return null;
      const { name, email, link } = author;
      if (![name, email, link].every((value) => value === undefined || typeof value === 'string')) return null;
      xml.push(AT_2, '<author>', AT_3, textElement('name', name));
      if (email) xml.push(AT_3, textElement('email', email));
      if (link) xml.push(AT_3, textElement('uri', sanitize(link)));
      xml.push(AT_2, '</author>');
    }
  }
  if (Array.isArray(item.category)) {
    for (const category of item.category) {
      if (typeof category !== 'object' || category === null) return null;
      const { name, scheme, term } = category;
      if (![name, scheme, term].every((value) => value === undefined || typeof value === 'string')) return null;
      xml.push(AT_2, '<category', attributes([['label', name], ['scheme', scheme], ['term', term]]), '/>');
    }
  }
  if (item.published) xml.push(AT_2, textElement('published', item.published.toISOString()));
  xml.push(AT_1, '</entry>');
  return xml.join('');
}

function sanitize(url: string): string {
  return url.replace(/&/g, '&amp;');
}

function textElement(name: string, text: string | undefined): string {
  if (text === undefined || text === '') return `<${name}/>`;
  const escaped = text.replace(/&amp;/g, '&').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<${name}>${escaped}</${name}>`;
}

function cdata(text: string): string {
  // A string pattern: only the first ']]>' is split, as xml-js does.
  return `<![CDATA[${text.replace(']]>', ']]]]><![CDATA[>')}]]>`;
}

function attributes(pairs: readonly [string, string | undefined][]): string {
  let xml = '';
  for (const [name, value] of pairs) if (value !== undefined) xml += ` ${name}="${value.replace(/"/g, '&quot;')}"`;
  return xml;
}

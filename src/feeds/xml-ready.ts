// Options and items as `feed` must be given them for its Atom to be well-formed XML, for any
// strings. Its atom1() (through xml-js) escapes only `"` in attribute values, splits only the
// first `]]>` of a CDATA section, and lets through the characters XML forbids. So, before it
// sees them: every string has those characters replaced (parse/text-characters.ts); attribute
// values it writes as they are (a category's label, term and scheme, enclosure and stylesheet
// URLs) have & < > escaped; URLs whose & it escapes itself (links) have < and > percent-encoded,
// as a URL parser does; the HTML it puts in CDATA (titles, content) has `]]>` as `]]&gt;`, which
// is the same HTML. Strings come back unchanged where they need nothing. Pure.
import type { Author, Category, Enclosure, FeedOptions, Item } from 'feed';
import { replaceXmlForbidden } from '../parse/text-characters.js';

type Value<T> = T | undefined;

const text = <T>(value: T): T => (typeof value === 'string' ? (replaceXmlForbidden(value) as T) : value);

const html = <T>(value: T): T => {
  if (typeof value !== 'string') return value;
  const clean = replaceXmlForbidden(value);
  return (clean.includes(']]>') ? clean.replaceAll(']]>', ']]&gt;') : clean) as T;
};

const attribute = <T>(value: T): T => {
  if (typeof value !== 'string') return value;
  const clean = replaceXmlForbidden(value);
  return (/[&<>]/.test(clean) ? clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : clean) as T;
};

const url = <T>(value: T): T => {
  if (typeof value !== 'string') return value;
  const clean = replaceXmlForbidden(value);
  return (/[<>]/.test(clean) ? clean.replace(/</g, '%3C').replace(/>/g, '%3E') : clean) as T;
};

function author(value: Author): Author {
  if (typeof value !== 'object' || value === null) return value;
  return { ...value, name: text(value.name), email: text(value.email), link: text(value.link) };
}

function category(value: Category): Category {
  if (typeof value !== 'object' || value === null) return value;
  return { ...value, name: attribute(value.name), scheme: attribute(value.scheme), term: attribute(value.term), domain: text(value.domain) };
}

function enclosure<T extends Value<string | Enclosure>>(value: T): T {
  if (typeof value !== 'object' || value === null) return attribute(value);
  return { ...value, url: attribute(value.url), title: attribute(value.title), type: attribute(value.type) } as T;
}

const each = <T, V>(values: T, map: (value: V) => V): T => (Array.isArray(values) ? (values.map(map) as T) : values);

/** The item, its strings ready for atom1(). */
export function xmlReadyItem(item: Item): Item {
  return {
    ...item,
    title: html(item.title),
    id: text(item.id),
    link: url(item.link),
    description: html(item.description),
    content: html(item.content),
    author: each(item.author, author),
    contributor: each(item.contributor, author),
    category: each(item.category, category),
    enclosure: enclosure(item.enclosure),
    image: enclosure(item.image),
    audio: enclosure(item.audio),
    video: enclosure(item.video),
    copyright: text(item.copyright),
  };
}

/** The options, their strings ready for atom1(). */
export function xmlReadyOptions(options: FeedOptions): FeedOptions {
  const feedLinks = options.feedLinks;
  return {
    ...options,
    id: text(options.id),
    title: text(options.title),
    description: text(options.description),
    generator: text(options.generator),
    copyright: text(options.copyright),
    image: text(options.image),
    favicon: text(options.favicon),
    link: url(options.link),
    feed: url(options.feed),
    hub: url(options.hub),
    stylesheet: attribute(options.stylesheet),
    feedLinks: typeof feedLinks === 'object' && feedLinks !== null ? Object.fromEntries(Object.entries(feedLinks).map(([key, value]) => [key, url(value)])) : feedLinks,
    author: options.author ? author(options.author) : options.author,
  };
}

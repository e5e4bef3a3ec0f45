// site.yml -> one frozen, typed SiteConfig with defaults. Pure: takes the file, returns values
// and leaves problems as messages on the file.
import type { VFile } from 'vfile';
import { z } from 'zod';
import { report } from './diagnostics.js';
import { dataCharacters, textCharacters } from './parse/character-problems.js';
import { decodeText } from './parse/decode-text.js';
import { parseYaml, placeIn } from './parse/yaml.js';
import { reportSchemaIssues } from './validate/schema-issues.js';

export interface SectionConfig {
  /** 'policy/central' */
  readonly path: string;
  readonly id: string;
  readonly title: string;
  readonly parent: string | null;
  readonly children: readonly SectionConfig[];
}

export interface SiteConfig {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** Absolute, ends with '/'. */
  readonly url: string;
  /** Path of `url`: the prefix of every link, '/digest/'. */
  readonly basePath: string;
  readonly sections: readonly SectionConfig[];
  /** Every section path in reading order, parents before their children. */
  readonly sectionOrder: readonly string[];
  readonly sectionByPath: ReadonlyMap<string, SectionConfig>;
  readonly recentIssues: number;
  readonly pageSize: number;
  /** The addresses of the newsletter editions (`newsletter:` in site.yml); each null when not given. */
  readonly newsletter: NewsletterConfig;
}

export interface NewsletterConfig {
  /** 'Name <addr@host>' or 'addr@host', as written. */
  readonly from: string | null;
  readonly to: readonly string[];
  readonly replyTo: string | null;
}

/**
 * One mail address, bare (`news@example.org`) or with a display name (`社会工作一周动态
 * <news@example.org>`): a local part and a domain of dot-separated labels, no spaces, commas or
 * line breaks that would make a second address or header of it.
 */
const BARE_ADDRESS = /^[^\s@<>()[\],;:"\\]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;
const NAMED_ADDRESS = /^([^<>\p{Cc}]*)<([^<>]*)>$/u;

/** Why `text` is not one mail address, or null. */
export function mailAddressProblem(text: string): string | null {
  const trimmed = text.trim();
  const named = NAMED_ADDRESS.exec(trimmed);
  const address = named ? named[2]! : trimmed;
  if (BARE_ADDRESS.test(address) && !(named && /[,;]/.test(named[1]!.replace(/"[^"]*"/g, '')))) return null;
  return `${JSON.stringify(text)} is not one mail address; write it as news@example.org or 名称 <news@example.org>`;
}

const mailAddress = z.string().superRefine((value, context) => {
  const problem = mailAddressProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const sectionIdPattern = /^[a-z0-9][a-z0-9-]*$/;

interface RawSection {
  id: string;
  title: string;
  sections?: RawSection[] | undefined;
}

const sectionSchema: z.ZodType<RawSection> = z.lazy(() =>
  z.strictObject({
    id: z.string().regex(sectionIdPattern, 'a section id is lower-case letters, digits and dashes'),
    title: z.string().min(1),
    sections: z.array(sectionSchema).optional(),
  }),
);

export const siteSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().default(''),
  language: z.string().min(2).default('zh-CN'),
  url: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL, such as https://example.org/digest/' }).superRefine((value, context) => {
    // A URL that is not http(s) at all has had its message above.
    const problem = /^https?:\/\//i.test(value) ? siteUrlProblem(value) : null;
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
  sections: z.array(sectionSchema).min(1),
  recent_issues: z.int().positive('must be 1 or more').default(10),
  page_size: z.int().positive('must be 1 or more').default(50),
  newsletter: z
    .strictObject({
      from: mailAddress.optional(),
      to: z.union([mailAddress, z.array(mailAddress).min(1)]).optional(),
      reply_to: mailAddress.optional(),
    })
    .optional(),
});

function buildSections(raw: readonly RawSection[], parent: string | null): SectionConfig[] {
  return raw.map((section) => {
    const path = parent ? `${parent}/${section.id}` : section.id;
    return Object.freeze({
      path,
      id: section.id,
      title: section.title,
      parent,
      children: Object.freeze(buildSections(section.sections ?? [], path)),
    });
  });
}

function flatten(sections: readonly SectionConfig[]): SectionConfig[] {
  return sections.flatMap((section) => [section, ...flatten(section.children)]);
}

export interface ConfigOptions {
  /** Replaces site.yml's url, e.g. for a preview deploy under another host or path. */
  baseUrl?: string | undefined;
}

export function loadConfig(file: VFile, options: ConfigOptions = {}): SiteConfig | null {
  const decoded = typeof file.value === 'string' ? decodeText(new TextEncoder().encode(file.value)) : decodeText(file.value);
  if (!decoded.ok) {
    report(file, 'error', decoded.reason, decoded.ruleId, decoded.place);
    return null;
  }
  if (decoded.text.trim() === '') {
    report(file, 'error', 'site.yml is empty; it needs at least title, url and sections (see the README)', 'empty-file');
    return null;
  }
  // The title and names go into every page and feed: characters XML forbids are replaced.
  const characters = textCharacters(decoded.text);
  for (const problem of characters.problems) report(file, 'warning', problem.reason, problem.ruleId, problem.place);
  const yaml = parseYaml(characters.text);
  if (yaml.error) {
    report(file, 'error', `site.yml is not valid YAML: ${yaml.error.message}`, 'yaml-syntax', yaml.error.place);
    return null;
  }
  const cleaned = isRecord(yaml.data) ? dataCharacters(yaml.data, yaml.places, characters.problems) : { data: yaml.data, problems: [] };
  for (const problem of cleaned.problems) report(file, 'warning', problem.reason, problem.ruleId, problem.place);
  const parsed = siteSchema.safeParse(cleaned.data ?? {});
  if (!parsed.success) {
    reportSchemaIssues(file, parsed.error.issues, (path) => placeIn(yaml.places, path), { data: yaml.data, knownKeys: (path) => knownSiteKeys(path) });
    return null;
  }
  const raw = parsed.data;
  const all = flatten(buildSections(raw.sections, null));
  const seen = new Set<string>();
  for (const [index, section] of all.entries()) {
    if (seen.has(section.path)) {
      report(file, 'error', `section "${section.path}" is declared twice; give each section its own id`, 'invalid-field', placeIn(yaml.places, ['sections', index]));
    }
    seen.add(section.path);
  }
  // As a browser resolves it (non-ASCII written percent-encoded), so feeds and pages agree.
  const url = new URL(withTrailingSlash(options.baseUrl ?? raw.url)).href;
  return Object.freeze({
    title: raw.title,
    description: raw.description,
    language: raw.language,
    url,
    basePath: new URL(url).pathname,
    sections: Object.freeze(buildSections(raw.sections, null)),
    sectionOrder: Object.freeze(all.map((section) => section.path)),
    sectionByPath: new Map(all.map((section) => [section.path, section])),
    recentIssues: raw.recent_issues,
    pageSize: raw.page_size,
    newsletter: Object.freeze({
      from: raw.newsletter?.from?.trim() ?? null,
      to: Object.freeze([raw.newsletter?.to ?? []].flat().map((address) => address.trim())),
      replyTo: raw.newsletter?.reply_to?.trim() ?? null,
    }),
  });
}

/** Keys of the mapping at `path` in site.yml: the top level, or a section (sections[0].sections[1]). */
function knownSiteKeys(path: readonly (string | number)[]): string[] {
  if (path.length === 0) return Object.keys(siteSchema.shape);
  if (path.length === 1 && path[0] === 'newsletter') return ['from', 'to', 'reply_to'];
  return typeof path.at(-1) === 'number' && path.at(-2) === 'sections' ? ['id', 'title', 'sections'] : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why `url` cannot be the prefix of every link, feed id and script address, or null. A URL
 * parser accepts far more than that: a path starting with // or holding a backslash sends every
 * link to another host, and a query, fragment, & or space breaks the links and feeds built on it.
 */
export function siteUrlProblem(url: string): string | null {
  const fix = 'write it as https://host/path/, such as https://example.org/digest/';
  if (url.includes('\\')) return `the url holds a backslash, which browsers read as /; ${fix}`;
  if (/\s/.test(url)) return `the url holds a space; write a space in a path as %20, or ${fix}`;
  const parts = /^https?:\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!parts) return `expected an absolute http(s) URL; ${fix}`;
  const [, authority = '', rest = ''] = parts;
  if (authority === '') return `the url has no host name; ${fix}`;
  if (authority.includes('@')) return 'the url holds a user name or password (before @), which every page would show; leave it out';
  if (rest.startsWith('//')) return `the url's path starts with //, which browsers read as another host; ${fix}`;
  if (rest.includes('?')) return 'the url has a query (?...); the site is served from a path, so leave the query out';
  if (rest.includes('#')) return 'the url has a fragment (#...); leave it out';
  const unsafe = /[&"'<>`^{|}]/.exec(rest);
  if (unsafe) return `the url holds "${unsafe[0]}", which breaks links and feeds; leave it out or write it percent-encoded`;
  return null;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

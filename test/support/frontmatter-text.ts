// Line-based reading and editing of the simple frontmatter the change-set tests write
// (`key: value` lines between --- fences; values are YAML scalars or JSON arrays).

export interface FrontmatterText {
  fields: [key: string, value: string][];
  body: string;
}

export function splitFrontmatter(text: string): FrontmatterText {
  const match = /^---\n([\s\S]*?)\n?---\n/.exec(text);
  if (!match) return { fields: [], body: text };
  const fields = match[1]!
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string];
    });
  return { fields, body: text.slice(match[0].length) };
}

export function joinFrontmatter(doc: FrontmatterText): string {
  return `---\n${doc.fields.map(([key, value]) => `${key}: ${value}\n`).join('')}---\n${doc.body}`;
}

/** A field's value as data: JSON arrays and quoted strings parsed, anything else as written. */
export function fieldOf(text: string, key: string): unknown {
  const raw = splitFrontmatter(text).fields.find(([name]) => name === key)?.[1];
  if (raw === undefined) return undefined;
  return raw.startsWith('[') || raw.startsWith('"') ? JSON.parse(raw) : raw;
}

/** `text` with `key` set to `value` (written as JSON, which YAML reads), or removed when null. */
export function withField(text: string, key: string, value: string | number | boolean | readonly string[] | null): string {
  const doc = splitFrontmatter(text);
  const fields = doc.fields.filter(([name]) => name !== key);
  const at = doc.fields.findIndex(([name]) => name === key);
  if (value !== null) fields.splice(at < 0 ? fields.length : at, 0, [key, JSON.stringify(value)]);
  return joinFrontmatter({ fields, body: doc.body });
}

export function withBody(text: string, body: string): string {
  return joinFrontmatter({ ...splitFrontmatter(text), body });
}

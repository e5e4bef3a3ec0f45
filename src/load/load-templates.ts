// The source of every template the build can use, by name, as nunjucks resolves it: a site's own
// templates/ first, then the built-in ones. Read to know which pages a template change touches.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built-in templates, used wherever a site's own templates/ has no file of the same name. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export async function loadTemplateSources(dirs: readonly string[]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const name = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (!sources.has(name)) sources.set(name, await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
    }
  }
  return sources;
}

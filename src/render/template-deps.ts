// Which template files a page template uses (itself, what it extends, includes and imports, the
// templates of the helper functions it calls, and so on), as one hash: a page is re-rendered
// when any of them changes, and only then. A template that names another through a variable
// could use any of them, so it depends on all.
import { createHash } from 'node:crypto';
import { HELPER_TEMPLATES } from './render-pages.js';

const REFERENCE = /\{%-?\s*(?:extends|include|import|from)\s+(?:"([^"]+)"|'([^']+)'|(\S))/g;

/**
 * sources: template name -> source; helpers: global function name -> the template it renders
 * (HELPER_TEMPLATES). Returns name -> hash of every template it uses.
 */
export function templateHashes(sources: ReadonlyMap<string, string>, helpers: Readonly<Record<string, string>> = HELPER_TEMPLATES): (name: string) => string {
  const helperCalls = Object.entries(helpers).map(([name, template]) => ({ call: new RegExp(`\\b${name}\\s*\\(`), template }));
  const references = new Map<string, Set<string> | 'any'>();
  for (const [name, source] of sources) {
    const names = new Set<string>();
    let dynamic = false;
    for (const match of source.matchAll(REFERENCE)) {
      const referenced = match[1] ?? match[2];
      if (referenced === undefined) dynamic = true;
      else names.add(referenced);
    }
    for (const helper of helperCalls) if (helper.call.test(source)) names.add(helper.template);
    references.set(name, dynamic ? 'any' : names);
  }
  const memo = new Map<string, string>();
  return (name) => {
    let hash = memo.get(name);
    if (hash !== undefined) return hash;
    const used = new Set<string>();
    const visit = (current: string): void => {
      if (used.has(current)) return;
      used.add(current);
      const refs = references.get(current);
      if (refs === 'any') for (const other of sources.keys()) visit(other);
      else for (const ref of refs ?? []) visit(ref);
    };
    visit(name);
    const digest = createHash('sha1');
    for (const used_ of [...used].sort()) digest.update(used_).update('\0').update(sources.get(used_) ?? '(missing)').update('\0');
    hash = digest.digest('hex');
    memo.set(name, hash);
    return hash;
  };
}

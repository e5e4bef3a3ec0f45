// URL slugs for names that readers and editors write in Chinese: readable pinyin, one syllable
// a word (心理援助 -> xin-li-yuan-zhu). Stable: a slug depends on the name and, only when two
// names of one taxonomy would share a URL, on that collision, which is resolved deterministically.
import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';

function syllables(name: string, toneType: 'none' | 'num'): string[] {
  return pinyin(name.normalize('NFKC'), { toneType, type: 'array', nonZh: 'consecutive', v: true })
    .flatMap((part) => part.toLowerCase().split(/[^a-z0-9]+/))
    .filter((part) => part.length > 0);
}

/**
 * Slugs already made, by tone type and name: every build of a long-lived builder (digest dev)
 * names the same terms again, and pinyin is the dearest part of making the site model.
 */
const made = new Map<string, string>();

export function pinyinSlug(name: string, toneType: 'none' | 'num' = 'none'): string {
  const key = `${toneType}\u0001${name}`;
  let slug = made.get(key);
  if (slug === undefined) {
    const joined = syllables(name, toneType).join('-');
    slug = joined.length > 0 ? joined : shortHash(name);
    made.set(key, slug);
  }
  return slug;
}

function shortHash(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 8);
}

/**
 * Slugs for a set of names, collision-free: names that share a toneless slug get tone numbers
 * (shan1-xi1 / shan3-xi1). Names that differ only in punctuation (社工中国网, 社工<中国>网) keep
 * the plainest one on the shared slug and give the others a short hash of the name.
 */
export function assignSlugs(names: Iterable<string>): Map<string, string> {
  const unique = [...new Set(names)].sort();
  const result = new Map<string, string>();
  for (const [base, group] of groupBy(unique, (name) => pinyinSlug(name))) {
    const byTone = groupBy(group, (name) => pinyinSlug(name, 'num'));
    for (const [toned, names] of byTone) {
      const slug = byTone.size === 1 ? base : toned;
      const [plainest, ...others] = [...names].sort((a, b) => punctuation(a) - punctuation(b) || (a < b ? -1 : 1));
      result.set(plainest!, slug);
      for (const name of others) result.set(name, `${slug}-${shortHash(name)}`);
    }
  }
  return result;
}

/** How many characters of a name are neither letters nor digits (in any script). */
function punctuation(name: string): number {
  return name.replace(/[\p{L}\p{N}]/gu, '').length;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

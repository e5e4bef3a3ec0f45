/**
 * Regions of the digest: 全国, the 34 provincial-level divisions of China and
 * their prefecture-level divisions (districts for the four municipalities).
 *
 * Canonical forms:  '全国' | '湖南省' | '山东省/济南市'  (full official names).
 * Slugs:            'quanguo' | 'hunan' | 'shandong/jinan'.
 *
 * Pure: no IO. All tables (and every slug) are computed once, at module load.
 */
import { pinyin } from 'pinyin-pro';
import { ETHNIC_NAMES, PROVINCE_ROWS, TEXT_SHORT_FORM_STOPLIST } from './region-data.js';

export const NATIONAL = '全国';
const NATIONAL_SLUG = 'quanguo';

export interface City {
  /** Full official name, e.g. 济南市, 延边朝鲜族自治州, 海淀区. */
  name: string;
  /** Short form, e.g. 济南, 延边, 海淀. */
  short: string;
  /** Toneless pinyin of the short form, unique within the province, e.g. 'jinan'. */
  slug: string;
}

export interface Province {
  /** Full official name, e.g. 湖南省, 广西壮族自治区. */
  name: string;
  /** Short form, e.g. 湖南, 广西. */
  short: string;
  /** Toneless pinyin of the short form, unique among provinces, e.g. 'hunan'. */
  slug: string;
  cities: readonly City[];
}

export type RegionResolution =
  | { ok: true; canonical: string; province: Province | null; city: City | null; normalised: boolean }
  | { ok: false; reason: string; suggestions: string[] };

// ---------------------------------------------------------------------------
// Slugs

/**
 * Readings that pinyin-pro gets wrong for these place names (checked against
 * pinyin-pro 3.29). Keyed by short form; values are tone-numbered syllables so
 * that the collision fallback can use them as well.
 * Verified correct without override (and covered by tests): 重庆 长沙 长春 厦门
 * 蚌埠 六安 丽水 乐山 大理 台州 泰州 长治 朝阳 吕梁 曲靖 东莞 宿州 亳州.
 */
const PINYIN_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  喀什: ['ka1', 'shi2'], // pinyin-pro: kashen
  闵行: ['min3', 'hang2'], // pinyin-pro: minxing
  昌都: ['chang1', 'du1'], // pinyin-pro: changdou
};

/**
 * Slugs fixed by hand instead of computed, keyed by full name. 陕西 and 山西
 * are both 'shanxi' in toneless pinyin; 陕西 uses its official romanisation
 * 'Shaanxi'. Any collision not resolved here falls back to tone numbers (see
 * assignSlugs).
 */
const SLUG_OVERRIDES: Readonly<Record<string, string>> = {
  陕西省: 'shaanxi',
};

function syllables(base: string, tones: boolean): string[] {
  const override = PINYIN_OVERRIDES[base];
  if (override) return tones ? [...override] : override.map((s) => s.replace(/\d/g, ''));
  return pinyin(base, { toneType: tones ? 'num' : 'none', type: 'array', v: true });
}

function toAsciiSlug(parts: readonly string[], base: string): string {
  const slug = parts
    .join('')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]/g, '');
  if (!/^[a-z][a-z0-9]*$/.test(slug)) throw new Error(`regions: cannot compute a slug for ${base} (got "${slug}")`);
  return slug;
}

/**
 * Slugs for one namespace (the provinces, or the cities of one province), in
 * input order. Every member of a group that would share a toneless slug gets
 * tone-numbered pinyin instead (e.g. 'shan1xi1'), so that neither member
 * "wins" by data order; if even that collides, data order decides a '-2', '-3'
 * suffix. Fixed slugs (SLUG_OVERRIDES) are never changed.
 * @internal Exported for the tests; the tables below are what the site uses.
 */
export function assignSlugs(items: readonly { name: string; short: string }[]): string[] {
  const fixed = items.map((it) => SLUG_OVERRIDES[it.name]);
  const slugs = items.map((it, i) => fixed[i] ?? toAsciiSlug(syllables(it.short, false), it.short));
  const count = new Map<string, number>();
  for (const s of slugs) count.set(s, (count.get(s) ?? 0) + 1);
  const result = slugs.map((s, i) =>
    fixed[i] === undefined && (count.get(s) ?? 0) > 1 ? toAsciiSlug(syllables(items[i]!.short, true), items[i]!.short) : s,
  );
  const seen = new Set<string>();
  return result.map((s) => {
    let candidate = s;
    for (let n = 2; seen.has(candidate); n++) candidate = `${s}-${n}`;
    seen.add(candidate);
    return candidate;
  });
}

// ---------------------------------------------------------------------------
// Short forms

const ETHNIC_LONGEST_FIRST = [...ETHNIC_NAMES].sort((a, b) => b.length - a.length);

function stripSuffix(name: string, suffix: string): string | null {
  return name.endsWith(suffix) && name.length - suffix.length >= 2 ? name.slice(0, -suffix.length) : null;
}

/** 济南市 -> 济南, 延边朝鲜族自治州 -> 延边, 阿里地区 -> 阿里, 兴安盟 -> 兴安, 浦东新区 -> 浦东, 海淀区 -> 海淀. */
export function cityShortForm(name: string): string {
  const prefecture = stripSuffix(name, '自治州');
  if (prefecture !== null) {
    let rest = prefecture;
    for (let changed = true; changed; ) {
      changed = false;
      for (const ethnic of ETHNIC_LONGEST_FIRST) {
        const stripped = stripSuffix(rest, ethnic);
        if (stripped !== null) {
          rest = stripped;
          changed = true;
          break;
        }
      }
    }
    return rest;
  }
  for (const suffix of ['地区', '新区', '市', '盟', '区']) {
    const stripped = stripSuffix(name, suffix);
    if (stripped !== null) return stripped;
  }
  return name;
}

// ---------------------------------------------------------------------------
// Tables (built once)

interface Place {
  canonical: string;
  province: Province;
  city: City | null;
}

const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);

function buildProvinces(): Province[] {
  const drafts = PROVINCE_ROWS.map(([name, short, divisions]) => ({
    name,
    short,
    cities: divisions
      .split(/\s+/)
      .filter((c) => c !== '')
      .map((c) => ({ name: c, short: cityShortForm(c) })),
  }));
  const provinceSlugs = assignSlugs(drafts);
  return drafts.map((d, i) => {
    const citySlugs = assignSlugs(d.cities);
    const cities = d.cities.map((c, j) => Object.freeze({ name: c.name, short: c.short, slug: citySlugs[j]! }));
    return Object.freeze({ name: d.name, short: d.short, slug: provinceSlugs[i]!, cities: Object.freeze(cities) });
  });
}

export const PROVINCES: readonly Province[] = Object.freeze(buildProvinces());

const cityCanonical = (p: Province, c: City): string => `${p.name}/${c.name}`;

/** Province by full name or short form. */
const provinceByForm = new Map<string, Province>();
/** Per province: city by full name or short form. */
const cityByFormIn = new Map<Province, Map<string, City>>();
/** All places carrying a given city full name / city short form (may be several: 朝阳). */
const placesByCityForm = new Map<string, Place[]>();
/** Canonical -> place. */
const placeByCanonical = new Map<string, Place>();
/** Every name and short form, for suggestions, in data order. */
const allForms: { form: string; place: Place }[] = [];

for (const province of PROVINCES) {
  const provincePlace: Place = { canonical: province.name, province, city: null };
  placeByCanonical.set(province.name, provincePlace);
  provinceByForm.set(province.name, province);
  provinceByForm.set(province.short, province);
  allForms.push({ form: province.name, place: provincePlace }, { form: province.short, place: provincePlace });
  const local = new Map<string, City>();
  cityByFormIn.set(province, local);
  for (const city of province.cities) {
    const place: Place = { canonical: cityCanonical(province, city), province, city };
    placeByCanonical.set(place.canonical, place);
    for (const form of new Set([city.name, city.short])) {
      if (!local.has(form)) local.set(form, city);
      const list = placesByCityForm.get(form) ?? [];
      list.push(place);
      placesByCityForm.set(form, list);
      allForms.push({ form, place });
    }
  }
}

// ---------------------------------------------------------------------------
// resolveRegion

function ok(place: Place | null, raw: string): RegionResolution {
  const canonical = place ? place.canonical : NATIONAL;
  return {
    ok: true,
    canonical,
    province: place ? place.province : null,
    city: place ? place.city : null,
    normalised: raw !== canonical,
  };
}

function fail(raw: string, detail: string | null, suggestions: string[]): RegionResolution {
  const reason = `"${raw}" is not a known region` + (detail ? ` (${detail})` : '');
  return { ok: false, reason, suggestions: suggestions.slice(0, 3) };
}

const SEPARATOR = /\s*[/／]\s*/;

/**
 * Resolve user input (front matter, CLI) to a canonical region.
 *  - '全国' (only that: 中国 / 国家 are rejected, with 全国 suggested);
 *  - a province by full name or short form: 湖南 -> 湖南省, 广西 -> 广西壮族自治区;
 *  - 'province/city', either part full or short: 山东/济南 -> 山东省/济南市;
 *  - a bare city: 济南市 / 济南 -> 山东省/济南市 (normalised: true).
 * Province forms win over city short forms that spell the same (吉林 -> 吉林省,
 * 海南 -> 海南省, 河北 -> 河北省; the cities are 吉林市 etc.). A bare short form
 * shared by several cities (朝阳: 辽宁省/朝阳市 and 北京市/朝阳区) is rejected
 * with every candidate suggested.
 */
export function resolveRegion(input: string): RegionResolution {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'the region is empty', suggestions: [] };
  if (raw === NATIONAL) return ok(null, raw);
  if (raw === '中国' || raw === '国家') {
    return { ok: false, reason: `"${raw}" is not a region name; use "${NATIONAL}" for national news`, suggestions: [NATIONAL] };
  }

  if (SEPARATOR.test(raw)) {
    const parts = raw.split(SEPARATOR);
    if (parts.length === 2) {
      const province = provinceByForm.get(parts[0]!);
      const city = province ? cityByFormIn.get(province)!.get(parts[1]!) : undefined;
      if (province && city) return ok(placeByCanonical.get(cityCanonical(province, city))!, raw);
      if (province) {
        const elsewhere = (placesByCityForm.get(parts[1]!) ?? []).map((p) => p.canonical);
        if (elsewhere.length > 0) {
          return fail(raw, `${parts[1]} is not in ${province.name}; it is ${elsewhere.join(' or ')}`, suggest(raw));
        }
        return fail(raw, `${province.name} has no city ${parts[1]}`, suggest(raw));
      }
    }
    return fail(raw, null, suggest(raw));
  }

  const province = provinceByForm.get(raw);
  if (province) return ok(placeByCanonical.get(province.name)!, raw);
  const places = placesByCityForm.get(raw) ?? [];
  if (places.length === 1) return ok(places[0]!, raw);
  if (places.length > 1) {
    const names = places.map((p) => p.canonical);
    return {
      ok: false,
      reason: `"${raw}" is ambiguous: it may be ${names.join(' or ')}; write it as province/city`,
      suggestions: names.slice(0, 3),
    };
  }
  return fail(raw, null, suggest(raw));
}

// ---------------------------------------------------------------------------
// Suggestions

function chars(s: string): string[] {
  return Array.from(s);
}

function editDistance(a: string, b: string): number {
  const x = chars(a);
  const y = chars(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** Largest edit distance still worth suggesting for an input of this length. */
function maxDistance(s: string): number {
  const n = chars(s).length;
  return n <= 1 ? 0 : n <= 4 ? 1 : n <= 7 ? 2 : 3;
}

let formPinyin: Map<string, string> | null = null;
/** Toneless pinyin of a string (homophone typos are the common IME mistake). */
function pinyinKey(s: string): string {
  if (!/^[\u3400-\u9fff]+$/.test(s)) return '';
  return pinyin(s, { toneType: 'none', type: 'array', v: true }).join('');
}
function formKey(form: string): string {
  formPinyin ??= new Map();
  let key = formPinyin.get(form);
  if (key === undefined) {
    key = pinyinKey(form);
    formPinyin.set(form, key);
  }
  return key;
}

/** Score of `form` as what the user meant by `typed`; null if unrelated. Lower is better. */
function similarity(typed: string, form: string): number | null {
  if (typed === form) return 0;
  const d = editDistance(typed, form);
  const key = pinyinKey(typed);
  if (key !== '' && key === formKey(form)) return 0.5;
  return d <= maxDistance(typed) && d < chars(form).length ? d : null;
}

class Ranking {
  private readonly best = new Map<string, number>();
  add(canonical: string, score: number): void {
    const prev = this.best.get(canonical);
    if (prev === undefined || score < prev) this.best.set(canonical, score);
  }
  /**
   * The best `n`, dropping any a whole edit worse than the best one (so an
   * exact 湖南省/长沙市 is not followed by far-fetched guesses).
   */
  top(n: number): string[] {
    // Map iteration order is insertion order, and sort is stable: ties keep it.
    const sorted = [...this.best.entries()].sort((a, b) => a[1] - b[1]);
    const cutoff = (sorted[0]?.[1] ?? 0) + 1;
    return sorted
      .filter(([, score]) => score < cutoff)
      .slice(0, n)
      .map(([c]) => c);
  }
}

/** Provinces `typed` may stand for, with scores. */
function provinceCandidates(typed: string): [Province, number][] {
  const out = new Map<Province, number>();
  for (const p of PROVINCES) {
    for (const form of [p.name, p.short]) {
      const s = similarity(typed, form);
      if (s !== null && s < (out.get(p) ?? Infinity)) out.set(p, s);
    }
  }
  return [...out.entries()];
}

/** Cities of `province` that `typed` may stand for, with scores. */
function cityCandidatesIn(province: Province, typed: string): [City, number][] {
  const out = new Map<City, number>();
  for (const c of province.cities) {
    for (const form of [c.name, c.short]) {
      const s = similarity(typed, form);
      if (s !== null && s < (out.get(c) ?? Infinity)) out.set(c, s);
    }
  }
  return [...out.entries()];
}

/** 'province/city' guesses for a province part and a city part. */
function rankPair(ranking: Ranking, provincePart: string, cityPart: string, base: number): void {
  for (const [province, ps] of provinceCandidates(provincePart)) {
    for (const [city, cs] of cityCandidatesIn(province, cityPart)) {
      ranking.add(cityCanonical(province, city), base + ps + cs);
    }
  }
  // The city exists, but under another province.
  for (const place of placesByCityForm.get(cityPart) ?? []) ranking.add(place.canonical, base + 1);
}

function suggest(raw: string): string[] {
  const ranking = new Ranking();
  const compact = raw.replace(/\s+/g, '');
  const parts = raw.split(SEPARATOR).filter((p) => p !== '');

  if (parts.length >= 2) {
    rankPair(ranking, parts[0]!, parts[1]!, 0);
    rankPair(ranking, parts[1]!, parts[0]!, 0.5); // swapped: 济南/山东
    if (parts.length > 2) rankPair(ranking, parts[parts.length - 2]!, parts[parts.length - 1]!, 0.5);
    return ranking.top(3);
  }

  // A province followed by a city without a slash: 湖南省长沙, 山东济南市, 山东 济南.
  for (const province of PROVINCES) {
    for (const form of new Set([province.name, province.short])) {
      if (compact.length > form.length && compact.startsWith(form)) {
        rankPair(ranking, form, compact.slice(form.length), 0);
      }
    }
  }
  // A wrong administrative suffix: 广西省, 济南省, 湖南市.
  const bare = compact.replace(/(省|市|自治区|地区|区)$/, '');
  if (bare !== compact) {
    if (provinceByForm.has(bare)) ranking.add(provinceByForm.get(bare)!.name, 0.5);
    for (const place of placesByCityForm.get(bare) ?? []) ranking.add(place.canonical, 0.5);
  }
  // Typos and homophones of any name.
  for (const { form, place } of allForms) {
    const s = similarity(compact, form);
    if (s !== null) ranking.add(place.canonical, s + (place.city ? 0.1 : 0));
  }
  return ranking.top(3);
}

// ---------------------------------------------------------------------------
// regionSlug

/**
 * URL slug of a canonical region: '全国' -> 'quanguo', '湖南省' -> 'hunan',
 * '山东省/济南市' -> 'shandong/jinan'. Anything resolveRegion accepts is
 * accepted; anything else throws.
 */
export function regionSlug(canonical: string): string {
  if (canonical === NATIONAL) return NATIONAL_SLUG;
  let place = placeByCanonical.get(canonical);
  if (!place) {
    const r = resolveRegion(canonical);
    if (!r.ok) throw new Error(`regionSlug: ${r.reason}`);
    if (r.province === null) return NATIONAL_SLUG;
    place = placeByCanonical.get(r.canonical)!;
  }
  return place.city ? `${place.province.slug}/${place.city.slug}` : place.province.slug;
}

// ---------------------------------------------------------------------------
// findRegionsInText

interface TextTarget {
  canonical: string;
  province: Province | null;
  /** A municipal district (朝阳区, 和平区…): these names recur in other cities. */
  district: boolean;
}

function buildTextIndex(): { index: Map<string, TextTarget>; maxLength: number } {
  const index = new Map<string, TextTarget>();
  index.set(NATIONAL, { canonical: NATIONAL, province: null, district: false });
  for (const p of PROVINCES) {
    for (const form of [p.name, p.short]) index.set(form, { canonical: p.name, province: p, district: false });
  }
  const stop = new Set(TEXT_SHORT_FORM_STOPLIST);
  for (const [form, places] of placesByCityForm) {
    if (index.has(form) || places.length !== 1) continue; // province forms win; ambiguous forms are skipped
    const place = places[0]!;
    const city = place.city!;
    const district = MUNICIPALITIES.has(place.province.name);
    if (form === city.short && (district || stop.has(form) || chars(form).length < 2)) continue;
    index.set(form, { canonical: place.canonical, province: place.province, district });
  }
  let maxLength = 0;
  for (const form of index.keys()) maxLength = Math.max(maxLength, form.length);
  return { index, maxLength };
}

const TEXT_INDEX = buildTextIndex();

/**
 * Canonical regions mentioned in running text, deduplicated, most specific:
 * a city stands for its province, so '山东省济南市' gives ['山东省/济南市'], not
 * the province as well. Order is the order of first mention, where a
 * province's cities take the place of the province's own first mention.
 *
 * Matching is leftmost-longest over full names and short forms (内蒙古 before
 * 蒙, 黑龙江省 before 龙江). Not matched: short forms of municipal districts
 * (only 海淀区, not 海淀), short forms that are common words (see
 * TEXT_SHORT_FORM_STOPLIST), short forms shared by several cities (朝阳).
 * 'X市场' is read as 'X + 市场' (吉林市场 -> 吉林省), and a municipal district
 * right after a city of another province is ignored (长春市朝阳区).
 */
export function findRegionsInText(text: string): string[] {
  const { index, maxLength } = TEXT_INDEX;
  const hits: TextTarget[] = [];
  let previous: { target: TextTarget; end: number } | null = null;
  for (let i = 0; i < text.length; ) {
    let matched = 0;
    for (let len = Math.min(maxLength, text.length - i); len >= 2; len--) {
      const form = text.slice(i, i + len);
      const target = index.get(form);
      if (!target) continue;
      if (form.endsWith('市') && text[i + len] === '场') continue;
      matched = len;
      const foreignDistrict =
        target.district && previous !== null && previous.end === i && previous.target.province !== target.province;
      if (!foreignDistrict) hits.push(target);
      previous = { target, end: i + len };
      break;
    }
    i += matched > 0 ? matched : 1;
  }

  const order: string[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (!seen.has(hit.canonical)) {
      seen.add(hit.canonical);
      order.push(hit.canonical);
    }
  }
  const citiesOf = new Map<string, string[]>();
  for (const canonical of order) {
    const slash = canonical.indexOf('/');
    if (slash < 0) continue;
    const province = canonical.slice(0, slash);
    citiesOf.set(province, [...(citiesOf.get(province) ?? []), canonical]);
  }
  const result: string[] = [];
  const emitted = new Set<string>();
  for (const canonical of order) {
    const list = canonical.includes('/') ? [canonical] : (citiesOf.get(canonical) ?? [canonical]);
    for (const c of list) {
      if (!emitted.has(c)) {
        emitted.add(c);
        result.push(c);
      }
    }
  }
  return result;
}

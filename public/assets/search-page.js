// The search page: reads ?q=&section=&region=&source= (so the header box and shared links work),
// asks the engine, and lists the results. Text from the index is only ever inserted as text
// nodes; matches become <mark> elements, never HTML strings.
import { createSearchEngine, excerpt, foldChar, markMatches, queryWords } from './search-engine.js';

const PAGE_SIZE = 20;
const FIELDS = ['q', 'section', 'region', 'source'];

const form = document.getElementById('search-form');
if (form) start(form);

function start(form) {
  const indexUrl = form.dataset.index;
  const basePath = form.dataset.base;
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const field = (name) => form.elements.namedItem(name);

  let version = '';
  const engine = createSearchEngine({
    async load(path, kind) {
      const url = `${indexUrl}${path}${version ? `?v=${version}` : ''}`;
      const response = await fetch(url, path === 'meta.json' ? { cache: 'no-cache' } : {});
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      if (kind === 'bytes') return new Uint8Array(await response.arrayBuffer());
      const data = await response.json();
      if (path === 'meta.json') version = data.version;
      return data;
    },
  });

  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) {
    const input = field(name);
    if (input && params.has(name)) input.value = params.get(name);
  }

  let run = 0;
  let current = null;

  async function search() {
    const token = ++run;
    const query = field('q').value.trim();
    const filters = { section: field('section').value, region: field('region').value, source: field('source').value };
    rememberInUrl();
    list.replaceChildren();
    more.hidden = true;
    current = null;
    if (query === '') {
      status.textContent = '';
      return;
    }
    if (queryWords(query).length === 0) {
      status.textContent = '请输入关键词。';
      return;
    }
    status.textContent = '正在搜索……';
    const within = activeFilters();
    try {
      const { words, ids } = await engine.search(query, filters);
      if (token !== run) return;
      current = { words, ids, shown: 0 };
      // The count is announced with the first results in the list, not before they are loaded.
      await showMore(token, false);
      if (token !== run) return;
      // Every word is searched, one character long or more: the status names each, as typed.
      const typed = typedWords(query);
      const wanted = typed.length > 1 ? `同时包含${typed.map((word) => `“${word}”`).join('、')}` : `包含“${query}”`;
      const filtered = within.length > 0 ? `（已筛选：${within.join('、')}）` : '';
      status.textContent = ids.length > 0 ? `找到 ${ids.length} 条${wanted}的内容${filtered}。` : `没有找到${wanted}的内容${filtered}。`;
    } catch (error) {
      if (token !== run) return;
      status.textContent = '无法载入搜索索引，请稍后重试。';
      console.error(error);
    }
  }

  /** The words of the query as typed, each once (as queryWords folds them). */
  function typedWords(query) {
    const seen = new Set();
    return query.split(/\s+/u).filter((word) => {
      const key = Array.from(word, foldChar).join('');
      if (word === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The filters in use, as the form labels them: ['地区“济南市”', ...]. */
  function activeFilters() {
    return ['section', 'region', 'source'].flatMap((name) => {
      const select = field(name);
      if (!select || select.value === '') return [];
      const label = form.querySelector(`label[for="${select.id}"]`)?.textContent ?? name;
      const option = select.selectedOptions[0];
      return [`${label}“${(option?.textContent ?? select.value).replace(/^\s*—\s*/u, '').trim()}”`];
    });
  }

  async function showMore(token, moveFocus) {
    if (!current) return;
    const ids = current.ids.slice(current.shown, current.shown + PAGE_SIZE);
    const docs = await engine.documents(ids);
    if (token !== run) return;
    const items = docs.map((doc) => resultItem(doc, current.words));
    list.append(...items);
    current.shown += ids.length;
    more.hidden = current.shown >= current.ids.length;
    if (moveFocus && items[0]) items[0].querySelector('a').focus();
  }

  function resultItem(doc, words) {
    const item = document.createElement('li');
    item.className = 'search-result';
    const heading = document.createElement('h2');
    heading.className = 'search-result__title';
    const link = document.createElement('a');
    link.href = basePath + doc.url;
    appendMarked(link, markMatches(doc.title, words));
    heading.append(link);
    const meta = document.createElement('p');
    meta.className = 'search-result__meta';
    // The issue's date with its year, as the site writes dates (2025年11月17日): titles repeat every year.
    const time = document.createElement('time');
    time.dateTime = doc.issueStart;
    time.textContent = chineseDate(doc.issueStart);
    meta.append(time, ` · ${doc.issueTitle} · ${doc.section}`);
    const text = document.createElement('p');
    text.className = 'search-result__excerpt';
    appendMarked(text, excerpt(doc, words));
    item.append(heading, meta, text);
    const facets = [
      ['来源', doc.sources],
      ['地区', doc.region === '' ? [] : [doc.region]],
      ['标签', doc.tags],
    ].filter(([, names]) => names.length > 0);
    if (facets.length > 0) {
      const list = document.createElement('dl');
      list.className = 'search-result__facets';
      for (const [label, names] of facets) {
        const group = document.createElement('div');
        const term = document.createElement('dt');
        term.textContent = label;
        const value = document.createElement('dd');
        names.forEach((name, i) => {
          if (i > 0) value.append('、');
          appendMarked(value, markMatches(name, words));
        });
        group.append(term, value);
        list.append(group);
      }
      item.append(list);
    }
    return item;
  }

  /** 'YYYY-MM-DD' as src/calendar-date.ts's chineseDate writes it; no Date, so no time zone. */
  function chineseDate(date) {
    return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  }

  function appendMarked(parent, pieces) {
    for (const piece of pieces) {
      if (!piece.match) {
        parent.append(piece.text);
        continue;
      }
      const mark = document.createElement('mark');
      mark.textContent = piece.text;
      parent.append(mark);
    }
  }

  function rememberInUrl() {
    const next = new URLSearchParams();
    for (const name of FIELDS) {
      const value = field(name).value.trim();
      if (value) next.set(name, value);
    }
    const query = next.toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
  }

  let typing = 0;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    search();
  });
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) search();
  });
  field('q').addEventListener('input', (event) => {
    if (event.isComposing) return;
    clearTimeout(typing);
    typing = setTimeout(search, 300);
  });
  field('q').addEventListener('compositionend', () => {
    clearTimeout(typing);
    typing = setTimeout(search, 300);
  });
  more.addEventListener('click', () => showMore(run, true));

  if (field('q').value.trim() !== '') search();
}

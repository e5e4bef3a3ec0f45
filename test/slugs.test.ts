import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignSlugs, pinyinSlug } from '../src/model/slugs.ts';

test('names become readable pinyin, one syllable a word', () => {
  assert.equal(pinyinSlug('心理援助'), 'xin-li-yuan-zhu');
  assert.equal(pinyinSlug('A股 Market'), 'a-gu-market');
});

test('names whose toneless pinyin collides get tone numbers', () => {
  const slugs = assignSlugs(['山西日报', '陕西日报', '心理援助']);
  assert.equal(slugs.get('心理援助'), 'xin-li-yuan-zhu');
  assert.notEqual(slugs.get('山西日报'), slugs.get('陕西日报'));
  assert.match(slugs.get('山西日报')!, /^shan1-xi1/);
});

test('a name differing only in punctuation does not take the plain name\'s slug', () => {
  const slugs = assignSlugs(['社工<中国>网', '社工中国网']);
  assert.equal(slugs.get('社工中国网'), 'she-gong-zhong-guo-wang');
  assert.match(slugs.get('社工<中国>网')!, /^she-gong-zhong-guo-wang-[0-9a-f]{8}$/);
});

test('slugs do not depend on the order names arrive in', () => {
  const names = ['山西日报', '陕西日报', '社工<中国>网', '社工中国网', '标准化'];
  assert.deepEqual([...assignSlugs(names)].sort(), [...assignSlugs([...names].reverse())].sort());
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NATIONAL,
  PROVINCES,
  assignSlugs,
  cityShortForm,
  findRegionsInText,
  regionSlug,
  resolveRegion,
  type Province,
} from '../src/regions.ts';

const PROVINCE_NAMES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省',
  '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市',
  '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区',
  '台湾省', '香港特别行政区', '澳门特别行政区',
];
const MUNICIPALITIES = ['北京市', '天津市', '上海市', '重庆市'];

function province(name: string): Province {
  const p = PROVINCES.find((x) => x.name === name);
  assert.ok(p, name);
  return p;
}

function resolved(input: string): string {
  const r = resolveRegion(input);
  assert.ok(r.ok, `${input}: ${r.ok ? '' : r.reason}`);
  return r.canonical;
}

function suggestions(input: string): string[] {
  const r = resolveRegion(input);
  assert.equal(r.ok, false, `${input} should not resolve`);
  return r.ok ? [] : r.suggestions;
}

describe('region data', () => {
  it('has the 34 provincial-level divisions, in code order', () => {
    assert.deepEqual(
      PROVINCES.map((p) => p.name),
      PROVINCE_NAMES,
    );
  });

  it('has the 333 prefecture-level divisions outside the municipalities', () => {
    const count = PROVINCES.filter((p) => !MUNICIPALITIES.includes(p.name)).reduce((n, p) => n + p.cities.length, 0);
    assert.equal(count, 333);
    assert.equal(province('广东省').cities.length, 21);
    assert.equal(province('河南省').cities.length, 17);
    assert.equal(province('海南省').cities.length, 4);
  });

  it('lists the districts of the municipalities', () => {
    assert.ok(province('北京市').cities.some((c) => c.name === '海淀区'));
    assert.ok(province('上海市').cities.some((c) => c.name === '浦东新区'));
    assert.ok(province('天津市').cities.some((c) => c.name === '滨海新区'));
    assert.ok(province('重庆市').cities.some((c) => c.name === '渝中区'));
  });

  it('has no city listed twice within a province, and unique full names nationwide', () => {
    const all = new Set<string>();
    for (const p of PROVINCES) {
      const names = p.cities.map((c) => c.name);
      assert.equal(new Set(names).size, names.length, p.name);
      const shorts = p.cities.map((c) => c.short);
      assert.equal(new Set(shorts).size, shorts.length, p.name);
      for (const n of names) {
        assert.ok(!all.has(n), n);
        all.add(n);
      }
    }
  });

  it('derives short forms', () => {
    assert.equal(cityShortForm('济南市'), '济南');
    assert.equal(cityShortForm('延边朝鲜族自治州'), '延边');
    assert.equal(cityShortForm('海西蒙古族藏族自治州'), '海西');
    assert.equal(cityShortForm('博尔塔拉蒙古自治州'), '博尔塔拉');
    assert.equal(cityShortForm('克孜勒苏柯尔克孜自治州'), '克孜勒苏');
    assert.equal(cityShortForm('黔西南布依族苗族自治州'), '黔西南');
    assert.equal(cityShortForm('西双版纳傣族自治州'), '西双版纳');
    assert.equal(cityShortForm('大兴安岭地区'), '大兴安岭');
    assert.equal(cityShortForm('锡林郭勒盟'), '锡林郭勒');
    assert.equal(cityShortForm('浦东新区'), '浦东');
    assert.equal(cityShortForm('海淀区'), '海淀');
    assert.equal(province('广西壮族自治区').short, '广西');
    assert.equal(province('新疆维吾尔自治区').short, '新疆');
    assert.equal(province('香港特别行政区').short, '香港');
  });
});

describe('slugs', () => {
  it('gives every province a unique ASCII slug', () => {
    const slugs = PROVINCES.map((p) => p.slug);
    assert.equal(new Set(slugs).size, 34);
    for (const s of slugs) assert.match(s, /^[a-z][a-z0-9]*$/);
  });

  it('keeps province slugs stable', () => {
    assert.deepEqual(
      PROVINCES.map((p) => p.slug),
      [
        'beijing', 'tianjin', 'hebei', 'shanxi', 'neimenggu', 'liaoning', 'jilin', 'heilongjiang', 'shanghai', 'jiangsu',
        'zhejiang', 'anhui', 'fujian', 'jiangxi', 'shandong', 'henan', 'hubei', 'hunan', 'guangdong', 'guangxi', 'hainan',
        'chongqing', 'sichuan', 'guizhou', 'yunnan', 'xizang', 'shaanxi', 'gansu', 'qinghai', 'ningxia', 'xinjiang',
        'taiwan', 'xianggang', 'aomen',
      ],
    );
  });

  it('gives cities unique ASCII slugs within their province', () => {
    for (const p of PROVINCES) {
      const slugs = p.cities.map((c) => c.slug);
      assert.equal(new Set(slugs).size, slugs.length, p.name);
      for (const s of slugs) assert.match(s, /^[a-z][a-z0-9]*$/, `${p.name} ${s}`);
    }
  });

  it('tells 山西 and 陕西 apart', () => {
    assert.equal(regionSlug('山西省'), 'shanxi');
    assert.equal(regionSlug('陕西省'), 'shaanxi');
  });

  it('reads polyphonic place names right', () => {
    const cases: [string, string][] = [
      ['重庆市', 'chongqing'],
      ['湖南省/长沙市', 'hunan/changsha'],
      ['吉林省/长春市', 'jilin/changchun'],
      ['福建省/厦门市', 'fujian/xiamen'],
      ['安徽省/蚌埠市', 'anhui/bengbu'],
      ['安徽省/六安市', 'anhui/luan'],
      ['浙江省/丽水市', 'zhejiang/lishui'],
      ['四川省/乐山市', 'sichuan/leshan'],
      ['云南省/大理白族自治州', 'yunnan/dali'],
      ['浙江省/台州市', 'zhejiang/taizhou'],
      ['江苏省/泰州市', 'jiangsu/taizhou'],
      ['山西省/长治市', 'shanxi/changzhi'],
      ['山西省/吕梁市', 'shanxi/lvliang'],
      ['辽宁省/朝阳市', 'liaoning/chaoyang'],
      ['广东省/东莞市', 'guangdong/dongguan'],
      ['安徽省/亳州市', 'anhui/bozhou'],
      ['江苏省/宿迁市', 'jiangsu/suqian'],
      ['云南省/曲靖市', 'yunnan/qujing'],
      ['新疆维吾尔自治区/喀什地区', 'xinjiang/kashi'],
      ['上海市/闵行区', 'shanghai/minhang'],
      ['西藏自治区/昌都市', 'xizang/changdu'],
      ['重庆市/长寿区', 'chongqing/changshou'],
      ['吉林省/延边朝鲜族自治州', 'jilin/yanbian'],
      ['黑龙江省/大兴安岭地区', 'heilongjiang/daxinganling'],
      ['内蒙古自治区/锡林郭勒盟', 'neimenggu/xilinguole'],
      ['北京市/海淀区', 'beijing/haidian'],
    ];
    for (const [canonical, slug] of cases) assert.equal(regionSlug(canonical), slug, canonical);
  });

  it('slugs 全国, provinces and province/city', () => {
    assert.equal(regionSlug(NATIONAL), 'quanguo');
    assert.equal(regionSlug('湖南省'), 'hunan');
    assert.equal(regionSlug('山东省/济南市'), 'shandong/jinan');
    assert.equal(regionSlug('广西壮族自治区'), 'guangxi');
    assert.throws(() => regionSlug('火星'), /not a known region/);
  });

  it('falls back to tone numbers for any other collision', () => {
    // Two 'shanxi' with no override between them: both get tone numbers.
    assert.deepEqual(
      assignSlugs([
        { name: '山西省', short: '山西' },
        { name: '陕西', short: '陕西' },
        { name: '湖南省', short: '湖南' },
      ]),
      ['shan1xi1', 'shan3xi1', 'hunan'],
    );
    // The override keeps 陕西省 out of the collision.
    assert.deepEqual(
      assignSlugs([
        { name: '山西省', short: '山西' },
        { name: '陕西省', short: '陕西' },
      ]),
      ['shanxi', 'shaanxi'],
    );
    // Same tones too: data order decides a numeric suffix.
    assert.deepEqual(
      assignSlugs([
        { name: '泰州市', short: '泰州' },
        { name: '泰州市', short: '泰州' },
      ]),
      ['tai4zhou1', 'tai4zhou1-2'],
    );
  });
});

describe('resolveRegion', () => {
  it('resolves every province by full name and by short form', () => {
    for (const p of PROVINCES) {
      const full = resolveRegion(p.name);
      assert.ok(full.ok && full.canonical === p.name && !full.normalised && full.province === p && full.city === null, p.name);
      const short = resolveRegion(p.short);
      assert.ok(short.ok && short.canonical === p.name && short.normalised, p.short);
    }
  });

  it('resolves every city as province/city', () => {
    for (const p of PROVINCES) {
      for (const c of p.cities) {
        const r = resolveRegion(`${p.name}/${c.name}`);
        assert.ok(r.ok && r.canonical === `${p.name}/${c.name}` && !r.normalised && r.province === p && r.city === c, c.name);
        assert.equal(resolved(`${p.short}/${c.short}`), `${p.name}/${c.name}`);
      }
    }
  });

  it('resolves 全国 only', () => {
    const r = resolveRegion('全国');
    assert.ok(r.ok && r.canonical === '全国' && r.province === null && r.city === null && !r.normalised);
    assert.deepEqual(suggestions('中国'), ['全国']);
    assert.deepEqual(suggestions('国家'), ['全国']);
  });

  it('normalises short forms', () => {
    const cases: [string, string][] = [
      ['湖南', '湖南省'],
      ['广西', '广西壮族自治区'],
      ['内蒙古', '内蒙古自治区'],
      ['新疆', '新疆维吾尔自治区'],
      ['香港', '香港特别行政区'],
      ['山东/济南', '山东省/济南市'],
      ['山东省/济南', '山东省/济南市'],
      ['山东/济南市', '山东省/济南市'],
      ['济南市', '山东省/济南市'],
      ['济南', '山东省/济南市'],
      ['延边', '吉林省/延边朝鲜族自治州'],
      ['北京/海淀', '北京市/海淀区'],
      ['  湖南 ', '湖南省'],
      ['山东省 / 济南市', '山东省/济南市'],
    ];
    for (const [input, canonical] of cases) {
      const r = resolveRegion(input);
      assert.ok(r.ok, input);
      assert.equal(r.canonical, canonical, input);
      assert.equal(r.normalised, true, input);
    }
    const exact = resolveRegion(' 湖南省 ');
    assert.ok(exact.ok && !exact.normalised);
  });

  it('prefers provinces over cities of the same short form', () => {
    assert.equal(resolved('吉林'), '吉林省');
    assert.equal(resolved('吉林市'), '吉林省/吉林市');
    assert.equal(resolved('海南'), '海南省');
    assert.equal(resolved('青海/海南'), '青海省/海南藏族自治州');
    assert.equal(resolved('河北'), '河北省');
    assert.equal(resolved('天津/河北'), '天津市/河北区');
  });

  it('rejects an ambiguous bare city, suggesting each', () => {
    const r = resolveRegion('朝阳');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.reason, /ambiguous/);
      assert.deepEqual([...r.suggestions].sort(), ['北京市/朝阳区', '辽宁省/朝阳市'].sort());
    }
    assert.equal(resolved('朝阳市'), '辽宁省/朝阳市');
    assert.equal(resolved('朝阳区'), '北京市/朝阳区');
  });

  it('suggests province/city for a province followed by a city', () => {
    const r = resolveRegion('湖南省长沙');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, '"湖南省长沙" is not a known region');
      assert.deepEqual(r.suggestions, ['湖南省/长沙市']);
    }
    assert.deepEqual(suggestions('湖南省长沙市'), ['湖南省/长沙市']);
    assert.deepEqual(suggestions('山东济南'), ['山东省/济南市']);
  });

  it('suggests for typos and homophones', () => {
    assert.equal(suggestions('湖难省')[0], '湖南省');
    assert.equal(suggestions('常沙')[0], '湖南省/长沙市');
    assert.equal(suggestions('湖南省/长沙县')[0], '湖南省/长沙市');
    assert.equal(suggestions('广西省')[0], '广西壮族自治区');
    assert.equal(suggestions('济南省')[0], '山东省/济南市');
  });

  it('suggests the right province for a city under the wrong one', () => {
    const r = resolveRegion('湖南省/济南市');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.reason, /济南市 is not in 湖南省/);
      assert.deepEqual(r.suggestions, ['山东省/济南市']);
    }
    assert.deepEqual(suggestions('济南市/山东省'), ['山东省/济南市']);
  });

  it('gives at most 3 suggestions, and none for nonsense', () => {
    for (const input of ['湖难', '海', '南省', '长', '湖南省/长', '山东省/济南市/历下区']) {
      assert.ok(suggestions(input).length <= 3, input);
    }
    assert.deepEqual(suggestions('xyz'), []);
    assert.deepEqual(suggestions('火星'), []);
    const empty = resolveRegion('  ');
    assert.equal(empty.ok, false);
  });
});

describe('findRegionsInText', () => {
  it('finds a city and reports it with its province', () => {
    assert.deepEqual(findRegionsInText('济南市2022年度社会工作者职业水平考试合格人员名单公示'), ['山东省/济南市']);
    assert.deepEqual(findRegionsInText('山东省济南市启动'), ['山东省/济南市']);
  });

  it('finds provinces', () => {
    assert.deepEqual(findRegionsInText('湖南省民政厅、省文明办联合发文'), ['湖南省']);
    assert.deepEqual(findRegionsInText('黑龙江省公开征求意见'), ['黑龙江省']);
    assert.deepEqual(findRegionsInText('内蒙古自治区与宁夏'), ['内蒙古自治区', '宁夏回族自治区']);
  });

  it('matches leftmost-longest', () => {
    assert.deepEqual(findRegionsInText('浙江西部山区'), ['浙江省']);
    assert.deepEqual(findRegionsInText('大兴安岭地区林业'), ['黑龙江省/大兴安岭地区']);
    assert.deepEqual(findRegionsInText('广西南宁'), ['广西壮族自治区/南宁市']);
  });

  it('lists several cities of a province where the province was first mentioned', () => {
    assert.deepEqual(findRegionsInText('湖南省长沙、株洲和山东省济南市'), ['湖南省/长沙市', '湖南省/株洲市', '山东省/济南市']);
    assert.deepEqual(findRegionsInText('江苏省和湖南省，长沙市'), ['江苏省', '湖南省/长沙市']);
  });

  it('finds 全国', () => {
    assert.deepEqual(findRegionsInText('全国民政工作会议在北京召开'), ['全国', '北京市']);
  });

  it('avoids common false positives', () => {
    assert.deepEqual(findRegionsInText('祝愿大家平安安康，长治久安'), []);
    assert.deepEqual(findRegionsInText('吉林市场监管'), ['吉林省']);
    assert.deepEqual(findRegionsInText('吉林市民政局'), ['吉林省/吉林市']);
    assert.deepEqual(findRegionsInText('欢迎各位来宾'), []);
    assert.deepEqual(findRegionsInText('海淀的学校'), []);
    assert.deepEqual(findRegionsInText('北京市海淀区'), ['北京市/海淀区']);
    assert.deepEqual(findRegionsInText('长春市朝阳区'), ['吉林省/长春市']);
    assert.deepEqual(findRegionsInText('没有地名的句子'), []);
  });
});

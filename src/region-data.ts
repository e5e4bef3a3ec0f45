/**
 * Raw data for the provincial-level divisions of the People's Republic of China
 * and their prefecture-level divisions.
 *
 * One row per provincial-level division: `[full name, short form, divisions]`,
 * where `divisions` is a space-separated list of full names of
 *   - the prefecture-level divisions (地级市, 地区, 自治州, 盟) for provinces and
 *     autonomous regions — 333 in total, as in the official division codes; or
 *   - the districts (市辖区) for the four municipalities (直辖市); Chongqing's
 *     counties (县) are not listed.
 * Taiwan, Hong Kong and Macau have no prefecture-level divisions in the
 * mainland scheme and are listed without any.
 *
 * Row order is the order of the official division codes (11 北京 … 82 澳门);
 * within a row, the order of the codes too. Keep the order stable: it decides
 * ties in suggestions and the order of `PROVINCES`.
 *
 * Short forms of the divisions are derived from the full names in regions.ts.
 */
export type ProvinceRow = readonly [name: string, short: string, divisions: string];

export const PROVINCE_ROWS: readonly ProvinceRow[] = [
  ['北京市', '北京', '东城区 西城区 朝阳区 丰台区 石景山区 海淀区 门头沟区 房山区 通州区 顺义区 昌平区 大兴区 怀柔区 平谷区 密云区 延庆区'],
  ['天津市', '天津', '和平区 河东区 河西区 南开区 河北区 红桥区 东丽区 西青区 津南区 北辰区 武清区 宝坻区 滨海新区 宁河区 静海区 蓟州区'],
  ['河北省', '河北', '石家庄市 唐山市 秦皇岛市 邯郸市 邢台市 保定市 张家口市 承德市 沧州市 廊坊市 衡水市'],
  ['山西省', '山西', '太原市 大同市 阳泉市 长治市 晋城市 朔州市 晋中市 运城市 忻州市 临汾市 吕梁市'],
  ['内蒙古自治区', '内蒙古', '呼和浩特市 包头市 乌海市 赤峰市 通辽市 鄂尔多斯市 呼伦贝尔市 巴彦淖尔市 乌兰察布市 兴安盟 锡林郭勒盟 阿拉善盟'],
  ['辽宁省', '辽宁', '沈阳市 大连市 鞍山市 抚顺市 本溪市 丹东市 锦州市 营口市 阜新市 辽阳市 盘锦市 铁岭市 朝阳市 葫芦岛市'],
  ['吉林省', '吉林', '长春市 吉林市 四平市 辽源市 通化市 白山市 松原市 白城市 延边朝鲜族自治州'],
  ['黑龙江省', '黑龙江', '哈尔滨市 齐齐哈尔市 鸡西市 鹤岗市 双鸭山市 大庆市 伊春市 佳木斯市 七台河市 牡丹江市 黑河市 绥化市 大兴安岭地区'],
  ['上海市', '上海', '黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 金山区 松江区 青浦区 奉贤区 崇明区'],
  ['江苏省', '江苏', '南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市'],
  ['浙江省', '浙江', '杭州市 宁波市 温州市 嘉兴市 湖州市 绍兴市 金华市 衢州市 舟山市 台州市 丽水市'],
  ['安徽省', '安徽', '合肥市 芜湖市 蚌埠市 淮南市 马鞍山市 淮北市 铜陵市 安庆市 黄山市 滁州市 阜阳市 宿州市 六安市 亳州市 池州市 宣城市'],
  ['福建省', '福建', '福州市 厦门市 莆田市 三明市 泉州市 漳州市 南平市 龙岩市 宁德市'],
  ['江西省', '江西', '南昌市 景德镇市 萍乡市 九江市 新余市 鹰潭市 赣州市 吉安市 宜春市 抚州市 上饶市'],
  ['山东省', '山东', '济南市 青岛市 淄博市 枣庄市 东营市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市'],
  ['河南省', '河南', '郑州市 开封市 洛阳市 平顶山市 安阳市 鹤壁市 新乡市 焦作市 濮阳市 许昌市 漯河市 三门峡市 南阳市 商丘市 信阳市 周口市 驻马店市'],
  ['湖北省', '湖北', '武汉市 黄石市 十堰市 宜昌市 襄阳市 鄂州市 荆门市 孝感市 荆州市 黄冈市 咸宁市 随州市 恩施土家族苗族自治州'],
  ['湖南省', '湖南', '长沙市 株洲市 湘潭市 衡阳市 邵阳市 岳阳市 常德市 张家界市 益阳市 郴州市 永州市 怀化市 娄底市 湘西土家族苗族自治州'],
  ['广东省', '广东', '广州市 韶关市 深圳市 珠海市 汕头市 佛山市 江门市 湛江市 茂名市 肇庆市 惠州市 梅州市 汕尾市 河源市 阳江市 清远市 东莞市 中山市 潮州市 揭阳市 云浮市'],
  ['广西壮族自治区', '广西', '南宁市 柳州市 桂林市 梧州市 北海市 防城港市 钦州市 贵港市 玉林市 百色市 贺州市 河池市 来宾市 崇左市'],
  ['海南省', '海南', '海口市 三亚市 三沙市 儋州市'],
  ['重庆市', '重庆', '万州区 涪陵区 渝中区 大渡口区 江北区 沙坪坝区 九龙坡区 南岸区 北碚区 綦江区 大足区 渝北区 巴南区 黔江区 长寿区 江津区 合川区 永川区 南川区 璧山区 铜梁区 潼南区 荣昌区 开州区 梁平区 武隆区'],
  ['四川省', '四川', '成都市 自贡市 攀枝花市 泸州市 德阳市 绵阳市 广元市 遂宁市 内江市 乐山市 南充市 眉山市 宜宾市 广安市 达州市 雅安市 巴中市 资阳市 阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州'],
  ['贵州省', '贵州', '贵阳市 六盘水市 遵义市 安顺市 毕节市 铜仁市 黔西南布依族苗族自治州 黔东南苗族侗族自治州 黔南布依族苗族自治州'],
  ['云南省', '云南', '昆明市 曲靖市 玉溪市 保山市 昭通市 丽江市 普洱市 临沧市 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州 怒江傈僳族自治州 迪庆藏族自治州'],
  ['西藏自治区', '西藏', '拉萨市 日喀则市 昌都市 林芝市 山南市 那曲市 阿里地区'],
  ['陕西省', '陕西', '西安市 铜川市 宝鸡市 咸阳市 渭南市 延安市 汉中市 榆林市 安康市 商洛市'],
  ['甘肃省', '甘肃', '兰州市 嘉峪关市 金昌市 白银市 天水市 武威市 张掖市 平凉市 酒泉市 庆阳市 定西市 陇南市 临夏回族自治州 甘南藏族自治州'],
  ['青海省', '青海', '西宁市 海东市 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州 海西蒙古族藏族自治州'],
  ['宁夏回族自治区', '宁夏', '银川市 石嘴山市 吴忠市 固原市 中卫市'],
  ['新疆维吾尔自治区', '新疆', '乌鲁木齐市 克拉玛依市 吐鲁番市 哈密市 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 阿克苏地区 克孜勒苏柯尔克孜自治州 喀什地区 和田地区 伊犁哈萨克自治州 塔城地区 阿勒泰地区'],
  ['台湾省', '台湾', ''],
  ['香港特别行政区', '香港', ''],
  ['澳门特别行政区', '澳门', ''],
];

/**
 * Ethnic names that appear between the place name and the administrative
 * suffix of autonomous prefectures (and autonomous regions), e.g.
 * 延边|朝鲜族|自治州, 海西|蒙古族|藏族|自治州, 博尔塔拉|蒙古|自治州.
 * Stripped repeatedly from the end, longest first.
 */
export const ETHNIC_NAMES: readonly string[] = [
  '朝鲜族', '土家族', '苗族', '藏族', '羌族', '彝族', '布依族', '侗族', '哈尼族', '壮族', '傣族',
  '白族', '景颇族', '傈僳族', '回族', '蒙古族', '蒙古', '柯尔克孜', '哈萨克', '维吾尔',
];

/**
 * Short forms that are ordinary words (or mostly name something else) in
 * running text, and therefore are NOT matched by `findRegionsInText`. The
 * full names (朝阳市, 安康市, …) are still matched, and `resolveRegion`
 * still accepts the short forms as explicit input.
 */
export const TEXT_SHORT_FORM_STOPLIST: readonly string[] = [
  '朝阳', // 旭日朝阳; also 北京市朝阳区
  '安康', // 平安安康
  '长治', // 长治久安
  '阿里', // 阿里巴巴
  '海西', // 海峡西岸经济区
  '白银', // silver
  '德州', // Texas
  '四平', // 四平八稳
  '来宾', // guests
  '白山', // 白山黑水
  '新乡', // 新乡贤, 新乡村
  '大同', // 世界大同, 大同小异
  '开封', // 未开封
  '中山', // 中山大学, 中山路
];

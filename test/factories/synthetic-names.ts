// Long-tailed name draws for the synthetic dedup generator (`generateSynthetic({ names: 'long-tail' })`).
//
// Why: the generator's fixed lists (35 Chinese surnames × 36 given names, 38 Western family × 33 given
// names, with the first few over-drawn) give each person hundreds of exact namesakes at a million
// records, 30–100× more than real populations (see docs/research/dedup-at-scale.md, seventh round).
// Real name frequencies are long-tailed:
// - Chinese: 李 / 王 / 张 are about 7.4 / 7.2 / 6.8 % of people and the 129 surnames over 0.1 % cover
//   about 87 %; given names are composed from thousands of characters, one character for ~14 % of
//   people (two-character full names) and two for the rest; the most common full name, 张伟, is about
//   290,000 of 1.3 billion people (1 in ~4,500).
// - US: Smith is 0.8 % of people (2.44 M in 2010), 62 % of the 6.3 M surnames occur once; the most
//   common full name (James Smith, ~38,000) is about 1 in 8,000 people.
// These tables imitate that shape with a few hundred real names and composed tails; the shares are
// approximate, the shape (a few common names, most people with rare ones) is what matters.
import type { Rng } from '../../src/domain/random';

/** A cumulative-weight table for O(log n) weighted draws over long lists. */
class Weighted<T> {
  private readonly cum: Float64Array;
  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cum = new Float64Array(items.length);
    let s = 0;
    weights.forEach((w, i) => {
      s += w;
      this.cum[i] = s;
    });
  }
  draw(rng: Rng): T {
    const x = rng.next() * (this.cum[this.cum.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cum[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
  /** Probability of item i (for tests and the name-density report). */
  share(i: number): number {
    const total = this.cum[this.cum.length - 1] ?? 1;
    return ((this.cum[i] ?? 0) - (i > 0 ? (this.cum[i - 1] ?? 0) : 0)) / total;
  }
}

/** Zipf-like weights 1/rank^s: s = 0 is uniform, s = 1 is the classic Zipf law. */
const zipf = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);

// Chinese surnames, most common first: [simplified, pinyin, traditional, approximate % of people].
// Shares follow published rankings (公安部 name statistics; 李/王/张 ≈ 7 % each); polyphonic
// surnames (曾, 单, 解 …) are left out so that typed pinyin and the engine's reading always agree.
const CN_SURNAME_TABLE =
  '王wang王7.1 李li李7.0 张zhang張6.7 刘liu劉5.1 陈chen陳4.6 杨yang楊3.2 赵zhao趙2.5 黄huang黃2.4 ' +
  '周zhou周2.2 吴wu吳2.0 徐xu徐1.7 孙sun孫1.5 胡hu胡1.3 朱zhu朱1.3 高gao高1.2 林lin林1.2 何he何1.2 ' +
  '郭guo郭1.1 马ma馬1.0 罗luo羅0.9 梁liang梁0.8 宋song宋0.8 郑zheng鄭0.8 谢xie謝0.7 韩han韓0.7 ' +
  '唐tang唐0.6 冯feng馮0.6 于yu于0.6 董dong董0.6 萧xiao蕭0.6 程cheng程0.6 曹cao曹0.6 袁yuan袁0.5 ' +
  '邓deng鄧0.5 许xu許0.5 傅fu傅0.5 沈shen沈0.5 彭peng彭0.5 吕lv呂0.5 苏su蘇0.5 卢lu盧0.4 蒋jiang蔣0.4 ' +
  '蔡cai蔡0.4 贾jia賈0.4 丁ding丁0.4 魏wei魏0.4 薛xue薛0.4 叶ye葉0.4 阎yan閻0.4 余yu余0.4 潘pan潘0.4 ' +
  '杜du杜0.3 戴dai戴0.3 夏xia夏0.3 钟zhong鍾0.3 汪wang汪0.3 田tian田0.3 任ren任0.3 姜jiang姜0.3 ' +
  '范fan范0.3 方fang方0.3 石shi石0.3 姚yao姚0.3 谭tan譚0.3 廖liao廖0.3 邹zou鄒0.3 熊xiong熊0.3 ' +
  '金jin金0.3 陆lu陸0.3 郝hao郝0.2 孔kong孔0.2 白bai白0.2 崔cui崔0.2 康kang康0.2 毛mao毛0.2 邱qiu邱0.2 ' +
  '秦qin秦0.2 江jiang江0.2 史shi史0.2 顾gu顧0.2 侯hou侯0.2 邵shao邵0.2 孟meng孟0.2 龙long龍0.2 ' +
  '万wan萬0.2 段duan段0.2 雷lei雷0.2 钱qian錢0.2 汤tang湯0.2 尹yin尹0.2 黎li黎0.2 易yi易0.2 常chang常0.2 ' +
  '武wu武0.2 乔qiao喬0.2 贺he賀0.2 赖lai赖0.2 龚gong龔0.2 文wen文0.1 庞pang龐0.1 樊fan樊0.1 兰lan蘭0.1 ' +
  '殷yin殷0.1 施shi施0.1 陶tao陶0.1 洪hong洪0.1 翟zhai翟0.1 安an安0.1 颜yan颜0.1 倪ni倪0.1 严yan嚴0.1 ' +
  '牛niu牛0.1 温wen溫0.1 芦lu芦0.1 季ji季0.1 俞yu俞0.1 章zhang章0.1 鲁lu鲁0.1 葛ge葛0.1 伍wu伍0.1 ' +
  '韦wei韋0.1 申shen申0.1 尤you尤0.1 毕bi毕0.1 聂nie聶0.1 焦jiao焦0.1 向xiang向0.1 柳liu柳0.1 邢xing邢0.1 ' +
  '骆luo駱0.1 岳yue嶽0.1 齐qi齊0.1 梅mei梅0.1 莫mo莫0.1 庄zhuang庄0.1 辛xin辛0.1 管guan管0.1 祝zhu祝0.1 ' +
  '左zuo左0.1 涂tu涂0.1 谷gu谷0.1 祁qi祁0.1 时shi时0.1 舒shu舒0.1 耿geng耿0.1 欧阳ouyang歐陽0.05 ' +
  '司马sima司馬0.02 诸葛zhuge诸葛0.01';

/** [simplified, pinyin, traditional, share] parsed from a compact table ("王wang王7.1 …"). */
function parseHan(table: string): [string, string, string, number][] {
  return table
    .trim()
    .split(/\s+/)
    .map((cell) => {
      const m = /^(\p{Script=Han}+)([a-z]+)(\p{Script=Han}+)([\d.]+)?$/u.exec(cell);
      if (!m) throw new Error(`bad name cell ${cell}`);
      return [m[1] ?? '', m[2] ?? '', m[3] ?? '', Number(m[4] ?? '1')];
    });
}

const CN_SURNAMES = parseHan(CN_SURNAME_TABLE);
/** The ~14 % of people outside the listed surnames: a composed tail of rarer single-character surnames. */
const CN_RARE_SURNAME_TABLE =
  '柏bai柏 水shui水 窦dou窦 章zhang章 云yun雲 苗miao苗 凤feng鳳 花hua花 俞yu俞 任ren任 袁yuan袁 柳liu柳 ' +
  '鲍bao鲍 史shi史 唐tang唐 费fei費 廉lian廉 岑cen岑 薛xue薛 雷lei雷 贺he賀 倪ni倪 滕teng滕 殷yin殷 ' +
  '罗luo羅 毕bi毕 郝hao郝 邬wu鄔 安an安 常chang常 乐le乐 于yu于 时shi时 傅fu傅 皮pi皮 卞bian卞 齐qi齊 ' +
  '康kang康 伍wu伍 余yu余 元yuan元 卜bu卜 顾gu顧 孟meng孟 平ping平 黄huang黃 和he和 穆mu穆 萧xiao蕭 ' +
  '尹yin尹 姚yao姚 邵shao邵 湛zhan湛 汪wang汪 祁qi祁 毛mao毛 禹yu禹 狄di狄 米mi米 贝bei貝 明ming明 ' +
  '臧zang臧 计ji计 伏fu伏 成cheng成 戴dai戴 谈tan谈 宋song宋 茅mao茅 庞pang龐 熊xiong熊 纪ji紀 舒shu舒 ' +
  '屈qu屈 项xiang项 祝zhu祝 董dong董 梁liang梁 杜du杜 阮ruan阮 蓝lan蓝 闵min闵 席xi席 季ji季 麻ma麻 ' +
  '强qiang強 贾jia賈 路lu路 娄lou娄 危wei危 江jiang江 童tong童 颜yan颜 郭guo郭 梅mei梅 盛sheng盛 林lin林 ' +
  '刁diao刁 钟zhong鍾 徐xu徐 邱qiu邱 骆luo駱 高gao高 夏xia夏 蔡cai蔡 田tian田 樊fan樊 胡hu胡 凌ling凌 ' +
  '霍huo霍 虞yu虞 万wan萬 支zhi支 柯ke柯 昝zan昝 管guan管 卢lu盧 莫mo莫 经jing经 房fang房 裘qiu裘 ' +
  '缪miao缪 干gan干 应ying應 宗zong宗 丁ding丁 宣xuan宣 贲ben贲 邓deng鄧 郁yu郁 杭hang杭 洪hong洪 ' +
  '包bao包 诸zhu诸 左zuo左 石shi石 崔cui崔 吉ji吉 钮niu钮 龚gong龔 程cheng程 嵇ji嵇 邢xing邢 滑hua滑 ' +
  '裴pei裴 陆lu陸 荣rong榮 翁weng翁 荀xun荀 羊yang羊 惠hui惠 甄zhen甄 麴qu麴 家jia家 封feng封 ' +
  '芮rui芮 羿yi羿 储chu储 靳jin靳 汲ji汲 邴bing邴 糜mi糜 松song松 井jing井 段duan段 富fu富 巫wu巫 ' +
  '乌wu乌 焦jiao焦 巴ba巴 弓gong弓 牧mu牧 隗wei隗 山shan山 谷gu谷 车che车 侯hou侯 宓mi宓 蓬peng蓬 ' +
  '全quan全 郗xi郗 班ban班 仰yang仰 秋qiu秋 仲zhong仲 伊yi伊 宫gong宫 宁ning寧 仇qiu仇 栾luan栾 暴bao暴 ' +
  '甘gan甘 厉li厉 戎rong戎 祖zu祖 武wu武 符fu符 刘liu劉 景jing景 詹zhan詹 束shu束 龙long龍 叶ye葉 ' +
  '幸xing幸 司si司 韶shao韶 郜gao郜 黎li黎 蓟ji蓟 薄bo薄 印yin印 宿su宿 白bai白 怀huai懷 蒲pu蒲 ' +
  '邰tai邰 从cong从 鄂e鄂 索suo索 咸xian咸 籍ji籍 赖lai赖 卓zhuo卓 蔺lin蔺 屠tu屠 蒙meng蒙 池chi池 ' +
  '乔qiao喬 阴yin阴 胥xu胥 苍cang苍 双shuang雙 闻wen闻 莘shen莘 党dang黨 翟zhai翟 谭tan譚 ' +
  '贡gong贡 劳lao劳 逄pang逄 姬ji姬 扶fu扶 堵du堵 冉ran冉 宰zai宰 郦li郦 雍yong雍 却que却 璩qu璩 ' +
  '桑sang桑 桂gui桂 濮pu濮 牛niu牛 寿shou寿 通tong通 边bian边 扈hu扈 燕yan燕 冀ji冀 郏jia郏 浦pu浦';
// Parsed without shares: the rare surnames are drawn uniformly. Entries that repeat a listed surname
// only shift a little weight onto it; the ones that collide in pinyin (乐 le) are rare enough.
const CN_RARE_SURNAMES = parseHan(CN_RARE_SURNAME_TABLE.replace(/乐le乐 /u, ''));
const CN_SURNAME_DRAW = new Weighted(
  [...CN_SURNAMES, ...CN_RARE_SURNAMES],
  [...CN_SURNAMES.map((s) => s[3]), ...CN_RARE_SURNAMES.map(() => 14 / CN_RARE_SURNAMES.length)],
);

// Given-name characters, most common first: [simplified, pinyin, traditional]. A given name is one
// character (~15 % of people) or two; both drawn with a flat Zipf law over this list. Traditional
// forms only where the engine's traditional → simplified table knows them (else the same form).
const CN_GIVEN_CHARS = parseHan(
  '伟wei偉 芳fang芳 娜na娜 敏min敏 静jing靜 丽li麗 强qiang強 磊lei磊 军jun軍 洋yang洋 勇yong勇 艳yan豔 ' +
    '杰jie傑 娟juan娟 涛tao濤 明ming明 超chao超 秀xiu秀 霞xia霞 平ping平 刚gang剛 英ying英 华hua華 ' +
    '建jian建 国guo國 志zhi志 海hai海 燕yan燕 玉yu玉 红hong紅 文wen文 辉hui輝 兰lan蘭 梅mei梅 林lin林 ' +
    '春chun春 金jin金 永yong永 佳jia佳 晓xiao曉 鹏peng鵬 飞fei飛 云yun雲 东dong東 宁ning寧 兴xing興 ' +
    '莹ying瑩 颖ying穎 洁jie潔 诚cheng誠 鸿hong鴻 贤xian賢 义yi義 书shu書 学xue學 聪cong聰 宝bao寶 ' +
    '仪yi儀 鸣ming鳴 莲lian蓮 荣rong榮 锋feng鋒 铭ming銘 锦jin錦 灵ling靈 玮wei瑋 维wei維 诗shi詩 ' +
    '语yu語 韵yun韻 进jin進 凯kai凱 顺shun順 庆qing慶 丰feng豐 剑jian劍 芸yun蕓 怡yi怡 子zi子 涵han涵 ' +
    '浩hao浩 然ran然 雨yu雨 桐tong桐 思si思 嘉jia嘉 俊jun俊 博bo博 欣xin欣 宇yu宇 航hang航 琪qi琪 ' +
    '天tian天 晨chen晨 玲ling玲 婷ting婷 雪xue雪 琳lin琳 瑞rui瑞 鑫xin鑫 斌bin斌 彬bin彬 昊hao昊 轩xuan轩 ' +
    '泽ze泽 峰feng峰 辰chen辰 恒heng恒 倩qian倩 婉wan婉 悦yue悦 睿rui睿 安an安 新xin新 德de德 福fu福 ' +
    '立li立 成cheng成 光guang光 梦meng梦 亮liang亮 凡fan凡 坤kun坤 楠nan楠 萍ping萍 薇wei薇 琴qin琴 ' +
    '蕾lei蕾 露lu露 瑶yao瑶 璐lu璐 翔xiang翔 毅yi毅 健jian健 彤tong彤 晶jing晶 娇jiao嬌 爱ai愛 胜sheng勝',
);
const CN_GIVEN_DRAW = new Weighted(CN_GIVEN_CHARS, zipf(CN_GIVEN_CHARS.length, 0.3));
/** Share of Chinese people with a one-character given name (two-character full names are ~14 % of Han people). */
const CN_SINGLE_GIVEN = 0.15;

export interface ChineseName {
  famHan: string;
  famPy: string;
  famTrad: string;
  givHan: string;
  givPy: string;
  givTrad: string;
}

/** A Chinese surname (family fields only). */
export function drawChineseSurname(rng: Rng): Pick<ChineseName, 'famHan' | 'famPy' | 'famTrad'> {
  const [famHan, famPy, famTrad] = CN_SURNAME_DRAW.draw(rng);
  return { famHan, famPy, famTrad };
}

/** A Chinese given name of one or two characters (given fields only). */
export function drawChineseGiven(rng: Rng): Pick<ChineseName, 'givHan' | 'givPy' | 'givTrad'> {
  const a = CN_GIVEN_DRAW.draw(rng);
  if (rng.chance(CN_SINGLE_GIVEN)) return { givHan: a[0], givPy: a[1], givTrad: a[2] };
  const b = CN_GIVEN_DRAW.draw(rng);
  return { givHan: a[0] + b[0], givPy: a[1] + b[1], givTrad: a[2] + b[2] };
}

// Western given names, roughly most common first: [formal, nickname the engine knows or ''].
const WEST_GIVEN: readonly (readonly [string, string])[] = (
  'James:Jim Michael:Mike Robert:Bob John:Jack David:Dave William:Bill Maria: Mary:Molly Richard:Rick ' +
  'Joseph:Joe Thomas:Tom Jennifer:Jenny Christopher:Chris Charles:Charlie Daniel:Dan Elizabeth:Liz ' +
  'Linda: Patricia:Tricia Matthew:Matt Anthony:Tony Mark: Sarah:Sally Susan:Sue Paul: Andrew:Andy ' +
  'Jessica:Jess Karen: Steven:Steve Laura: Anna: Emma: Olivia:Liv Sophie: Peter:Pete Stefan: ' +
  'Andreas: Klaus: Jürgen: Sabine: Petra: Monika: Ursula: Wolfgang: Uwe: Frank: Katrin: Julia: Lukas: ' +
  'Felix: Jonas: Leon: Marie: Lena: Hannah: Mia: Sandra: Nicole: Claudia: George: Oliver: Harry: ' +
  'Charlotte: Amelia: Isla: Chloe: Grace: Lucy: Ruby: Megan: Emily:Emmy Benjamin:Ben Nathan: Ryan: ' +
  'Kevin: Brian: Gary: Jason: Eric: Scott: Helen: Donna: Carol: Ruth: Sharon: Michelle: Kimberly:Kim ' +
  'Amy: Angela: Rachel: Samuel:Sam Alexander:Alex Victoria:Vicky Katherine:Kate Rebecca:Becky ' +
  'Margaret:Peggy Edward:Ted Timothy:Tim Nicholas:Nick Gregory:Greg Kenneth:Ken Raymond:Ray ' +
  'Henry:Hank Walter:Walt Philip:Phil Joshua:Josh Jacob:Jake Maximilian:Max Isabella:Bella ' +
  'Amanda:Mandy Judith:Judy Eleanor:Ellie Deborah:Debbie Barbara:Barb Pamela:Pam Jacqueline:Jackie ' +
  'Tobias: Florian: Sebastian: Johannes: Matthias: Christian: Markus: Martin: Simon: Jan: Tim: Nina: ' +
  'Sara: Lisa: Kathrin: Stephanie: Melanie: Daniela: Anja: Birgit: Heike: Silke: Jörg: Dirk: Holger: ' +
  'Rainer: Bernd: Dieter: Günter: Horst: Manfred: Hans: Karl: Heinz: Werner: Gerhard: Helmut: Lars: ' +
  'Nils: Sven: Erik: Ingrid: Astrid: Karin: Birgitta: Pierre: Jean: Luc: Claire: Camille: Chiara: ' +
  'Giulia: Marco: Luca: Giovanni: Alessandro: Francesca: Sofia: Carlos: Javier: Lucia: Elena: Pablo: ' +
  'Diego: Jack: Noah: Liam: Ethan: Mason: Logan: Lachlan: Cooper: Harrison: Zoe: Ella: Ava: Ivy: ' +
  'Matilda: Poppy: Freya: Evie: Imogen: Jasmine: Holly: Aaron: Adam: Dylan: Tyler: Jordan: Connor: ' +
  'Callum: Declan: Fiona: Siobhan: Aoife: Niamh: Ciara: Sean: Patrick:Pat Brendan: Kieran: Owen: Rhys'
)
  .split(' ')
  .map((cell) => {
    const [formal = '', nick = ''] = cell.split(':');
    return [formal, nick] as const;
  });
const WEST_GIVEN_DRAW = new Weighted(WEST_GIVEN, zipf(WEST_GIVEN.length, 0.35));
/** Share of Western people with a compound given name: two of the list joined by a hyphen, as in Anna-Lena. */
const WEST_COMPOUND_GIVEN = 0.06;

// Western family names: a head of real common surnames (US, UK, German, French, Italian, Spanish,
// Nordic, Polish, Irish, Australian lists), most common first, and a composed tail, as most people
// carry a name that few others have (62 % of the US census's 6.3 M surnames occur once).
const WEST_FAMILY_HEAD: readonly string[] = (
  'Smith Johnson Williams Brown Jones Müller Garcia Miller Davis Schmidt Rodriguez Wilson Martinez ' +
  'Anderson Taylor Thomas Schneider Moore Martin Fischer Jackson Thompson White Weber Harris Meyer ' +
  'Clark Lewis Wagner Robinson Walker Becker Young Allen Schulz King Wright Hoffmann Scott Green ' +
  'Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Rossi Russo Ferrari ' +
  'Dubois Moreau Laurent Lefebvre Novak Kowalski Nowak Jensen Nielsen Hansen Andersson Johansson ' +
  "O'Brien Murphy Kelly Walsh McDonald Fitzgerald Henderson Richardson Clarke Cooper Ward Morris"
).split(' ');
const WEST_FAMILY_TAIL: readonly string[] = [
  ...cross(
    'Ash Black Brook Cald Craw Fair Hart Hol Kings Lang Mar Mid Nor Pen Red Rad Shel Stan Ston Thorn Wal Wes Whit Wood Brad Chad Dun Far Gold Hay Lin Rox Sand Stock Sut Wen Ald Bar Brom Cart',
    'ford ley worth wood ton field well more by ham brook dale wick stone bridge combe hurst ridge mere thorpe',
  ),
  ...cross(
    'Berg Stein Rosen Lind Hof Wald Eich Fel Kirch Lang Schön Brand Sonnen Hirsch Kalt Weiß Roth Schwarz Grün Neu Hart Stern Wolf Adler',
    'mann er berg bach feld hof stein hauer meier wald thal ner inger haus',
  ),
  ...cross('Ander Johan Lars Nils Pet Sven Jen Han Jak Mik Ol Karl Erik Gustav', 'sen son ssen'),
  ...cross('Ross Bian Col Ferr Gall Mart Mor Ricc Rom Lor Cont Bell Espos Greco', 'i ini etti elli ano one'),
];
function cross(heads: string, tails: string): string[] {
  const out: string[] = [];
  for (const h of heads.split(' ')) for (const t of tails.split(' ')) out.push(h + t);
  return out;
}
/** Share of Western people with a head surname (the rest draw uniformly from the composed tail). */
const WEST_HEAD_SHARE = 0.2;
const WEST_FAMILY_DRAW = new Weighted(
  [...WEST_FAMILY_HEAD, ...WEST_FAMILY_TAIL],
  [
    ...zipf(WEST_FAMILY_HEAD.length, 0.5).map(
      (w, _, all) => (w / all.reduce((s, x) => s + x, 0)) * WEST_HEAD_SHARE * 100,
    ),
    ...WEST_FAMILY_TAIL.map(() => ((1 - WEST_HEAD_SHARE) * 100) / WEST_FAMILY_TAIL.length),
  ],
);

/** A Western given name and its nickname ('' when none; compound names have none). */
export function drawWesternGiven(rng: Rng): readonly [string, string] {
  const g = WEST_GIVEN_DRAW.draw(rng);
  if (!rng.chance(WEST_COMPOUND_GIVEN)) return g;
  const second = WEST_GIVEN_DRAW.draw(rng);
  return second[0] === g[0] ? g : [`${g[0]}-${second[0]}`, ''];
}

/** A Western family name. */
export function drawWesternFamily(rng: Rng): string {
  return WEST_FAMILY_DRAW.draw(rng);
}

/** Sizes of the tables (for the name-density report and tests). */
export const NAME_TABLE_SIZES = {
  chineseSurnames: CN_SURNAMES.length + CN_RARE_SURNAMES.length,
  chineseGivenChars: CN_GIVEN_CHARS.length,
  westernGiven: WEST_GIVEN.length,
  westernFamily: WEST_FAMILY_HEAD.length + WEST_FAMILY_TAIL.length,
};

/** Every Chinese surname and given-name character of the tables: [simplified, pinyin, traditional]. */
export function chineseNameTables(): {
  surnames: readonly (readonly [string, string, string])[];
  givenChars: readonly (readonly [string, string, string])[];
} {
  return {
    surnames: [...CN_SURNAMES, ...CN_RARE_SURNAMES].map(([s, p, t]) => [s, p, t] as const),
    givenChars: CN_GIVEN_CHARS.map(([s, p, t]) => [s, p, t] as const),
  };
}

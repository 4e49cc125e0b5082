// The demo generator's tables (products, Chinese and Western names, places, companies, order and
// activity mixes): data, not logic, kept apart so demo.ts reads as the generator it is. One module
// over 500 lines because it is one set of tables read together; splitting it by country would only
// scatter the weights that have to add up.
import type { InteractionType, OrderStatus, ProductFields } from './types';
import { Rng, WeightedTable } from './random';

export const DEMO_CURRENCY = 'EUR';

// ---------------------------------------------------------------------------------------------
// Products

type ProductRow = readonly [name: string, priceMinor: number];
const PRODUCT_CATALOG: ReadonlyArray<readonly [category: string, weight: number, rows: readonly ProductRow[]]> = [
  [
    'Coffee machines',
    4,
    [
      ['Barista Pro Espresso Machine', 89900],
      ['Compact Espresso Machine', 34900],
      ['Bean-to-Cup Automatic', 129900],
      ['Dual Boiler Espresso Machine', 189900],
      ['Filter Coffee Brewer 10-Cup', 12900],
      ['Commercial 2-Group Espresso Machine', 549000],
    ],
  ],
  [
    'Grinders',
    4,
    [
      ['Conical Burr Grinder', 24900],
      ['Flat Burr Grinder Pro', 69900],
      ['Hand Grinder', 8900],
    ],
  ],
  [
    'Beans',
    40,
    [
      ['House Blend Beans 1 kg', 2490],
      ['Espresso Roast 1 kg', 2690],
      ['Ethiopia Yirgacheffe 250 g', 1290],
      ['Colombia Huila 250 g', 1190],
      ['Yunnan Catimor 250 g', 1090],
      ['Decaf Swiss Water 500 g', 1590],
      ['Brazil Santos 1 kg', 2190],
      ['Guatemala Antigua 250 g', 1290],
      ['Kenya AA 250 g', 1490],
    ],
  ],
  [
    'Accessories',
    14,
    [
      ['Milk Frothing Jug 600 ml', 1990],
      ['Tamper 58 mm', 3490],
      ['Knock Box', 2490],
      ['Digital Coffee Scale', 3990],
      ['Glass Cups (6)', 2990],
      ['Ceramic Cups (6)', 3490],
      ['Travel Mug', 1990],
      ['Pour-over Dripper', 2290],
      ['Paper Filters (100)', 590],
      ['Gooseneck Kettle', 5990],
    ],
  ],
  [
    'Cleaning',
    16,
    [
      ['Descaler 1 L', 1490],
      ['Cleaning Tablets (100)', 1990],
      ['Group Head Brush', 990],
      ['Water Filter Cartridge', 1790],
      ['Milk System Cleaner', 1590],
    ],
  ],
  [
    'Service plans',
    6,
    [
      ['Service Plan Basic (1 year)', 14900],
      ['Service Plan Premium (1 year)', 29900],
      ['Installation & Setup', 9900],
      ['Barista Training (half day)', 24900],
      ['Extended Warranty (2 years)', 19900],
    ],
  ],
  [
    'Syrups & tea',
    10,
    [
      ['Vanilla Syrup 1 L', 1290],
      ['Caramel Syrup 1 L', 1290],
      ['Matcha Powder 100 g', 1890],
      ['Chai Concentrate 1 L', 1490],
    ],
  ],
];

/** The demo product catalogue (42 products, prices in EUR). */
export const DEMO_PRODUCTS: ProductFields[] = PRODUCT_CATALOG.flatMap(([category, , rows], c) =>
  rows.map(([name, priceMinor], i) => ({
    sku: `FB-${1001 + c * 100 + i}`,
    name,
    category,
    priceMinor,
    currency: DEMO_CURRENCY,
    active: true,
  })),
);

/** Per-product pick weight: the category weight spread over its products. */
export const PRODUCT_TABLE = new WeightedTable<number>(
  DEMO_PRODUCTS.map((p, i) => {
    const cat = PRODUCT_CATALOG.find((c) => c[0] === p.category);
    return [i, cat ? cat[1] / cat[2].length : 1] as const;
  }),
);
export const BULK_CATEGORIES = new Set(['Beans', 'Cleaning', 'Syrups & tea', 'Accessories']);

// ---------------------------------------------------------------------------------------------
// Small helpers

const words = (s: string): string[] => s.split('|');
/** 'a:b|c:d' → [['a','b'], ['c','d']] */
const pairs = (s: string): Array<readonly [string, string]> =>
  words(s).map((w) => {
    const [a = '', b = ''] = w.split(':');
    return [a, b] as const;
  });

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const FOLD_SPECIAL: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l' };
const foldCache = new Map<string, string>();
/** ASCII lower-case letters only, for email local parts and domains ('Müller' → 'mueller', "O'Brien" → 'obrien'). */
export function ascii(s: string): string {
  let out = foldCache.get(s);
  if (out === undefined) {
    out = s
      .toLowerCase()
      .replace(/[äöüßøæœł]/g, (ch) => FOLD_SPECIAL[ch] ?? '')
      .normalize('NFD')
      .replace(/[^a-z0-9]/g, '');
    foldCache.set(s, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Chinese customers

// [hanzi, pinyin, weight]
export const CN_SURNAMES = new WeightedTable<readonly [string, string]>(
  (
    '王:wang:9|李:li:9|张:zhang:8|刘:liu:7|陈:chen:6|杨:yang:4|黄:huang:3|赵:zhao:3|吴:wu:3|周:zhou:3|徐:xu:2|孙:sun:2|' +
    '马:ma:2|朱:zhu:2|胡:hu:2|郭:guo:2|何:he:2|高:gao:2|林:lin:2|罗:luo:2|郑:zheng:2|梁:liang:2|谢:xie:1|宋:song:1|' +
    '唐:tang:1|许:xu:1|韩:han:1|冯:feng:1|邓:deng:1|曹:cao:1|彭:peng:1|曾:zeng:1|肖:xiao:1|田:tian:1|董:dong:1|袁:yuan:1|' +
    '潘:pan:1|蒋:jiang:1|蔡:cai:1|叶:ye:1|程:cheng:1|苏:su:1|魏:wei:1|吕:lv:1|丁:ding:1|沈:shen:1|' +
    '欧阳:ouyang:0.3|司马:sima:0.15|上官:shangguan:0.15|诸葛:zhuge:0.1'
  )
    .split('|')
    .map((w) => {
      const [h = '', p = '', wt = '1'] = w.split(':');
      return [[h, p] as const, Number(wt)] as const;
    }),
);
export const CN_GIVEN = pairs(
  '伟:wei|芳:fang|娜:na|敏:min|静:jing|丽:li|强:qiang|磊:lei|军:jun|洋:yang|勇:yong|艳:yan|杰:jie|娟:juan|涛:tao|' +
    '明:ming|超:chao|霞:xia|平:ping|刚:gang|华:hua|建:jian|国:guo|志:zhi|文:wen|红:hong|玉:yu|英:ying|梅:mei|鹏:peng|' +
    '辉:hui|婷:ting|雪:xue|琳:lin|晨:chen|浩:hao|宇:yu|欣:xin|怡:yi|子:zi|轩:xuan|涵:han|思:si|雨:yu|佳:jia|博:bo|' +
    '嘉:jia|俊:jun|晓:xiao|海:hai|秀:xiu|兰:lan|云:yun|飞:fei|凯:kai|慧:hui|颖:ying|阳:yang|萱:xuan|睿:rui',
);

interface CnPlace {
  region: string;
  city: string;
  post: string;
  districts: string[];
  roads: string[];
}
const CN_PLACES: CnPlace[] = [
  ['北京市', '北京市', '100', '朝阳区|海淀区|东城区|西城区|丰台区', '建国路|中关村大街|长安街|三里屯路|望京街|学院路'],
  [
    '上海市',
    '上海市',
    '200',
    '浦东新区|徐汇区|静安区|黄浦区|长宁区',
    '南京西路|淮海中路|世纪大道|陆家嘴环路|虹桥路|漕溪北路',
  ],
  ['广东省', '广州市', '510', '天河区|越秀区|海珠区', '天河路|环市东路|中山大道|江南大道'],
  ['广东省', '深圳市', '518', '南山区|福田区|罗湖区', '深南大道|科技园路|华强北路|滨海大道'],
  ['浙江省', '杭州市', '310', '西湖区|上城区|滨江区', '文三路|延安路|江南大道|西溪路'],
  ['江苏省', '南京市', '210', '鼓楼区|玄武区|秦淮区', '中山路|汉中路|北京东路'],
  ['四川省', '成都市', '610', '锦江区|武侯区|高新区', '春熙路|人民南路|天府大道'],
  ['湖北省', '武汉市', '430', '武昌区|江汉区|洪山区', '解放大道|中南路|珞喻路'],
  ['云南省', '昆明市', '650', '五华区|盘龙区', '北京路|人民中路|东风西路'],
  ['陕西省', '西安市', '710', '雁塔区|碑林区', '长安南路|南大街|小寨东路'],
  ['天津市', '天津市', '300', '和平区|河西区', '南京路|友谊路'],
  ['福建省', '厦门市', '361', '思明区|湖里区', '中山路|湖滨南路|嘉禾路'],
].map(([region = '', city = '', post = '', d = '', r = '']) => ({
  region,
  city,
  post,
  districts: words(d),
  roads: words(r),
}));
export const CN_PLACE_TABLE = new WeightedTable<CnPlace>(CN_PLACES.map((p, i) => [p, i < 4 ? 3 : 1] as const));

export const CN_MOBILE_PREFIXES = words(
  '130|131|132|133|135|136|137|138|139|150|151|152|153|155|156|157|158|159|166|176|177|180|181|182|183|185|186|187|188|189|198|199',
);
export const CN_COMPANY_WORDS = pairs(
  '明远:mingyuan|华通:huatong|鑫达:xinda|恒信:hengxin|瑞丰:ruifeng|金桥:jinqiao|天成:tiancheng|宏图:hongtu|万家:wanjia|博雅:boya|新悦:xinyue|嘉禾:jiahe|永安:yongan|云顶:yunding|青禾:qinghe',
);
export const CN_INDUSTRIES = words('贸易|商贸|咖啡|餐饮管理|科技|文化传媒|酒店管理|食品');
export const CN_JOBS = words('总经理|采购经理|店长|行政主管|老板|运营总监');
export const CN_EMAIL_DOMAINS = new WeightedTable<string>([
  ['qq.com', 30],
  ['163.com', 25],
  ['126.com', 10],
  ['sina.com', 5],
  ['gmail.com', 8],
  ['outlook.com', 7],
  ['foxmail.com', 5],
]);
export const CN_NOTES = words(
  '喜欢浅烘焙豆子|每月初补货|展会上认识的，对商用咖啡机感兴趣|请在工作日上午送货|需要开增值税专用发票|老客户介绍|对价格比较敏感',
);

// ---------------------------------------------------------------------------------------------
// Western customers

interface WestPlace {
  city: string;
  region: string;
  /** Phone prefixes after the country code for landlines; each followed by `landDigits` digits. */
  land: string[];
  postcode: (rng: Rng) => string;
  lang: string;
  streets?: string[];
}

interface WestCountry {
  code: string;
  weight: number;
  given: string[];
  family: string[];
  places: WestPlace[];
  streets: string[];
  street: (rng: Rng, name: string) => string;
  mobile: (rng: Rng) => string;
  landDigits: number;
  providers: string[];
  companyStems: string[];
  companyKinds: string[];
  companySuffixes: string[];
  tld: string;
  jobs: string[];
}

const range = (lo: number, hi: number, width: number) => (rng: Rng) => pad(rng.int(lo, hi), width);
const UK_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const CA_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const letter = (rng: Rng, set: string) => set.charAt(rng.int(0, set.length - 1));
const ukPost = (outward: string[]) => (rng: Rng) =>
  `${rng.pick(outward)} ${rng.int(1, 9)}${letter(rng, UK_LETTERS)}${letter(rng, UK_LETTERS)}`;
const caPost = (fsa: string[]) => (rng: Rng) =>
  `${rng.pick(fsa)} ${rng.int(1, 9)}${letter(rng, CA_LETTERS)}${rng.int(0, 9)}`;
/** NANP: area code + exchange (2–9, not N11) + line. */
export const nanp = (rng: Rng, area: string) => {
  const a = rng.int(2, 9);
  let b = rng.int(0, 9);
  const c = rng.int(0, 9);
  if (b === 1 && c === 1) b = 2;
  return `+1${area}${a}${b}${c}${rng.digits(4)}`;
};

type PlaceRow = readonly [city: string, region: string, land: string, postcode: (rng: Rng) => string];
function places(lang: string, rows: readonly PlaceRow[]): WestPlace[] {
  return rows.map(([city, region, land, postcode]) => ({
    city,
    region,
    land: land ? words(land) : [],
    postcode,
    lang,
  }));
}

const ENGLISH_COMPANY_STEMS = words(
  'Acme|Northwind|Blue Harbor|Brightside|Summit|Evergreen|Riverside|Lighthouse|Redwood|Atlas|Silver Oak|Copper Kettle|Greenleaf|Morning Star|Old Town',
);

// One entry per country, all of the same shape: data, not repeated logic.
const WEST: WestCountry[] = [
  {
    code: 'US',
    weight: 17,
    given: words(
      'James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|José|María|Zoë|Chloe|Emily|Ethan|Olivia|Noah|Liam|Ava|Sofía|Daniel|Grace|Tyler',
    ),
    family: words(
      "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernández|Lopez|Wilson|Anderson|Taylor|Thomas|Moore|Jackson|Lee|Nguyen|O'Brien|O'Connor|Kim|Patel",
    ),
    places: places('en', [
      ['New York', 'NY', '212|646|718', range(10001, 10040, 5)],
      ['San Francisco', 'CA', '415', range(94102, 94134, 5)],
      ['Chicago', 'IL', '312|773', range(60601, 60661, 5)],
      ['Austin', 'TX', '512', range(78701, 78759, 5)],
      ['Seattle', 'WA', '206', range(98101, 98199, 5)],
      ['Boston', 'MA', '617', range(2108, 2137, 5)],
      ['Denver', 'CO', '303', range(80202, 80239, 5)],
      ['Miami', 'FL', '305', range(33125, 33199, 5)],
      ['Portland', 'OR', '503', range(97201, 97239, 5)],
      ['Atlanta', 'GA', '404', range(30303, 30363, 5)],
    ]),
    streets: words(
      'Main St|Oak St|Maple Ave|Cedar St|Pine St|Elm St|Washington Ave|Park Ave|Lake St|Hill Rd|Sunset Blvd|Highland Ave|Market St|Mission St|Broadway',
    ),
    street: (rng, name) =>
      `${rng.int(10, 9899)} ${name}${rng.chance(0.15) ? `, Apt ${rng.int(1, 40)}${letter(rng, 'ABCD')}` : ''}`,
    mobile: () => '', // NANP has no separate mobile ranges: landline-format numbers are used.
    landDigits: 0,
    providers: words('gmail.com|gmail.com|outlook.com|yahoo.com|icloud.com|hotmail.com|aol.com|comcast.net'),
    companyStems: ENGLISH_COMPANY_STEMS,
    companyKinds: words('Coffee|Coffee Roasters|Café|Hospitality|Catering|Office Solutions|Bakery|Deli'),
    companySuffixes: words('Inc.|LLC|Co.'),
    tld: 'com',
    jobs: words('Owner|Purchasing Manager|Office Manager|Head Barista|General Manager|Operations Manager|CEO'),
  },
  {
    code: 'GB',
    weight: 11,
    given: words(
      'Oliver|George|Harry|Jack|Amelia|Isla|Olivia|Emily|Siobhán|Niamh|Seán|Charlotte|Thomas|William|Sophie|Zoë|Freya|Alfie',
    ),
    family: words(
      "Smith|Jones|Taylor|Brown|Williams|Wilson|Johnson|Davies|Robinson|Wright|Thompson|Evans|Walker|White|Roberts|Green|Hall|Wood|O'Brien|McDonald|Clarke|Hughes",
    ),
    places: places('en', [
      ['London', 'Greater London', '2079|2037', ukPost(words('SW1A|EC1V|N1|E2|SE1|W1D|NW1|WC2H'))],
      ['Manchester', 'Greater Manchester', '1614', ukPost(words('M1|M2|M4|M15'))],
      ['Birmingham', 'West Midlands', '1214', ukPost(words('B1|B2|B5|B15'))],
      ['Edinburgh', 'Scotland', '1314', ukPost(words('EH1|EH2|EH3|EH8'))],
      ['Bristol', 'Bristol', '1174', ukPost(words('BS1|BS2|BS6|BS8'))],
      ['Leeds', 'West Yorkshire', '1134', ukPost(words('LS1|LS2|LS6|LS11'))],
    ]),
    streets: words(
      'High Street|Station Road|Church Lane|Victoria Road|Green Lane|Park Road|King Street|Queen Street|Mill Lane|Albert Road',
    ),
    street: (rng, name) => `${rng.chance(0.15) ? `Flat ${rng.int(1, 20)}, ` : ''}${rng.int(1, 220)} ${name}`,
    mobile: (rng) => `+44${rng.pick(['74', '75', '78'])}${rng.digits(8)}`,
    landDigits: 6,
    providers: words('gmail.com|outlook.com|hotmail.co.uk|btinternet.com|yahoo.co.uk|icloud.com'),
    companyStems: ENGLISH_COMPANY_STEMS,
    companyKinds: words('Coffee|Coffee Roasters|Café|Hospitality|Catering|Tea Rooms|Bakery'),
    companySuffixes: words('Ltd|Ltd|PLC'),
    tld: 'co.uk',
    jobs: words('Owner|Purchasing Manager|Office Manager|Head Barista|Managing Director|Operations Manager'),
  },
  {
    code: 'DE',
    weight: 11,
    given: words(
      'Jürgen|Lukas|Leon|Jonas|Felix|Maximilian|Anna|Lena|Sophie|Marie|Hannah|Jörg|Günter|Sabine|Stefan|Katrin|Björn|Ursula|Matthias|Käthe',
    ),
    family: words(
      'Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Krüger|Weiß',
    ),
    places: places('de', [
      ['Berlin', 'Berlin', '30', range(10115, 14199, 5)],
      ['Hamburg', 'Hamburg', '40', range(20095, 22769, 5)],
      ['München', 'Bayern', '89', range(80331, 81929, 5)],
      ['Köln', 'Nordrhein-Westfalen', '221', range(50667, 51149, 5)],
      ['Frankfurt am Main', 'Hessen', '69', range(60306, 60599, 5)],
      ['Stuttgart', 'Baden-Württemberg', '711', range(70173, 70629, 5)],
      ['Düsseldorf', 'Nordrhein-Westfalen', '211', range(40210, 40629, 5)],
      ['Leipzig', 'Sachsen', '341', range(4103, 4357, 5)],
    ]),
    streets: words(
      'Hauptstraße|Bahnhofstraße|Schulstraße|Gartenstraße|Goethestraße|Schillerstraße|Lindenstraße|Kirchstraße|Mühlenweg|Am Markt|Friedrichstraße|Bergstraße',
    ),
    street: (rng, name) => `${name} ${rng.int(1, 140)}${rng.chance(0.1) ? letter(rng, 'abc') : ''}`,
    mobile: (rng) =>
      `+49${rng.pick(['151', '152', '157', '159', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179'])}${rng.digits(8)}`,
    landDigits: 7,
    providers: words('gmail.com|web.de|gmx.de|t-online.de|outlook.de|posteo.de'),
    companyStems: words('Acme|Rheinblick|Alpenrose|Hansa|Nordlicht|Lindenhof|Sonnenschein|Elbtal'),
    companyKinds: words('Kaffeerösterei|Gastronomie|Bäckerei|Büroservice|Café|Catering'),
    companySuffixes: words('GmbH|GmbH|AG|GmbH & Co. KG'),
    tld: 'de',
    jobs: words('Inhaber|Inhaberin|Einkaufsleiter|Geschäftsführerin|Geschäftsführer|Filialleitung'),
  },
  {
    code: 'FR',
    weight: 7,
    given: words(
      'Élodie|Hélène|Léa|Chloé|Camille|Zoé|Théo|Hugo|Louis|Gabriel|Jérôme|François|Amélie|Céline|Noël|Margaux|Antoine|Inès',
    ),
    family: words(
      'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Lefèvre|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Mercier',
    ),
    places: places('fr', [
      ['Paris', 'Île-de-France', '14|15|16|17|18', range(75001, 75020, 5)],
      ['Lyon', 'Auvergne-Rhône-Alpes', '', range(69001, 69009, 5)],
      ['Marseille', "Provence-Alpes-Côte d'Azur", '', range(13001, 13016, 5)],
      ['Toulouse', 'Occitanie', '', () => '31000'],
      ['Bordeaux', 'Nouvelle-Aquitaine', '', () => '33000'],
      ['Lille', 'Hauts-de-France', '', () => '59000'],
      ['Nantes', 'Pays de la Loire', '', () => '44000'],
    ]),
    streets: words(
      'rue de la République|rue Victor Hugo|avenue Jean Jaurès|boulevard Gambetta|rue du Général Leclerc|place de la Liberté|rue Pasteur|rue des Lilas|avenue de la Gare|rue Nationale',
    ),
    street: (rng, name) => `${rng.int(1, 120)}${rng.chance(0.08) ? ' bis' : ''} ${name}`,
    mobile: (rng) =>
      `+33${rng.pick(['60', '61', '62', '64', '65', '66', '67', '68', '73', '74', '75', '76', '77', '78'])}${rng.digits(7)}`,
    landDigits: 7,
    providers: words('gmail.com|orange.fr|free.fr|laposte.net|outlook.fr|sfr.fr'),
    companyStems: words('Belle Époque|Rive Gauche|Le Petit Matin|Les Tilleuls|Saint-Germain|Bonjour'),
    companyKinds: words('Café|Boulangerie|Traiteur|Brasserie|Torréfaction'),
    companySuffixes: words('SARL|SAS|SARL'),
    tld: 'fr',
    jobs: words('Gérant|Gérante|Responsable achats|Directrice|Chef barista'),
  },
  {
    code: 'AU',
    weight: 5,
    given: words('Jack|Oliver|William|Charlotte|Olivia|Mia|Chloe|Lachlan|Zoë|Matilda|Cooper|Ruby|Harper|Isla'),
    family: words(
      "Smith|Jones|Williams|Brown|Wilson|Taylor|Nguyen|Johnson|Martin|White|Anderson|Kelly|Ryan|Murphy|O'Neill|Tran",
    ),
    places: places('en', [
      ['Sydney', 'NSW', '29', range(2000, 2099, 4)],
      ['Melbourne', 'VIC', '38', range(3000, 3099, 4)],
      ['Brisbane', 'QLD', '73', range(4000, 4069, 4)],
      ['Perth', 'WA', '', range(6000, 6069, 4)],
      ['Adelaide', 'SA', '', range(5000, 5049, 4)],
    ]),
    streets: words(
      'George St|Pitt St|Collins St|Queen St|Bourke St|Hay St|King William St|Elizabeth St|Oxford St|Chapel St',
    ),
    street: (rng, name) => `${rng.chance(0.2) ? `Unit ${rng.int(1, 30)}, ` : ''}${rng.int(1, 400)} ${name}`,
    mobile: (rng) => `+61${rng.pick(['40', '41', '42', '43', '46'])}${rng.digits(7)}`,
    landDigits: 7,
    providers: words('gmail.com|outlook.com|bigpond.com|icloud.com|yahoo.com.au'),
    companyStems: ENGLISH_COMPANY_STEMS,
    companyKinds: words('Coffee|Coffee Roasters|Café|Hospitality|Catering|Espresso Bar'),
    companySuffixes: words('Pty Ltd'),
    tld: 'com.au',
    jobs: words('Owner|Purchasing Manager|Office Manager|Head Barista|General Manager'),
  },
  {
    code: 'CA',
    weight: 4,
    given: words('Émilie|Mathieu|Félix|Léa|Noah|Liam|Emma|Olivia|Benjamin|Chloé|Ethan|Maëlle|Logan|Avery'),
    family: words(
      'Tremblay|Gagnon|Roy|Côté|Bouchard|Gauthier|Morin|Lavoie|Fortin|Smith|Brown|Wilson|MacDonald|Campbell|Lee|Singh',
    ),
    places: [
      { city: 'Toronto', region: 'ON', land: words('416|647'), postcode: caPost(words('M5V|M5H|M4W|M6J')), lang: 'en' },
      { city: 'Vancouver', region: 'BC', land: words('604|778'), postcode: caPost(words('V6B|V6E|V5K')), lang: 'en' },
      {
        city: 'Montréal',
        region: 'QC',
        land: words('514'),
        postcode: caPost(words('H2X|H3B|H2T')),
        lang: 'fr',
        streets: words('rue Sainte-Catherine O|boulevard Saint-Laurent|rue Saint-Denis|avenue du Parc'),
      },
      { city: 'Calgary', region: 'AB', land: words('403'), postcode: caPost(words('T2P|T2R|T3A')), lang: 'en' },
      { city: 'Ottawa', region: 'ON', land: words('613'), postcode: caPost(words('K1P|K1N|K2P')), lang: 'en' },
    ],
    streets: words('King St W|Queen St E|Main St|Bank St|Elgin St|Granville St|Robson St|Yonge St|Bloor St W'),
    street: (rng, name) => `${rng.int(10, 2999)} ${name}${rng.chance(0.15) ? `, Suite ${rng.int(100, 900)}` : ''}`,
    mobile: () => '',
    landDigits: 0,
    providers: words('gmail.com|outlook.com|hotmail.ca|yahoo.ca|videotron.ca|shaw.ca'),
    companyStems: ENGLISH_COMPANY_STEMS,
    companyKinds: words('Coffee|Café|Hospitality|Catering|Bakery'),
    companySuffixes: words('Inc.|Ltd.|Ltée'),
    tld: 'ca',
    jobs: words('Owner|Purchasing Manager|Office Manager|Head Barista|General Manager'),
  },
];
export const WEST_NOTES = words(
  'Prefers delivery before 10am.|Met at the trade fair, interested in commercial machines.|Pays by invoice, 30 days.|' +
    'Interested in the premium service plan.|Call back after the holidays.|Referred by an existing customer.|Price sensitive, asks for bundles.',
);

// Chinese ≈ 45%, the rest split by WEST weights.
const CN_WEIGHT = 45;
export const ORIGIN_TABLE = new WeightedTable<WestCountry | null>([
  [null, CN_WEIGHT] as const,
  ...WEST.map((c) => [c, c.weight] as const),
]);

// ---------------------------------------------------------------------------------------------
// Shared pools

export const TAGS = new WeightedTable<string>([
  ['lead', 12],
  ['vip', 8],
  ['event-2026', 8],
  ['reseller', 6],
  ['key-account', 5],
]);
export const TAGS_CN = new WeightedTable<string>([
  ['lead', 12],
  ['vip', 8],
  ['event-2026', 6],
  ['reseller', 6],
  ['key-account', 5],
  ['展会', 10],
]);
export const ORDER_COUNTS = new WeightedTable<number>([
  [0, 30],
  [1, 25],
  [2, 18],
  [3, 11],
  [4, 7],
  [5, 5],
  [6, 4],
]);
export const ITEM_COUNTS = new WeightedTable<number>([
  [1, 45],
  [2, 30],
  [3, 15],
  [4, 10],
]);
export const STATUS_OLD = new WeightedTable<OrderStatus>([
  ['paid', 82],
  ['delivered', 6],
  ['cancelled', 9],
  ['confirmed', 3],
]);
export const STATUS_RECENT = new WeightedTable<OrderStatus>([
  ['confirmed', 45],
  ['paid', 35],
  ['delivered', 20],
]);
export const INTERACTION_COUNTS = new WeightedTable<number>([
  [0, 35],
  [1, 25],
  [2, 18],
  [3, 12],
  [4, 10],
]);
export const INTERACTION_TYPE_TABLE = new WeightedTable<InteractionType>([
  ['call', 30],
  ['email', 25],
  ['visit', 20],
  ['meeting', 10],
  ['note', 15],
]);
export const SURVEY_COUNTS = new WeightedTable<number>([
  [0, 60],
  [1, 30],
  [2, 10],
]);
export const SCORES = new WeightedTable<number>([
  [10, 20],
  [9, 20],
  [8, 18],
  [7, 13],
  [6, 8],
  [5, 6],
  [4, 4],
  [3, 3],
  [2, 2],
  [1, 2],
  [0, 4],
]);

export const SUBJECTS: Record<InteractionType, { en: string[]; zh: string[] }> = {
  call: {
    en: words(
      'Follow-up call about beans order|Asked about service plan|Reorder reminder|Complaint about grinder noise',
    ),
    zh: words('电话回访|咨询保养套餐|提醒补货|反馈磨豆机噪音'),
  },
  email: {
    en: words('Sent price list|Sent quote|Invoice question|Newsletter reply'),
    zh: words('发送价目表|发送报价单|发票问题|回复活动邮件'),
  },
  visit: {
    en: words('Store visit|Machine demo on site|Delivered samples|Installation check'),
    zh: words('门店拜访|上门演示咖啡机|送样品|安装回访'),
  },
  meeting: {
    en: words('Quarterly review|Contract renewal meeting|Barista training planning'),
    zh: words('季度回顾|续约洽谈|咖啡师培训安排'),
  },
  note: {
    en: words('Prefers morning calls|New manager since last month|Budget approved for Q3'),
    zh: words('喜欢上午联系|上个月换了新店长|三季度预算已批'),
  },
};
export const OUTCOMES = {
  en: words('|Interested|Ordered|Call back later|No answer|Sent quote|Not interested'),
  zh: words('|有兴趣|已下单|稍后回电|无人接听|已发报价|暂无需求'),
};
export const COMMENTS = {
  good: {
    en: words('Great coffee, fast delivery.|Very helpful service team.|Love the new espresso roast!'),
    zh: words('咖啡很好，发货很快。|服务很专业|新的意式拼配很好喝！'),
  },
  mid: {
    en: words('Good, but delivery was late.|Prices went up a bit.|OK overall.'),
    zh: words('还不错，就是送货慢了点。|价格有点涨了|总体还行'),
  },
  bad: {
    en: words('Machine broke twice this year.|Support took a week to answer.|Beans were stale.'),
    zh: words('今年机器坏了两次|客服一周才回复|豆子不新鲜'),
  },
};

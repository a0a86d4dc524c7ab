/**
 * Is there a person next to this value? A health condition is personal data only when it is
 * attached to someone (EXPAND-4); in a notice about a disease in general it is not. No name
 * recogniser is used: the anchors are the shapes a disclosure document writes a person in.
 */
import { alternation, textAfter, textBefore } from './layout';

// The commonest single surnames (about nine in ten mainland residents) and the compound ones.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢' +
  '姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温' +
  '康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂' +
  '成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党' +
  '宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '夏侯',
  '司徒',
];
const SURNAME = `(?:${alternation(COMPOUND_SURNAMES)}|[${SURNAMES}])`;

// A Han character may precede a name only when it ends a role: 户主赵某某, 经营者李某, 其妻钱某某.
// Otherwise 有关某某事项 would read as the name 关某某.
const ROLE_ENDINGS = '主人者员妻夫子女父母属名生工民户友长';

/** 王某某, 王某, 张**, 张*明, 李×× — the names disclosure documents publish, masked. */
const MASKED_NAME = new RegExp(
  `(?:(?<!\\p{Script=Han})|(?<=[${ROLE_ENDINGS}]))${SURNAME}(?:某某?|[*×○]{1,2}|[*×○]\\p{Script=Han})`,
  'u',
);

/** A whole table cell of two or three Han characters starting with a surname: 王建国 in "1 王建国 男". */
const NAME_CELL = new RegExp(`(?<=^|[\\s:|])(${SURNAME}\\p{Script=Han}{1,2})(?=[\\s,|]|$)`, 'gu');

/** Words that stand for a person in a record or a decision. */
const PERSON_WORDS = [
  '户主',
  '本人',
  '申请人',
  '当事人',
  '该户',
  '该生',
  '该同志',
  '家庭成员',
  '妻子',
  '丈夫',
  '儿子',
  '女儿',
  '配偶',
  '父亲',
  '母亲',
  '长子',
  '次子',
  '长女',
  '次女',
  '孙子',
  '孙女',
  '之子',
  '之女',
  '之妻',
  '之夫',
  '其妻',
  '其夫',
  '其子',
  '其女',
  '其父',
  '其母',
];
const PERSON_WORD = new RegExp(alternation(PERSON_WORDS));

/** Sex as a cell or a field (", 男,", "性别:女"), an age ("56岁" but not "60岁以上"), a birth month. */
const PERSON_FACT =
  /(?<=^|[\s,(:])[男女](?=[\s,)]|$)|\d{1,3}岁(?![以及至~\-的半])|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:出)?生/;

const REACH_BEFORE = 60;
const REACH_AFTER = 30;
// The person must be in the same line and sentence.
const SENTENCE_END = /[\n。!?]/;

/**
 * True if a person is written within the same line and sentence as the range, shortly before or
 * after it. `notName` rejects name-shaped cells that are the value itself (白血病 starts with 白).
 */
export function nearPerson(norm: string, start: number, end: number, notName: (cell: string) => boolean): boolean {
  const window = `${textBefore(norm, start, REACH_BEFORE, SENTENCE_END)}\n${textAfter(norm, end, REACH_AFTER, SENTENCE_END)}`;
  if (MASKED_NAME.test(window) || PERSON_WORD.test(window) || PERSON_FACT.test(window)) return true;
  return [...window.matchAll(NAME_CELL)].some((m) => !notName(m[1] ?? ''));
}

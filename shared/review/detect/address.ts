/**
 * address: a private person's home address down to the village group, house number, building or
 * room (EXPAND-4 personal privacy): "家住某某镇某村三组7号", "住址:某某路5号2单元101室", a 家庭住址
 * column of a 低保 list. Only a personal label makes an address personal; an office's address
 * (办公地址, 地址:…政务服务中心, 邮编) has none, so it is not a finding.
 */
import { type Candidate, MASK_CHARS, textCandidate } from './candidate';
import { alternation, columnScopes, HEADER_NOTE as NOTE, rowCells } from './layout';
import { nearPerson } from './person';

/** Labels that introduce where a person lives or is registered. */
const PERSONAL_LABELS = [
  '家庭住址',
  '家庭地址',
  '现住址',
  '现居住地址',
  '现居住地',
  '现居住',
  '现居',
  '现住',
  '住址',
  '家住',
  '户籍地址',
  '户籍所在地',
  '户口所在地',
  '户籍地',
  '居住地址',
  '经常居住地',
  '居住地',
  '常住地址',
  '暂住地址',
  '暂住地',
];
/** "现住" is also 现住房 (current housing). */
const NOT_AFTER_LABEL = '房';
/** An address word is personal after a person's role: 申请人通讯地址, 当事人送达地址. */
const PERSON_ROLES = ['申请人', '被申请人', '当事人', '举报人', '投诉人', '信访人', '户主', '本人', '收件人'];
const ADDRESS_WORDS = ['通讯地址', '通信地址', '联系地址', '送达地址', '地址'];
const LABEL = new RegExp(
  `(?:${alternation(PERSONAL_LABELS)}|(?:${alternation(PERSON_ROLES)})的?(?:${alternation(ADDRESS_WORDS)}))(?!${NOT_AFTER_LABEL}) ?:? ?[在于]?`,
  'g',
);
/**
 * Residence in prose, personal only next to a person: the 住 of a decision's party line
 * ("张某某,男,1980年5月出生,住某某镇某某村三组7号"; not 住房, 住建, 住宿, 住院, 住所) and 居住在 / 住在
 * (not "对住在3号楼的居民").
 */
const PROSE_RESIDENCE = /(?<=^|[,;\s])住(?![房宅建宿院所址处在])|(?:居住|住)[在于]/g;
/** A table column of personal addresses: a personal label as header, or 地址 in a list of people (姓名). */
const PERSONAL_HEADER = new RegExp(`^(?:${alternation(PERSONAL_LABELS)})${NOTE}$`);
const ADDRESS_HEADER = new RegExp(`^(?:通讯|通信|联系)?地址${NOTE}$`);
const NAME_HEADER = new RegExp(`^(?:户主|申请人)?姓名${NOTE}$`);

/** The characters an address is written in; it ends at a comma, a space or a line break. */
const VALUE = new RegExp(`^[\\p{Script=Han}0-9A-Za-z#()\\-${MASK_CHARS}]{1,60}`, 'u');

const NUMERAL = '(?:[0-9]+|[一二三四五六七八九十百零〇两]+)';
/** House-level units, the part that leads to one household. 社 not as in 社区. */
const HOUSE_UNITS = [
  '村民小组',
  '小组',
  '组',
  '社(?!区)',
  '队',
  '号楼',
  '号院',
  '号',
  '栋',
  '幢',
  '座',
  '单元',
  '层',
  '楼',
  '室',
];
const UNIT = `(?:${alternation(HOUSE_UNITS)})`;
const HOUSE_LEVEL = new RegExp(`第?${NUMERAL}(?:-${NUMERAL})?${UNIT}`, 'gu');
/** A room may follow its building or unit without a unit of its own: 8栋302, 5号楼2-301, 2单元501. */
const BUILDING = /(?:号楼|栋|幢|座|单元)$/;
const ROOM = /^(?:\d{1,2}-)?\d{1,4}(?!\d)/;
/** A masked address: mask characters anywhere, XX, or 某 in place of a house-level number (某组某号). */
const MASKED = new RegExp(`[${MASK_CHARS}]|[Xx]{2}|[Xx某]${UNIT}`, 'u');

/** The range from `start` to the end of the last house-level unit of the value there, or null. */
function houseLevelAddress(norm: string, start: number): Candidate | null {
  const value = VALUE.exec(norm.slice(start))?.[0];
  if (value === undefined || MASKED.test(value)) return null;
  const units = [...value.matchAll(HOUSE_LEVEL)];
  const last = units[units.length - 1];
  if (last === undefined) return null;
  const end = last.index + last[0].length;
  const room = BUILDING.test(last[0]) ? (ROOM.exec(value.slice(end))?.[0] ?? '') : '';
  return textCandidate('address', start, start + end + room.length);
}

export function addresses(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(LABEL)) {
    const address = houseLevelAddress(norm, m.index + m[0].length);
    if (address !== null) found.push(address);
  }
  for (const m of norm.matchAll(PROSE_RESIDENCE)) {
    const address = houseLevelAddress(norm, m.index + m[0].length);
    if (address !== null && nearPerson(norm, m.index, m.index, () => false)) found.push(address);
  }
  const scopes = [
    ...columnScopes(norm, PERSONAL_HEADER),
    ...columnScopes(norm, ADDRESS_HEADER).filter((scope) => hasNameHeader(norm, scope.start)),
  ];
  for (const cell of rowCells(norm, scopes)) {
    const address = houseLevelAddress(norm, cell.start);
    if (address !== null && address.end <= cell.end) found.push(address);
  }
  return found;
}

/** The header line right above a scope also has a 姓名 column. */
function hasNameHeader(norm: string, scopeStart: number): boolean {
  const headerStart = norm.lastIndexOf('\n', scopeStart - 2) + 1;
  return norm
    .slice(headerStart, scopeStart - 1)
    .split(/[\s,|]+/)
    .some((cell) => NAME_HEADER.test(cell));
}

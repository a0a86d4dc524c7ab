/**
 * health: an illness, diagnosis, disability or medical condition attached to a person (EXPAND-4
 * personal privacy), as 低保, 临时救助 and 残疾人补贴 lists write them: 患白血病, 肢体残疾三级,
 * 因病致贫, 病情:尿毒症. A notice about a disease in general (疫情防控, 预防接种, 传染病防治知识,
 * eligibility rules such as 一、二级重度残疾人) is not a finding.
 */
import { type Candidate, hasMask, textCandidate } from './candidate';
import { alternation, clauseAround, columnScopes, HEADER_NOTE, rowCells } from './layout';
import { nearPerson } from './person';

/** Conditions that 低保, medical-aid and disability lists name. */
const DISEASES = [
  '白血病',
  '尿毒症',
  '肾衰竭',
  '肾功能衰竭',
  '恶性肿瘤',
  '癌症',
  '脑瘫',
  '脑性瘫痪',
  '脑梗死',
  '脑梗塞',
  '脑梗',
  '脑出血',
  '脑溢血',
  '偏瘫',
  '截瘫',
  '瘫痪',
  '精神分裂症',
  '抑郁症',
  '双相情感障碍',
  '癫痫',
  '自闭症',
  '孤独症',
  '唐氏综合征',
  '糖尿病',
  '高血压',
  '冠心病',
  '先天性心脏病',
  '心脏病',
  '肝硬化',
  '乙肝',
  '乙型肝炎',
  '艾滋病',
  'HIV',
  '肺结核',
  '结核病',
  '血友病',
  '地中海贫血',
  '再生障碍性贫血',
  '红斑狼疮',
  '帕金森',
  '老年痴呆',
  '阿尔茨海默病',
  '股骨头坏死',
  '类风湿',
  '尘肺病',
  '重症肌无力',
  '渐冻症',
  '植物人',
  '双目失明',
  '聋哑',
  '智力障碍',
];
const CANCER_SITES = [
  '肺',
  '胃',
  '肝',
  '乳腺',
  '宫颈',
  '食管',
  '食道',
  '鼻咽',
  '直肠',
  '结肠',
  '结直肠',
  '胰腺',
  '卵巢',
  '膀胱',
];
const DISEASE = alternation([...DISEASES, ...CANCER_SITES.map((site) => `${site}癌`)]);

// The categories and grades of the 残疾人证 (GB/T 26341): 肢体残疾三级, 二级精神残疾.
const DISABILITY_TYPES = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'];
const GRADE = '[一二三四1-4]级';
const DISABILITY = `(?:${alternation(DISABILITY_TYPES)})残疾(?:${GRADE})?|${GRADE}(?:${alternation(DISABILITY_TYPES)})?残疾`;

/** After a diagnosis verb, anything short that ends like a condition: 患重病, 确诊为急性心肌梗死. */
const CONDITION_END = '(?:病|癌|症|瘤|炎|瘫|综合征|障碍|衰竭|坏死|硬化|梗死|梗塞|出血|残疾)';
const TERM = `(?:${DISEASE}|${DISABILITY}|[\\p{Script=Han}A-Za-z]{0,8}?${CONDITION_END})`;
const DIAGNOSIS_VERBS = [
  '确诊患有',
  '确诊为',
  '被诊断为',
  '经诊断为',
  '诊断为',
  '罹患',
  '身患',
  '患有',
  '患了',
  '患上',
  '患',
];
// 隐患, 防患, 后患, 忧患, 祸患, 医患, 病患 and 患者, 患儿, 患难, 患得患失 are no diagnosis.
const DIAGNOSIS = new RegExp(
  `(?<![隐防后忧祸医病])(?:${alternation(DIAGNOSIS_VERBS)})(?![者儿难得])${TERM}(?:[、和及与]${TERM})*`,
  'gu',
);
/** A condition named on its own, next to a person: "李某某,尿毒症,长期透析", "2 钱某某 肢体残疾三级". */
const NAMED_CONDITION = new RegExp(`${DISEASE}|${DISABILITY}`, 'gu');
/** The 建档立卡 poverty causes that are health: 因病致贫, 因残致贫, 因病返贫. */
const POVERTY_BY_ILLNESS = /因[病残](?:致贫|返贫|致困)/g;

/** Form fields whose value is a condition: 病情:尿毒症, 残疾等级:二级. */
const HEALTH_FIELDS = [
  '所患疾病',
  '疾病名称',
  '患病情况',
  '诊断结果',
  '身体状况',
  '健康状况',
  '残疾类别',
  '残疾类型',
  '残疾等级',
  '病情',
  '病种',
  '诊断',
];
/** Fields whose value is a health fact only when it names illness or disability (因病, 因残). */
const CAUSE_FIELDS = ['致贫原因', '致困原因', '困难原因'];
const FIELD = new RegExp(`(${alternation([...HEALTH_FIELDS, ...CAUSE_FIELDS])}) ?: ?([^\\s,;。]{1,30})`, 'gu');
const HEALTHY = /^(?:身体)?(?:健康|良好|正常|一般|无|良|好|合格|健康良好)$/;
const ILLNESS_OR_DISABILITY = /[病残]/;
const COLUMN_HEADER = new RegExp(`^(?:${alternation([...HEALTH_FIELDS, ...CAUSE_FIELDS])})${HEADER_NOTE}$`);
const CONDITION_CELL = new RegExp(`^(?:因[病残]\\S*|(?:${TERM})(?:[、和及与]${TERM})*|${GRADE})$`, 'u');

// A rule, a campaign or a statistic about a condition rather than a person who has it. Right
// before the condition: 对患…, 无糖尿病, 重大疾病; anywhere before it in the clause: 开展…, 凡….
const GENERAL_RIGHT_BEFORE = /(?:对|如|若|凡|无|未|没有|否认|重大|重特大|常见|中有)$/;
const GENERAL_BEFORE = /开展|加强|做好|预防|防治|防控|宣传|普及|筛查|针对|符合|属于|包括|凡|擅长|专长|主治|研究/;
// After it: a group of people (…的儿童, 患者, 肢体残疾人1.2万人 but not a clause-final 残疾人),
// public health or medicine (防治, 疫苗, 诊治), a threshold (三级以上), a count (患病率, 30种) or a
// relative clause that ends the condition ("…重大疾病的,可申请").
const GROUP_AFTER = /患者|患儿|病人|病例|人员|人群|儿童|群众|居民|对象|学生|老人|妇女|家庭|^人./u;
const TOPIC_AFTER =
  /防治|防控|预防|筛查|疫苗|接种|知识|宣传|科普|专项|监测|报销|目录|定点|诊治|诊疗|^及?以[上下]|^率|^人数|^人次|\d+例|\d+种|的$/;

// The items of an enumeration share what precedes the first: 无糖尿病、高血压.
const ENUMERATED = new RegExp(`(?:(?:${DISEASE}|${DISABILITY})[、和及与])+$`, 'u');

function isGeneral(norm: string, start: number, end: number): boolean {
  const { before, after } = clauseAround(norm, start, end);
  const lead = before.replace(ENUMERATED, '');
  return (
    GENERAL_RIGHT_BEFORE.test(lead) || GENERAL_BEFORE.test(before) || GROUP_AFTER.test(after) || TOPIC_AFTER.test(after)
  );
}

const CONDITION_LIKE = new RegExp(`${DISEASE}|${CONDITION_END}$`, 'u');
const notName = (cell: string) => CONDITION_LIKE.test(cell);

function attached(norm: string, start: number, end: number): boolean {
  return !hasMask(norm.slice(start, end + 2)) && !isGeneral(norm, start, end) && nearPerson(norm, start, end, notName);
}

export function healthConditions(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const pattern of [DIAGNOSIS, NAMED_CONDITION, POVERTY_BY_ILLNESS]) {
    for (const m of norm.matchAll(pattern)) {
      const end = m.index + m[0].length;
      if (attached(norm, m.index, end)) found.push(textCandidate('health', m.index, end));
    }
  }
  // A labelled field belongs to a person's record; it needs no person next to it.
  for (const m of norm.matchAll(FIELD)) {
    const [, field = '', value = ''] = m;
    const start = m.index + m[0].length - value.length;
    if (HEALTHY.test(value) || hasMask(value) || isGeneral(norm, start, start + value.length)) continue;
    if (CAUSE_FIELDS.includes(field) && !ILLNESS_OR_DISABILITY.test(value)) continue;
    found.push(textCandidate('health', start, start + value.length));
  }
  // Rows of a list under a 致贫原因 / 病种 / 残疾等级 column: "因病", "二级".
  for (const cell of rowCells(norm, columnScopes(norm, COLUMN_HEADER))) {
    if (CONDITION_CELL.test(cell.text) && !hasMask(cell.text)) {
      found.push(textCandidate('health', cell.start, cell.end));
    }
  }
  // Readings of one condition overlap ("因病致贫(尿毒症)" as a cell and as two terms): detect()
  // keeps the earliest, longest one.
  return found;
}

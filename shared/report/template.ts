/**
 * The national template of the annual report on government information disclosure
 * (政府信息公开工作年度报告, 国办公开办函〔2021〕30号; 条例 arts. 49, 50): its sections, the
 * rows and columns of its tables with their labels, in the template's order. The API's ids (row
 * ids, column order) are a contract; the labels are the template's own words.
 */

/** The government's compiled report: every agency's tables summed, with its own text. */
export const DISTRICT = 'district';
/** Who the compiled report is in the name of. */
export const DISTRICT_NAME = '区人民政府';

/** 条例 art. 49: agencies publish by 31 January, the government's disclosure office by 31 March. */
export function reportDue(agency: string, year: number): string {
  return `${year + 1}-${agency === DISTRICT ? '03-31' : '01-31'}`;
}

/** The catalogue category of annual reports (the CC of their index numbers). */
export const ANNUAL_REPORT_CATEGORY = '10';

export function reportTitle(agencyName: string, year: number): string {
  return `${agencyName}${year}年政府信息公开工作年度报告`;
}

/** 三、收到和处理政府信息公开申请情况: the applicant columns, 总计 last. */
export const REQUEST_COLUMNS = [
  'natural',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
  'total',
] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];
/** The six applicant columns whose sum is 总计. */
export const APPLICANT_COLUMNS = REQUEST_COLUMNS.slice(0, 6) as readonly Exclude<RequestColumn, 'total'>[];

export const REQUEST_COLUMN_LABELS: Record<RequestColumn, string> = {
  natural: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
  total: '总计',
};
/** The header over the five organisation columns. */
export const ORGANISATION_HEADER = '法人或其他组织';
export const APPLICANT_HEADER = '申请人情况';

/** The rows of table 三 in the template's order: the contract of `requests` (ids as the API names them). */
export const REQUEST_ROWS = [
  'newReceived',
  'carriedOver',
  'disclosed',
  'partlyDisclosed',
  'notDisclosed.stateSecret',
  'notDisclosed.lawForbids',
  'notDisclosed.threeSafetyOneStability',
  'notDisclosed.thirdParty',
  'notDisclosed.internalAffairs',
  'notDisclosed.processInfo',
  'notDisclosed.enforcementFile',
  'notDisclosed.queryMatter',
  'unavailable.notHeld',
  'unavailable.needsCreation',
  'unavailable.stillUnclear',
  'notProcessed.petition',
  'notProcessed.repeated',
  'notProcessed.publication',
  'notProcessed.massRepeated',
  'notProcessed.confirmation',
  'otherHandling.noCorrection',
  'otherHandling.noFee',
  'otherHandling.other',
  'resultsTotal',
  'carriedForward',
] as const;
export type RequestRowId = (typeof REQUEST_ROWS)[number];

/** The rows whose sum is 三（七）总计: every result, from （一） to （六）. */
export const RESULT_ROWS = REQUEST_ROWS.slice(2, -2) as readonly Exclude<
  RequestRowId,
  'newReceived' | 'carriedOver' | 'resultsTotal' | 'carriedForward'
>[];
export type ResultRowId = (typeof RESULT_ROWS)[number];

/** The result groups of 三, numbered as the template numbers them; （一）（二） are rows themselves. */
export const RESULT_GROUPS = [
  { id: 'disclosed', number: '（一）', label: '予以公开' },
  { id: 'partlyDisclosed', number: '（二）', label: '部分公开（区分处理的，只计这一情形，不计其他情形）' },
  { id: 'notDisclosed', number: '（三）', label: '不予公开' },
  { id: 'unavailable', number: '（四）', label: '无法提供' },
  { id: 'notProcessed', number: '（五）', label: '不予处理' },
  { id: 'otherHandling', number: '（六）', label: '其他处理' },
] as const;
export type ResultGroupId = (typeof RESULT_GROUPS)[number]['id'];

/** The group a result row belongs to (`notDisclosed.stateSecret` → notDisclosed). */
export const groupOf = (row: ResultRowId): ResultGroupId => row.split('.')[0] as ResultGroupId;
/** The rows of a group: its items, or the group itself when it has none. */
export const rowsOfGroup = (group: ResultGroupId): readonly ResultRowId[] =>
  RESULT_ROWS.filter((r) => groupOf(r) === group);

const ITEM_LABELS: Record<Exclude<ResultRowId, 'disclosed' | 'partlyDisclosed'>, string> = {
  'notDisclosed.stateSecret': '属于国家秘密',
  'notDisclosed.lawForbids': '其他法律行政法规禁止公开',
  'notDisclosed.threeSafetyOneStability': '危及“三安全一稳定”',
  'notDisclosed.thirdParty': '保护第三方合法权益',
  'notDisclosed.internalAffairs': '属于三类内部事务信息',
  'notDisclosed.processInfo': '属于四类过程性信息',
  'notDisclosed.enforcementFile': '属于行政执法案卷',
  'notDisclosed.queryMatter': '属于行政查询事项',
  'unavailable.notHeld': '本机关不掌握相关政府信息',
  'unavailable.needsCreation': '没有现成信息需要另行制作',
  'unavailable.stillUnclear': '补正后申请内容仍不明确',
  'notProcessed.petition': '信访举报投诉类申请',
  'notProcessed.repeated': '重复申请',
  'notProcessed.publication': '要求提供公开出版物',
  'notProcessed.massRepeated': '无正当理由大量反复申请',
  'notProcessed.confirmation': '要求行政机关确认或重新出具已获取信息',
  'otherHandling.noCorrection': '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'otherHandling.noFee': '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  'otherHandling.other': '其他',
};

function resultLabel(row: ResultRowId): { number: string; label: string } {
  const group = RESULT_GROUPS.find((g) => g.id === groupOf(row));
  if (row === 'disclosed' || row === 'partlyDisclosed')
    return { number: group?.number ?? '', label: group?.label ?? '' };
  const index = rowsOfGroup(groupOf(row)).indexOf(row);
  return { number: `${index + 1}.`, label: ITEM_LABELS[row] };
}

/** How the template numbers and names each row (a result item: its number within its group). */
export const REQUEST_ROW_LABELS: Record<RequestRowId, { readonly number: string; readonly label: string }> = {
  newReceived: { number: '一', label: '本年新收政府信息公开申请数量' },
  carriedOver: { number: '二', label: '上年结转政府信息公开申请数量' },
  ...(Object.fromEntries(RESULT_ROWS.map((r) => [r, resultLabel(r)])) as Record<
    ResultRowId,
    { number: string; label: string }
  >),
  resultsTotal: { number: '（七）', label: '总计' },
  carriedForward: { number: '四', label: '结转下年度继续办理' },
};
export const RESULTS_HEADER = { number: '三', label: '本年度办理结果' };

/** A row as a reader finds it in the table: 一、本年新收…, 三（三）1.属于国家秘密, 三（七）总计. */
export function rowCaption(row: RequestRowId): string {
  const { number, label } = REQUEST_ROW_LABELS[row];
  if (row === 'newReceived' || row === 'carriedOver' || row === 'carriedForward') return `${number}、${label}`;
  if (row === 'resultsTotal' || row === 'disclosed' || row === 'partlyDisclosed') return `三${number}${label}`;
  const group = RESULT_GROUPS.find((g) => g.id === groupOf(row));
  return `三${group?.number ?? ''}${number}${label}`;
}

/** 四、行政复议、行政诉讼: the five outcomes of each of the three groups, 总计 last. */
export const APPEAL_OUTCOMES = ['maintained', 'corrected', 'other', 'pending', 'total'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export const APPEAL_OUTCOME_LABELS: Record<AppealOutcome, string> = {
  maintained: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};
export const APPEAL_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
export type AppealGroup = (typeof APPEAL_GROUPS)[number];
export const APPEAL_GROUP_LABELS: Record<AppealGroup, string> = {
  review: '行政复议',
  litigationDirect: '未经复议直接起诉',
  litigationAfterReview: '复议后起诉',
};
export const LITIGATION_HEADER = '行政诉讼';
/** `appeals` is 15 numbers: each group's five outcomes in turn. */
export const APPEAL_COUNT = APPEAL_GROUPS.length * APPEAL_OUTCOMES.length;
export const appealIndex = (group: AppealGroup, outcome: AppealOutcome) =>
  APPEAL_GROUPS.indexOf(group) * APPEAL_OUTCOMES.length + APPEAL_OUTCOMES.indexOf(outcome);

/** The text sections: 一、总体情况; 五、存在的主要问题及改进情况; 六、其他需要报告的事项. */
export const SECTIONS = ['overview', 'problems', 'other'] as const;
export type SectionId = (typeof SECTIONS)[number];
export const SECTION_HEADINGS: Record<SectionId, string> = {
  overview: '一、总体情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};
export const TABLE_HEADINGS = {
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
} as const;

/** 二、主动公开政府信息情况: the items of art. 20 and what each counts. */
export const PROACTIVE_ITEMS = {
  normative: { item: '第二十条第（一）项', columns: ['本年制发件数', '本年废止件数', '现行有效件数'] },
  licensing: { item: '第二十条第（五）项', columns: ['本年处理决定数量'] },
  punishment: { item: '第二十条第（六）项', columns: ['本年处理决定数量'] },
  charges: { item: '第二十条第（八）项', columns: ['本年收费金额（单位：万元）'] },
} as const;
export const CONTENT_HEADER = '信息内容';
export const PROACTIVE_ROW_LABELS = {
  regulations: '规章',
  normative: '行政规范性文件',
  licensing: '行政许可',
  punishment: '行政处罚',
  enforcement: '行政强制',
  charges: '行政事业性收费',
} as const;

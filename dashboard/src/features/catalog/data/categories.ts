import type { Choice } from '../../../components/choice-options';
import { type Dict, label } from '../../../i18n';

// '10': 政府信息公开工作年度报告 (shared/report/template.ts ANNUAL_REPORT_CATEGORY).
export const CATEGORY_CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'] as const;

/** The categories as select choices: the code and its name. */
export function categoryChoices(d: Dict): Choice[] {
  return CATEGORY_CODES.map((code) => ({ id: code, name: `${code} ${label(d, 'category', code)}` }));
}

/** The year on the district's clock. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
}

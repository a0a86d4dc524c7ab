import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { reportDocx } from '../../../shared/report/docx';
import { emptyReport } from '../../../shared/report/model';
import { proactiveTable } from '../../../shared/report/proactive';
import type { AnnualReportView } from '../../../shared/report/service';
import {
  APPEAL_GROUP_LABELS,
  APPEAL_OUTCOME_LABELS,
  PROACTIVE_ITEMS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_ROW_LABELS,
  RESULT_GROUPS,
  SECTION_HEADINGS,
  TABLE_HEADINGS,
} from '../../../shared/report/template';
import { extractText } from '../../../shared/review/extract';
import { asTable, CONSISTENT_APPEALS, consistentRequests, EDU_DOCUMENTS } from './fixtures';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function view(): AnnualReportView {
  const base = emptyReport('edu', 2025);
  return {
    ...base,
    name: '区教育局',
    due: '2026-01-31',
    status: 'draft',
    proactive: proactiveTable(EDU_DOCUMENTS, 'edu', 2025, {
      decisionCounts: { licensing: { count: 120, source: '区政务服务平台' } },
      charges: 1.25,
    }),
    requests: asTable(consistentRequests()),
    appeals: CONSISTENT_APPEALS,
    sections: { overview: '全年主动公开政府信息。', problems: '解读形式单一。', other: '本年度未收取信息处理费。' },
    checks: [],
  };
}

describe('the report as DOCX (national layout)', () => {
  it('opens as a Word document and holds every part, table, row and column label of the template', async () => {
    const bytes = await reportDocx(view());
    const text = await extractText(bytes, { filename: 'report.docx', contentType: DOCX });
    expect(text.ok).toBe(true);
    const all = text.ok ? text.text : '';
    const labels = [
      '区教育局2025年政府信息公开工作年度报告',
      ...Object.values(SECTION_HEADINGS),
      ...Object.values(TABLE_HEADINGS),
      ...Object.values(PROACTIVE_ITEMS).flatMap((p) => [p.item, ...p.columns]),
      ...Object.values(PROACTIVE_ROW_LABELS),
      ...Object.values(REQUEST_COLUMN_LABELS),
      '法人或其他组织',
      ...Object.values(REQUEST_ROW_LABELS).map((r) => r.label),
      ...RESULT_GROUPS.map((g) => g.label),
      ...Object.values(APPEAL_GROUP_LABELS),
      ...Object.values(APPEAL_OUTCOME_LABELS),
      '行政诉讼',
      '全年主动公开政府信息。',
      '本年度未收取信息处理费。',
    ];
    for (const label of labels) expect(all, label).toContain(label);
    // Table 二's figures as computed (hand-counted in proactive.test.ts), the entered one marked with its source.
    expect(all).toContain('120*');
    expect(all).toContain('来源：行政许可：区政务服务平台');
    expect(all).toContain('本年因有效期届满失效的规章和行政规范性文件1件');
  });

  it('merges the header cells as the template does, in 仿宋_GB2312 / 黑体', async () => {
    const files = unzipSync(await reportDocx(view()));
    const xml = new TextDecoder().decode(files['word/document.xml']);
    // 申请人情况 over seven columns, 法人或其他组织 over five, 行政诉讼 over ten; 三、本年度办理结果 down 22 rows.
    expect(xml).toContain('<w:gridSpan w:val="7"/>');
    expect(xml).toContain('<w:gridSpan w:val="5"/>');
    expect(xml).toContain('<w:gridSpan w:val="10"/>');
    expect(xml.match(/<w:vMerge w:val="restart"\/>/g)?.length).toBeGreaterThanOrEqual(10);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
  });
});

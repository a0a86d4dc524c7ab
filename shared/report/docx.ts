import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Figure, NormativeRow } from './proactive';
import type { AnnualReportView } from './service';
import {
  APPEAL_GROUP_LABELS,
  APPEAL_GROUPS,
  APPEAL_OUTCOME_LABELS,
  APPEAL_OUTCOMES,
  APPLICANT_HEADER,
  appealIndex,
  CONTENT_HEADER,
  LITIGATION_HEADER,
  ORGANISATION_HEADER,
  PROACTIVE_ITEMS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_ROW_LABELS,
  RESULT_GROUPS,
  RESULTS_HEADER,
  type RequestRowId,
  reportTitle,
  rowsOfGroup,
  SECTION_HEADINGS,
  type SectionId,
  TABLE_HEADINGS,
} from './template';

/**
 * The report as a Word document in the national layout: the six parts in order, the three tables
 * with the template's merged headers, and GB/T 9704's fonts — 小标宋 for the title, 黑体 for the
 * part headings, 仿宋_GB2312 for the text (Word and LibreOffice substitute what a machine lacks).
 * Written with `docx` (MIT; a maintained OOXML writer, used by the tests already).
 */

const FONT = { title: '方正小标宋简体', heading: '黑体', body: '仿宋_GB2312', latin: 'Times New Roman' };
/** Half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt. */
const SIZE = { title: 44, body: 32, table: 21, narrowTable: 18 };

const run = (text: string, font: string, size: number, bold = false) =>
  new TextRun({ text, bold, size, font: { ascii: FONT.latin, hAnsi: FONT.latin, eastAsia: font, cs: FONT.latin } });

const heading = (text: string) =>
  new Paragraph({
    keepNext: true,
    spacing: { before: 240, after: 120 },
    children: [run(text, FONT.heading, SIZE.body)],
  });

/** Body text: each line a paragraph indented by two characters. */
const body = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 560 },
          alignment: AlignmentType.JUSTIFIED,
          children: [run(line.trim(), FONT.body, SIZE.body)],
        }),
    );

interface CellOptions {
  readonly columnSpan?: number;
  readonly rowSpan?: number;
  readonly size?: number;
  readonly align?: 'left' | 'center';
  readonly shade?: boolean;
}

function cell(text: string, options: CellOptions = {}): TableCell {
  return new TableCell({
    ...(options.columnSpan ? { columnSpan: options.columnSpan } : {}),
    ...(options.rowSpan ? { rowSpan: options.rowSpan } : {}),
    verticalAlign: VerticalAlignTable.CENTER,
    ...(options.shade ? { shading: { fill: 'F2F2F2' } } : {}),
    children: [
      new Paragraph({
        alignment: options.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(text, FONT.body, options.size ?? SIZE.table)],
      }),
    ],
  });
}

/** The text width between the margins (twips), shared out among a table's columns. */
const TEXT_WIDTH = 8840;
const table = (columnWidths: number[], rows: TableRow[]) =>
  new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths,
    rows,
  });
const evenly = (n: number) => Array.from({ length: n }, () => Math.floor(TEXT_WIDTH / n));

/** An entered figure is marked `*` and explained under the table. */
const shown = (f: Figure) => `${f.value}${f.source === 'entered' && f.note ? '*' : ''}`;

function proactiveTable(view: AnnualReportView): (Paragraph | Table)[] {
  const p = view.proactive;
  const item = (text: string) => new TableRow({ children: [cell(text, { columnSpan: 4, shade: true })] });
  const normative = (label: string, row: NormativeRow) =>
    new TableRow({
      children: [cell(label), cell(shown(row.issued)), cell(shown(row.abolished)), cell(shown(row.inForce))],
    });
  const single = (label: string, value: string) =>
    new TableRow({ children: [cell(label), cell(value, { columnSpan: 3 })] });
  const header = (column: string) =>
    new TableRow({ children: [cell(CONTENT_HEADER), cell(column, { columnSpan: 3 })] });
  const rows = [
    item(PROACTIVE_ITEMS.normative.item),
    new TableRow({ children: [cell(CONTENT_HEADER), ...PROACTIVE_ITEMS.normative.columns.map((c) => cell(c))] }),
    normative(PROACTIVE_ROW_LABELS.regulations, p.regulations),
    normative(PROACTIVE_ROW_LABELS.normative, p.normative),
    item(PROACTIVE_ITEMS.licensing.item),
    header(PROACTIVE_ITEMS.licensing.columns[0]),
    single(PROACTIVE_ROW_LABELS.licensing, shown(p.licensing)),
    item(PROACTIVE_ITEMS.punishment.item),
    header(PROACTIVE_ITEMS.punishment.columns[0]),
    single(PROACTIVE_ROW_LABELS.punishment, shown(p.punishment)),
    single(PROACTIVE_ROW_LABELS.enforcement, shown(p.enforcement)),
    item(PROACTIVE_ITEMS.charges.item),
    header(PROACTIVE_ITEMS.charges.columns[0]),
    single(PROACTIVE_ROW_LABELS.charges, String(p.charges.value)),
  ];
  const notes = (['licensing', 'punishment', 'enforcement'] as const)
    .filter((k) => p[k].source === 'entered' && p[k].note)
    .map((k) => `${PROACTIVE_ROW_LABELS[k]}：${p[k].note}`);
  const lapsed = p.regulations.lapsed + p.normative.lapsed;
  const footnotes = [
    ...(notes.length
      ? [`注：标*的数据为填报数，来源：${notes.join('；')}。其余件数由平台按文件类型和废止、有效期记录统计。`]
      : []),
    ...(lapsed ? [`本年因有效期届满失效的规章和行政规范性文件${lapsed}件，未计入废止件数。`] : []),
  ];
  return [
    table([2600, 2080, 2080, 2080], rows),
    ...footnotes.map((text) => new Paragraph({ children: [run(text, FONT.body, SIZE.table)] })),
  ];
}

function requestsTable(view: AnnualReportView): Table {
  const numbers = (row: RequestRowId) => view.requests[row].map((n) => cell(String(n)));
  const headerRows = [
    new TableRow({
      tableHeader: true,
      children: [
        cell('本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和', { columnSpan: 3, rowSpan: 3 }),
        cell(APPLICANT_HEADER, { columnSpan: 7 }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      children: [
        cell(REQUEST_COLUMN_LABELS.natural, { rowSpan: 2 }),
        cell(ORGANISATION_HEADER, { columnSpan: 5 }),
        cell(REQUEST_COLUMN_LABELS.total, { rowSpan: 2 }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      children: (['commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const).map((c) =>
        cell(REQUEST_COLUMN_LABELS[c]),
      ),
    }),
  ];
  const labelled = (row: RequestRowId, label: string) =>
    new TableRow({ children: [cell(label, { columnSpan: 3, align: 'left' }), ...numbers(row)] });
  const resultRows: TableRow[] = [];
  const resultCount = RESULT_GROUPS.reduce((n, g) => n + rowsOfGroup(g.id).length, 0) + 1;
  const groupCell = cell(`${RESULTS_HEADER.number}、${RESULTS_HEADER.label}`, { rowSpan: resultCount });
  for (const group of RESULT_GROUPS) {
    const rows = rowsOfGroup(group.id);
    rows.forEach((row, i) => {
      const lead = resultRows.length === 0 ? [groupCell] : [];
      const single = rows.length === 1 && row === group.id;
      const labels = single
        ? [cell(`${group.number}${group.label}`, { columnSpan: 2, align: 'left' })]
        : [
            ...(i === 0 ? [cell(`${group.number}${group.label}`, { rowSpan: rows.length })] : []),
            cell(`${REQUEST_ROW_LABELS[row].number}${REQUEST_ROW_LABELS[row].label}`, { align: 'left' }),
          ];
      resultRows.push(new TableRow({ children: [...lead, ...labels, ...numbers(row)] }));
    });
  }
  resultRows.push(
    new TableRow({
      children: [
        cell(`${REQUEST_ROW_LABELS.resultsTotal.number}${REQUEST_ROW_LABELS.resultsTotal.label}`, { columnSpan: 2 }),
        ...numbers('resultsTotal'),
      ],
    }),
  );
  return table(
    [600, 900, 2580, ...evenly(7).map(() => 680)],
    [
      ...headerRows,
      labelled('newReceived', `一、${REQUEST_ROW_LABELS.newReceived.label}`),
      labelled('carriedOver', `二、${REQUEST_ROW_LABELS.carriedOver.label}`),
      ...resultRows,
      labelled('carriedForward', `四、${REQUEST_ROW_LABELS.carriedForward.label}`),
    ],
  );
}

function appealsTable(view: AnnualReportView): Table {
  const narrow = { size: SIZE.narrowTable };
  const outcomes = () => APPEAL_OUTCOMES.map((o) => cell(APPEAL_OUTCOME_LABELS[o], narrow));
  return table(evenly(15), [
    new TableRow({
      tableHeader: true,
      children: [
        cell(APPEAL_GROUP_LABELS.review, { ...narrow, columnSpan: 5 }),
        cell(LITIGATION_HEADER, { ...narrow, columnSpan: 10 }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      children: [
        ...APPEAL_OUTCOMES.map((o) => cell(APPEAL_OUTCOME_LABELS[o], { ...narrow, rowSpan: 2 })),
        cell(APPEAL_GROUP_LABELS.litigationDirect, { ...narrow, columnSpan: 5 }),
        cell(APPEAL_GROUP_LABELS.litigationAfterReview, { ...narrow, columnSpan: 5 }),
      ],
    }),
    new TableRow({ tableHeader: true, children: [...outcomes(), ...outcomes()] }),
    new TableRow({
      children: APPEAL_GROUPS.flatMap((g) =>
        APPEAL_OUTCOMES.map((o) => cell(String(view.appeals[appealIndex(g, o)] ?? 0), narrow)),
      ),
    }),
  ]);
}

const section = (view: AnnualReportView, id: SectionId) => [heading(SECTION_HEADINGS[id]), ...body(view.sections[id])];

/** The report's DOCX bytes. */
export async function reportDocx(view: AnnualReportView): Promise<Uint8Array> {
  const title = reportTitle(view.name, view.year);
  const document = new Document({
    creator: view.name,
    title,
    styles: { default: { document: { run: { size: SIZE.body, font: { eastAsia: FONT.body, ascii: FONT.latin } } } } },
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 360 },
            children: [run(title, FONT.title, SIZE.title)],
          }),
          ...section(view, 'overview'),
          heading(TABLE_HEADINGS.proactive),
          ...proactiveTable(view),
          heading(TABLE_HEADINGS.requests),
          requestsTable(view),
          heading(TABLE_HEADINGS.appeals),
          appealsTable(view),
          ...section(view, 'problems'),
          ...section(view, 'other'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}

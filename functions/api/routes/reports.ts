import { type Context, Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { beijingYear } from '../../../shared/calendar/beijing';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { reportCsv } from '../../../shared/report/csv';
import { reportDocx } from '../../../shared/report/docx';
import { ReportUpdateSchema } from '../../../shared/report/model';
import { getReport, listReports, updateReport } from '../../../shared/report/service';
import { submitReport } from '../../../shared/report/submit';
import { reportTitle } from '../../../shared/report/template';
import { attachment } from '../../adapters/s3';
import type { StaffEnv } from '../env';
import { parseBody, parsePath, parseQuery, pathId, YearSchema } from '../request';

export const ReportListQuerySchema = z.object({ year: YearSchema.optional() });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 政府信息公开工作年度报告 (条例 arts. 49, 50): read, write, export and submit (shared/report/). */
export function reportRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  const target = (c: Context) => [pathId(c, 'agency'), parsePath(c, 'year', YearSchema)] as const;

  app.get('/', async (c) => {
    const year = parseQuery(c, ReportListQuerySchema).year ?? beijingYear(deps.clock.now()) - 1;
    const rows = await listReports(deps, c.get('identity'), year);
    return c.json(rows satisfies z.input<typeof Api.ReportStatusListSchema>);
  });

  app.get('/:agency/:year', async (c) => {
    const [agency, year] = target(c);
    return c.json(
      (await getReport(deps, c.get('identity'), agency, year)) satisfies z.input<typeof Api.AnnualReportSchema>,
    );
  });

  app.put('/:agency/:year', async (c) => {
    const [agency, year] = target(c);
    const update = await parseBody(c, ReportUpdateSchema);
    const view = await updateReport(deps, c.get('identity'), agency, year, update);
    return c.json(view satisfies z.input<typeof Api.AnnualReportSchema>);
  });

  app.get('/:agency/:year/report.docx', async (c) => {
    const [agency, year] = target(c);
    const view = await getReport(deps, c.get('identity'), agency, year);
    const bytes = await reportDocx(view);
    return c.body(bytes.buffer as ArrayBuffer, 200, {
      'content-type': DOCX,
      'content-disposition': attachment(`${reportTitle(view.name, year)}.docx`),
    });
  });

  app.get('/:agency/:year/report.csv', async (c) => {
    const [agency, year] = target(c);
    const view = await getReport(deps, c.get('identity'), agency, year);
    // A byte order mark: spreadsheets in China open UTF-8 CSV as GBK without one.
    return c.body(`\uFEFF${reportCsv(view)}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`${reportTitle(view.name, year)}.csv`),
    });
  });

  app.post('/:agency/:year/submit', async (c) => {
    const [agency, year] = target(c);
    const submitted = await submitReport(deps, c.get('identity'), agency, year);
    return c.json(submitted satisfies z.input<typeof Api.SubmittedReportSchema>, 201);
  });

  return app;
}

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../infra/paths';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));

/** Runs the package's `gongkai` bin as `npx gongkai` would: a separate process, no server. */
async function gongkai(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [fromRoot('functions/cli/gongkai.mjs'), ...args], {
      cwd: fromRoot(),
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return { code: 0, json: JSON.parse(stdout), stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: undefined, stdout: e.stdout, stderr: e.stderr };
  }
}

async function workbookWith(sheet: string, row: unknown[]): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(sheet, { state: 'hidden' }).addRow(row);
  return wb.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('the gongkai CLI contract', () => {
  it('FIVE-4 scan FILE prints the decision and findings with kind, text, offsets and rule', async () => {
    const path = file('notice.txt', '联系人：王某，手机 139 1234 5678，办公电话 0632-6611234。');
    const { code, json, stdout } = await gongkai('scan', path);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(json).toEqual({
      decision: 'needs-review',
      findings: [{ kind: 'mobile', text: '139 1234 5678', start: 10, end: 23, rule: 'FIVE-4', location: 'body' }],
    });
  });

  it('FIVE-4 scan FILE: each finding says where in the file it was (issue 9)', async () => {
    const xlsx = await workbookWith('低保名单', ['张三', '370405198503142355']);
    const { code, json } = await gongkai('scan', file('list.xlsx', Buffer.from(xlsx)));
    expect(code).toBe(0);
    expect(json).toEqual({
      decision: 'needs-review',
      findings: [
        {
          kind: 'id-number',
          text: '370405198503142355',
          start: 3,
          end: 21,
          rule: 'FIVE-4',
          location: 'sheet 低保名单, cell B1 (hidden sheet)',
        },
      ],
    });
  });

  it('FIVE-4 scan of a clean file is clear; an unreadable one needs review with kind unreadable', async () => {
    expect((await gongkai('scan', file('clean.txt', '各单位：请按时报送材料。'))).json).toEqual({
      decision: 'clear',
      findings: [],
    });
    const unreadable = await gongkai('scan', file('scan.pdf', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10])));
    expect(unreadable.code).toBe(0);
    expect(unreadable.json.decision).toBe('needs-review');
    expect(unreadable.json.findings).toEqual([expect.objectContaining({ kind: 'unreadable', rule: 'REVIEW-2' })]);
  });

  it('COORD-3 route CASE.json prints publisher, approvals and rules', async () => {
    const path = file(
      'case.json',
      JSON.stringify({
        agencies: [
          { id: 'a', status: 'abolished', successorId: 'b' },
          { id: 'b', status: 'abolished', successorId: 'c' },
          { id: 'c', status: 'active' },
          { id: 'stats', status: 'active', competentFor: ['statistics'] },
        ],
        document: { origin: 'made', madeBy: 'a', sensitiveCategory: 'statistics' },
      }),
    );
    const { code, json } = await gongkai('route', path);
    expect(code).toBe(0);
    expect(json).toEqual({ publisher: 'c', approvals: ['stats'], rules: ['COORD-1', 'COORD-3', 'COORD-4'] });
  });

  it('OGI-26 deadline counts working days after the date of formation (official calendar with 调休)', async () => {
    expect((await gongkai('deadline', '2026-09-25')).json).toEqual({ due: '2026-10-29', provisional: false });
    expect((await gongkai('deadline', '2026-09-25', '--working-days', '5')).json).toEqual({
      due: '2026-10-09',
      provisional: false,
    });
    expect((await gongkai('deadline', '2031-03-03')).json.provisional).toBe(true);
  });

  it.each([
    [['scan', join(dir, 'missing.txt')], /cannot read/],
    [['route', file('bad.json', '{not json')], /not JSON/],
    [
      [
        'route',
        file(
          'cycle.json',
          JSON.stringify({
            agencies: [
              { id: 'a', status: 'abolished', successorId: 'b' },
              { id: 'b', status: 'abolished', successorId: 'a' },
            ],
            document: { origin: 'made', madeBy: 'a' },
          }),
        ),
      ],
      /cycle/,
    ],
    [['deadline', '2026-02-30'], /not a real calendar date/],
    [['deadline', '2026-03-02', '--working-days', 'ten'], /working-days/],
    [['frobnicate'], /unknown command/],
    [['audit'], /audit what\? \(verify\)/],
    [['audit', 'check'], /unknown audit command "check"/],
    [['audit', 'verify', '--table', 'gongkai'], /both --table and --digest-bucket/],
    [['audit', 'verify', '--data-dir', join(dir, 'no-data')], /no gongkai data in/],
    [['audit', 'verify', '--working-days', '3'], /--working-days is not an option of audit/],
    [['deadline', '2026-03-02', '--document', 'x'], /--document is not an option of deadline/],
  ])('fails with exit 2 and a message on stderr for %j', async (args, message) => {
    const { code, stdout, stderr } = await gongkai(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

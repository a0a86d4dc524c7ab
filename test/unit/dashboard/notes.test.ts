import { describe, expect, it } from 'vitest';
import { en } from '../../../dashboard/src/i18n/en';
import { type NoteOf, noteText } from '../../../dashboard/src/i18n/notes';
import { zh } from '../../../dashboard/src/i18n/zh';
import { AuditNoteSchema, DocumentDetailSchema } from '../../../shared/api/responses';
import type { AuditNote, AuditNoteCode } from '../../../shared/model/document';

/**
 * Every note code with sample facts, and the Chinese the pipeline wrote for the same facts when it
 * still worded the notes itself (shared/pipeline/notes.ts, copied from its output): the history
 * must read as it always has.
 */
const CASES: { readonly [C in AuditNoteCode]: ReadonlyArray<readonly [NoteOf<C>, string]> } = {
  registered: [
    [{ code: 'registered', disclosure: 'proactive' }, '登记文件（主动公开）'],
    [{ code: 'registered', disclosure: 'on-request' }, '登记文件（依申请公开）'],
    [{ code: 'registered', disclosure: 'not-disclosed' }, '登记文件（不予公开）'],
  ],
  abolished: [
    [
      { code: 'abolished', on: '2026-03-01', document: '台政发〔2026〕3号' },
      '废止：自 2026-03-01 起，依据 台政发〔2026〕3号',
    ],
  ],
  received: [[{ code: 'received' }, '已接收上传文件']],
  'scan-clear': [[{ code: 'scan-clear' }, '自动保密审查：未发现涉密或个人信息']],
  'rescan-clear': [[{ code: 'rescan-clear' }, '删除敏感内容后的版本复查：未发现问题']],
  'task-opened': [
    [{ code: 'task-opened', kind: 'signoff', assignees: ['li.na'], escalated: false }, '领导签发任务 → li.na'],
    [
      { code: 'task-opened', kind: 'review', assignees: ['wang.fang', 'zhao.lei'], escalated: false },
      '保密审查任务 → wang.fang、zhao.lei',
    ],
    [
      { code: 'task-opened', kind: 'signoff', assignees: ['sun.qiang'], escalated: true },
      '超时升级：领导签发任务 → sun.qiang',
    ],
    [
      { code: 'task-opened', kind: 'approval', assignees: ['chen.jing'], escalated: false },
      '主管部门审批任务 → chen.jing',
    ],
    [
      { code: 'task-opened', kind: 'consultation', assignees: ['zhou.min'], escalated: false },
      '征求意见任务 → zhou.min',
    ],
    [
      { code: 'task-opened', kind: 'escalation', assignees: ['gov-office'], escalated: false },
      '提请公开主管部门协调任务 → gov-office',
    ],
  ],
  decided: [
    [{ code: 'decided', kind: 'signoff', decision: 'approve' }, '领导签发：同意'],
    [{ code: 'decided', kind: 'signoff', decision: 'reject', comment: '数据有误' }, '领导签发：不同意（数据有误）'],
    [{ code: 'decided', kind: 'review', decision: 'clear' }, '保密审查：审查通过'],
    [{ code: 'decided', kind: 'review', decision: 'redact' }, '保密审查：删除敏感内容后重新审查'],
    [
      { code: 'decided', kind: 'review', decision: 'withhold', comment: '《政府信息公开条例》第十四条' },
      '保密审查：不予公开（《政府信息公开条例》第十四条）',
    ],
    [
      { code: 'decided', kind: 'review', decision: 'return', comment: '请补充附件' },
      '保密审查：退回修改（请补充附件）',
    ],
    [{ code: 'decided', kind: 'approval', decision: 'approve' }, '主管部门审批：同意'],
    [
      { code: 'decided', kind: 'approval', decision: 'reject', comment: '口径不一致' },
      '主管部门审批：不同意（口径不一致）',
    ],
    [{ code: 'decided', kind: 'consultation', decision: 'agree' }, '征求意见：无异议'],
    [
      { code: 'decided', kind: 'consultation', decision: 'object', comment: '涉及我局职责' },
      '征求意见：有异议（涉及我局职责）',
    ],
    [{ code: 'decided', kind: 'escalation', decision: 'publish' }, '提请公开主管部门协调：协调后公开'],
    [
      { code: 'decided', kind: 'escalation', decision: 'stop', comment: '暂缓公开' },
      '提请公开主管部门协调：协调后不公开（暂缓公开）',
    ],
    // A decision the words do not know shows as itself; an empty comment adds nothing.
    [{ code: 'decided', kind: 'review', decision: 'postpone' }, '保密审查：postpone'],
    [{ code: 'decided', kind: 'signoff', decision: 'approve', comment: '' }, '领导签发：同意'],
  ],
  routed: [
    [{ code: 'routed', publisher: 'edu', approvals: [] }, '发布单位：edu'],
    [{ code: 'routed', publisher: 'agri', approvals: ['health', 'stats'] }, '发布单位：agri；须经 health、stats 审批'],
  ],
  refused: [
    [{ code: 'refused', agency: 'edu', publisher: 'health' }, 'edu 无权发布：应由 health 公开（擅自发布，COORD-6）'],
  ],
  'after-consultation': [
    [{ code: 'after-consultation', publisher: 'edu', coordinated: true }, '发布单位：edu（经公开主管部门协调）'],
    [{ code: 'after-consultation', publisher: 'health', coordinated: false }, '发布单位：health（相关单位无异议）'],
  ],
  corrected: [[{ code: 'corrected', note: '第二段日期有误' }, '更正：第二段日期有误']],
  withdrawn: [[{ code: 'withdrawn', reason: '所依据的文件已废止' }, '撤回：所依据的文件已废止']],
  failed: [
    // A step the dictionary does not know, and a system failure's error: shown as they were recorded.
    [{ code: 'failed', step: 'scan', error: 'extraction timed out' }, '处理失败（scan）：extraction timed out'],
    [
      {
        code: 'failed',
        step: 'Intake',
        error: 'registered as text/plain but the file is an image',
        problem: { code: 'not-as-registered', registered: 'text/plain', found: 'image' },
      },
      '处理失败（接收文件）：登记的是 TXT 文件，上传的却是图片',
    ],
    [
      {
        code: 'failed',
        step: 'Confidentiality review',
        error: 'the scan stopped twice on this file without finishing',
        problem: { code: 'scan-stopped' },
      },
      '处理失败（保密审查）：自动保密审查两次读取该文件都没有完成（文件可能已损坏或结构异常），已停止处理',
    ],
  ],
  'upload-ignored': [[{ code: 'upload-ignored' }, '保密审查后再次上传的文件未被采用（以审查过的版本为准）']],
  cancelled: [[{ code: 'cancelled', reason: '文件未按时上传' }, '撤销登记：文件未按时上传']],
  // The step was shown as the state machine names it (自 Routing 起) until it was worded too.
  rerun: [[{ code: 'rerun', step: 'Routing' }, '重新处理（自“确定发布主体”环节起）']],
  'deadline-recomputed': [
    [
      {
        code: 'deadline-recomputed',
        year: 2027,
        deadline: 'publication',
        from: '2027-02-01',
        to: '2027-02-08',
        provisional: false,
      },
      '按导入的 2027 年节假日安排重算公开期限：2027-02-01 → 2027-02-08',
    ],
    [
      {
        code: 'deadline-recomputed',
        year: 2027,
        deadline: 'task',
        from: '2027-02-03',
        to: '2027-02-10',
        provisional: false,
        taskId: 't1',
        kind: 'signoff',
      },
      '按导入的 2027 年节假日安排重算领导签发任务期限：2027-02-03 → 2027-02-10',
    ],
  ],
};

const ALL = Object.values(CASES).flat() as ReadonlyArray<readonly [AuditNote, string]>;

/** The note's own text (ids, comments, reasons): what a dictionary passes through as it is. */
function factsOf(note: AuditNote): string[] {
  return Object.entries(note)
    .filter(([key]) => key !== 'code')
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

describe('audit notes worded by the dashboard', () => {
  it('has sample facts for every code', () => {
    for (const [code, cases] of Object.entries(CASES)) expect(cases.length, code).toBeGreaterThan(0);
  });

  it.each(ALL.map(([note, text]) => [note.code, note, text] as const))(
    'words %s in Chinese exactly as the history has read',
    (_code, note, text) => {
      expect(noteText(zh.notes, note)).toBe(text);
    },
  );

  it.each(ALL.map(([note]) => [note.code, note] as const))('words %s in English', (_code, note) => {
    const text = noteText(en.notes, note);
    expect(text.trim()).not.toBe('');
    // Without the facts the note carries (a comment, a reason), nothing is left in Chinese.
    const words = factsOf(note).reduce((rest, fact) => rest.replaceAll(fact, ''), text);
    expect(words).not.toMatch(/\p{Script=Han}/u);
  });

  it("reads every sample through the API's schema", () => {
    for (const [note] of ALL) expect(AuditNoteSchema.parse(note)).toEqual(note);
    expect(AuditNoteSchema.safeParse('登记文件（主动公开）').success).toBe(false);
    expect(AuditNoteSchema.safeParse({ code: 'refused', agency: 'edu' }).success).toBe(false);
  });

  it('takes a document whose history carries notes as codes', () => {
    const history = ALL.map(([note], i) => ({
      documentId: 'd1',
      at: `2026-03-02T0${i % 10}:00:00.000Z`,
      actor: 'system:pipeline',
      from: i === 0 ? null : 'RECEIVED',
      to: 'IN_REVIEW',
      note,
      seq: i + 1,
      prevSeq: i === 0 ? null : i,
      prevHash: i === 0 ? null : `${i}`.padStart(64, '0'),
      hash: `${i + 1}`.padStart(64, '0'),
    }));
    const doc = DocumentDetailSchema.parse({
      id: 'd1',
      title: '关于春季开学工作的通知',
      agency: 'edu',
      department: 'office',
      category: '02',
      formedAt: '2026-03-02',
      disclosure: 'proactive',
      origin: 'made',
      filename: 'n.txt',
      contentType: 'text/plain',
      status: 'IN_REVIEW',
      uploadedBy: 'zhang.wei',
      createdAt: '2026-03-02T01:00:00.000Z',
      updatedAt: '2026-03-02T01:00:00.000Z',
      objectKey: 'uploads/d1',
      history,
    });
    expect(doc.history.map((e) => e.note)).toEqual(ALL.map(([note]) => note));
  });
});

import type { DisclosureAttribute } from '../model/document';
import type { TaskKind } from '../model/task';

/**
 * Audit-trail notes, in Chinese: the history is read by agency staff and the oversight group
 * (many read only Chinese) and is kept as the record. Rule IDs and statuses stay machine-readable
 * beside them.
 */
const TASK: Record<TaskKind, string> = {
  review: '保密审查',
  signoff: '领导签发',
  approval: '主管部门审批',
  consultation: '征求意见',
  escalation: '提请公开主管部门协调',
};

const DECISION: Record<string, string> = {
  approve: '同意',
  reject: '不同意',
  clear: '审查通过',
  redact: '删除敏感内容后重新审查',
  withhold: '不予公开',
  return: '退回修改',
  agree: '无异议',
  object: '有异议',
  publish: '协调后公开',
  stop: '协调后不公开',
};

const DISCLOSURE: Record<DisclosureAttribute, string> = {
  proactive: '主动公开',
  'on-request': '依申请公开',
  'not-disclosed': '不予公开',
};

export const notes = {
  registered: (disclosure: DisclosureAttribute) => `登记文件（${DISCLOSURE[disclosure]}）`,
  received: '已接收上传文件',
  scanClear: '自动保密审查：未发现涉密或个人信息',
  rescanClear: '删除敏感内容后的版本复查：未发现问题',
  taskOpened: (kind: TaskKind, assignees: readonly string[], escalated: boolean) =>
    `${escalated ? '超时升级：' : ''}${TASK[kind]}任务 → ${assignees.join('、')}`,
  decided: (kind: TaskKind, decision: string, comment?: string) =>
    `${TASK[kind]}：${DECISION[decision] ?? decision}${comment ? `（${comment}）` : ''}`,
  routed: (publisher: string, approvals: readonly string[]) =>
    `发布单位：${publisher}${approvals.length ? `；须经 ${approvals.join('、')} 审批` : ''}`,
  refused: (agency: string, publisher: string) => `${agency} 无权发布：应由 ${publisher} 公开（擅自发布，COORD-6）`,
  afterConsultation: (publisher: string, coordinated: boolean) =>
    `发布单位：${publisher}（${coordinated ? '经公开主管部门协调' : '相关单位无异议'}）`,
  corrected: (note: string) => `更正：${note}`,
  withdrawn: (reason: string) => `撤回：${reason}`,
  failed: (step: string, error: string) => `处理失败（${step}）：${error}`,
};

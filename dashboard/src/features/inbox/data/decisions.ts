import { DECISIONS, type Decision, decisionNeedsComment, type TaskKind } from '../../../../../shared/model/task';
import { type Dict, label } from '../../../i18n';

export type DecisionTone = 'primary' | 'danger' | 'plain';

/** How each decision's button looks; a new decision does not compile until it has a tone. */
const TONES: Record<Decision, DecisionTone> = {
  approve: 'primary',
  reject: 'danger',
  clear: 'primary',
  redact: 'plain',
  withhold: 'danger',
  return: 'plain',
  agree: 'primary',
  object: 'danger',
  publish: 'primary',
  stop: 'danger',
};

/** `redact` needs the redacted file too: the task card offers it apart from the buttons. */
const WITH_FILE: Decision = 'redact';

export interface DecisionButton {
  readonly decision: Decision;
  readonly tone: DecisionTone;
  /** The server refuses it without a comment. */
  readonly needsComment: boolean;
}

/** The decisions a kind of task takes as plain buttons, in the domain's order. */
export function decisionsFor(kind: TaskKind): DecisionButton[] {
  return (DECISIONS[kind] as readonly Decision[])
    .filter((decision) => decision !== WITH_FILE)
    .map((decision) => ({ decision, tone: TONES[decision], needsComment: decisionNeedsComment(decision) }));
}

/** Whether the kind of task takes a redacted version (a review's 删除敏感内容后公开). */
export function offersRedaction(kind: TaskKind): boolean {
  return (DECISIONS[kind] as readonly Decision[]).includes(WITH_FILE);
}

/** What a decision's button says for a kind of task (同意签发 rather than 同意). */
export function actionLabel(d: Dict, kind: TaskKind, decision: string): string {
  const actions: Readonly<Record<string, string>> = d.inbox.actions;
  return actions[`${kind}:${decision}`] ?? label(d, 'decision', decision);
}

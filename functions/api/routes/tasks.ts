import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { ACCEPTED_CONTENT_TYPES } from '../../../shared/model/document';
import { safeText } from '../../../shared/model/text';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { openTasksPage } from '../../../shared/pipeline/lists';
import { answerWaitingFlow } from '../../../shared/pipeline/tasks/answer';
import { decideTask, requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import { readTaskExcerpt } from '../../../shared/pipeline/tasks/excerpt';
import { assigneesOf } from '../../../shared/pipeline/tasks/rules';
import type { WorkflowCallbacks } from '../../../shared/ports';
import type { StaffEnv } from '../env';
import { idempotencyKeyOf, markReplayed, PageQuerySchema, parseBody, parseQuery, pathId } from '../request';

export const DecisionSchema = z.object({
  decision: z.string({ error: 'decision must be text' }).min(1, 'decision is required').max(50),
  comment: safeText('comment', 2000, 0).optional(),
  redactionKey: z.string().max(300).optional(),
});

export const RedactionSchema = z.object({ contentType: z.enum(ACCEPTED_CONTENT_TYPES) });

export function taskRoutes(deps: PipelineDeps, callbacks: WorkflowCallbacks) {
  const app = new Hono<StaffEnv>();

  // One page of the caller's open tasks, each with the document summary it carries: no document is read.
  app.get('/', async (c) => {
    const request = parseQuery(c, PageQuerySchema);
    const page = await openTasksPage(deps.tasks, assigneesOf(c.get('identity')), request);
    return c.json({
      ...page,
      entries: page.entries.map(({ taskToken: _token, ...task }) => task),
    } satisfies z.input<typeof Api.TaskListSchema>);
  });

  // The extracted text with the findings in it, read when the assignee opens the task (not in the list).
  app.get('/:id/excerpt', async (c) => {
    const text = await readTaskExcerpt(deps, c.get('identity'), pathId(c, 'id'));
    return c.json((text === undefined ? {} : { text }) satisfies z.input<typeof Api.TaskExcerptSchema>);
  });

  // A reviewer uploads a redacted version, then decides `redact` with the key returned here.
  app.post('/:id/redaction', async (c) => {
    const id = pathId(c, 'id');
    const { contentType } = await parseBody(c, RedactionSchema);
    const slot = await requestRedactionUpload(deps, c.get('identity'), id, contentType);
    return c.json(slot satisfies z.input<typeof Api.RedactionUploadSchema>, 201);
  });

  app.post('/:id/decision', async (c) => {
    const id = pathId(c, 'id');
    const input = await parseBody(c, DecisionSchema);
    const key = idempotencyKeyOf(c);
    const { taskToken, kind, output, replayed } = await decideTask(deps, c.get('identity'), id, input, key);
    markReplayed(c, replayed);
    // Other agencies' replies to the same consultation are still awaited.
    const answer = (flowResumed: boolean) =>
      ({ ok: true, ...output, flowResumed }) satisfies z.input<typeof Api.DecisionResponseSchema>;
    if (!taskToken) return c.json(answer(false));
    try {
      // A replay resumes the flow too: the first request may have recorded the decision and no more.
      await answerWaitingFlow(callbacks, taskToken, kind, output);
    } catch (err) {
      // The decision is recorded and the document has moved; only the waiting execution is gone
      // (timed out, or the local runtime restarted; on a replay, most often resumed by the first
      // request). Resuming the document carries it on.
      if (!replayed) console.error('decision recorded but the flow could not be resumed', err);
      return c.json(answer(false), 202);
    }
    return c.json(answer(true));
  });

  return app;
}

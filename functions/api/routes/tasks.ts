import { Hono } from 'hono';
import { z } from 'zod';
import { ACCEPTED_CONTENT_TYPES } from '../../../shared/model/document';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { assigneesOf, decideTask, requestRedactionUpload } from '../../../shared/pipeline/tasks';
import type { WorkflowCallbacks } from '../../../shared/ports';
import type { StaffEnv } from '../env';

export const DecisionSchema = z.object({
  decision: z.string().min(1),
  comment: z.string().trim().max(2000).optional(),
  redactionKey: z.string().max(300).optional(),
});

export const RedactionSchema = z.object({ contentType: z.enum(ACCEPTED_CONTENT_TYPES) });

export function taskRoutes(deps: PipelineDeps, callbacks: WorkflowCallbacks) {
  const app = new Hono<StaffEnv>();

  app.get('/', async (c) => {
    const tasks = await deps.tasks.listOpen(assigneesOf(c.get('identity')));
    const withDocuments = await Promise.all(
      tasks.map(async ({ taskToken: _token, ...task }) => {
        const doc = await deps.documents.get(task.documentId);
        return {
          ...task,
          document: doc && {
            title: doc.title,
            agency: doc.agency,
            department: doc.department,
            disclosure: doc.disclosure,
            formedAt: doc.formedAt,
            dueAt: doc.dueAt,
            findings: doc.findings ?? [],
            ...(doc.textExcerpt ? { text: doc.textExcerpt } : {}),
          },
        };
      }),
    );
    return c.json(withDocuments);
  });

  // A reviewer uploads a redacted version, then decides `redact` with the key returned here.
  app.post('/:id/redaction', async (c) => {
    const { contentType } = RedactionSchema.parse(await c.req.json().catch(() => ({})));
    return c.json(await requestRedactionUpload(deps, c.get('identity'), c.req.param('id'), contentType), 201);
  });

  app.post('/:id/decision', async (c) => {
    const input = DecisionSchema.parse(await c.req.json().catch(() => ({})));
    const { taskToken, output } = await decideTask(deps, c.get('identity'), c.req.param('id'), input);
    // Other agencies' replies to the same consultation are still awaited.
    if (!taskToken) return c.json({ ok: true, ...output, flowResumed: false });
    try {
      await callbacks.succeed(taskToken, output);
    } catch (err) {
      // The decision is recorded and the document has moved; only the waiting execution is gone
      // (timed out, or the local runtime restarted). Resuming the document carries it on.
      console.error('decision recorded but the flow could not be resumed', err);
      return c.json({ ok: true, ...output, flowResumed: false }, 202);
    }
    return c.json({ ok: true, ...output, flowResumed: true });
  });

  return app;
}

import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { isoDate, safeLine } from '../../../shared/model/text';
import { abolishDocument } from '../../../shared/pipeline/abolish';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';
import { parseBody, pathId } from '../request';

/** 废止: the day it stops being in force and the abolishing document (its number and title). */
export const DocumentAbolitionSchema = z.object({ on: isoDate('on'), document: safeLine('document', 200) });

/** The lifecycle of published regulations and normative documents (shared/model/lifecycle.ts). */
export function lifecycleRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.post('/:id/abolish', async (c) => {
    const id = pathId(c, 'id');
    const input = await parseBody(c, DocumentAbolitionSchema);
    const doc = await abolishDocument(deps, c.get('identity'), id, input);
    return c.json(
      { id: doc.id, status: doc.status, abolition: doc.abolition } satisfies z.input<
        typeof Api.AbolishedDocumentSchema
      >,
      201,
    );
  });
  return app;
}

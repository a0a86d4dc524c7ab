import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as Api from '../../shared/api/responses';
import { createWorld, EDU_METADATA, PEOPLE, YEAR } from './support';

/**
 * The dashboard parses what it reads with the schemas of shared/api: every JSON answer it reads,
 * with real data in it, must parse — and parse to itself, so no field reaches the dashboard that
 * the schema does not declare (zod would strip it silently).
 */

/** A district with something in every list: published, in flight, in review, late, withdrawn. */
async function populated() {
  const w = createWorld();
  const published = await w.published({ importantPolicy: true });
  const late = await w.published({ title: '逾期公开的通知', formedAt: '2026-09-01' });
  const withdrawn = await w.published({ title: '后来撤回的通知' });
  await w.call('POST', `/api/documents/${withdrawn.id}/withdrawal`, {
    as: PEOPLE.uploaderEdu,
    body: { reason: '内容有误' },
  });
  const signoff = await w.awaitingSignoff();
  const review = await w.inReview();
  return { w, published, late, withdrawn, signoff, review };
}

/** Parses `body` with `schema`, expecting it to come out as it went in. */
function parses<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}

describe('the answers the dashboard reads match the schemas in shared/api', () => {
  it('GET /api/me → IdentitySchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', '/api/me', { as: PEOPLE.leader });
    expect(res.status).toBe(200);
    expect(parses(Api.IdentitySchema, res.body)).toMatchObject({ user: 'li.na', departments: ['office', 'basic-edu'] });
  });

  it('GET /api/agencies → AgencyListSchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', '/api/agencies');
    expect(res.status).toBe(200);
    const agencies = parses(Api.AgencyListSchema, res.body);
    expect(agencies.length).toBeGreaterThan(10);
    expect(agencies.find((a) => a.id === 'edu')?.departments.length).toBeGreaterThan(0);
  });

  it('POST /api/documents → CreatedDocumentSchema', async () => {
    const { w } = await populated();
    const res = await w.call('POST', '/api/documents', { as: PEOPLE.uploaderEdu, body: EDU_METADATA });
    expect(res.status).toBe(201);
    expect(parses(Api.CreatedDocumentSchema, res.body).uploadUrl).not.toBe('');
  });

  it('GET /api/documents → DocumentListSchema', async () => {
    const { w, published } = await populated();
    const res = await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu });
    expect(res.status).toBe(200);
    const list = parses(Api.DocumentListSchema, res.body).entries;
    expect(list.length).toBe(5);
    expect(list.find((d) => d.id === published.id)?.indexNumber).toBe(published.indexNumber);
  });

  it('GET /api/documents/:id → DocumentDetailSchema, for a document in review and a withdrawn one', async () => {
    const { w, review, withdrawn } = await populated();
    for (const id of [review.id, withdrawn.id]) {
      const res = await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.uploaderEdu });
      expect(res.status).toBe(200);
      const detail = parses(Api.DocumentDetailSchema, res.body);
      expect(detail.history.length).toBeGreaterThanOrEqual(3);
    }
    const inReview = await w.call('GET', `/api/documents/${review.id}`, { as: PEOPLE.reviewer });
    expect(Api.DocumentDetailSchema.parse(inReview.body).findings?.length).toBeGreaterThan(0);
  });

  it('GET /api/tasks → TaskListSchema, with the findings of a review', async () => {
    const { w, review } = await populated();
    const res = await w.call('GET', '/api/tasks', { as: PEOPLE.reviewer });
    expect(res.status).toBe(200);
    const tasks = parses(Api.TaskListSchema, res.body).entries;
    expect(tasks.map((t) => t.id)).toEqual([review.taskId]);
    expect(tasks[0]?.document?.findings.length).toBeGreaterThan(0);
  });

  it('POST /api/tasks/:id/decision → DecisionResponseSchema', async () => {
    const { w, signoff } = await populated();
    const res = await w.call('POST', `/api/tasks/${signoff.taskId}/decision`, {
      as: PEOPLE.leader,
      body: { decision: 'approve' },
    });
    expect(res.status).toBe(200);
    expect(parses(Api.DecisionResponseSchema, res.body).flowResumed).toBe(true);
  });

  it('POST /api/tasks/:id/redaction → RedactionUploadSchema', async () => {
    const { w, review } = await populated();
    const res = await w.call('POST', `/api/tasks/${review.taskId}/redaction`, {
      as: PEOPLE.reviewer,
      body: { contentType: 'text/plain' },
    });
    expect(res.status).toBe(201);
    parses(Api.RedactionUploadSchema, res.body);
  });

  it('GET /api/pipeline → PipelineSchema', async () => {
    const { w, signoff, review } = await populated();
    const res = await w.call('GET', '/api/pipeline', { as: PEOPLE.oversight });
    expect(res.status).toBe(200);
    const items = parses(Api.PipelineSchema, res.body).entries;
    expect(items.map((i) => i.id).sort()).toEqual([signoff.id, review.id].sort());
    expect(items[0]?.workingDaysLeft).toBeGreaterThan(0);
  });

  it('GET /api/catalog → CatalogSchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', `/api/catalog?year=${YEAR}`);
    expect(res.status).toBe(200);
    const { entries, next } = parses(Api.CatalogSchema, res.body);
    expect(entries.length).toBe(3);
    expect(next).toBeUndefined();
    expect(entries.find((e) => e.status === 'WITHDRAWN')?.withdrawalReason).toBe('内容有误');
    expect(entries.find((e) => e.importantPolicy)?.interpretationMissing).toBe(true);
  });

  it('GET /api/catalog/entries/:id → PublicCatalogEntrySchema', async () => {
    const { w, published } = await populated();
    const res = await w.call('GET', `/api/catalog/entries/${published.id}`);
    expect(res.status).toBe(200);
    expect(parses(Api.PublicCatalogEntrySchema, res.body)).toMatchObject({ queries: 1, url: expect.any(String) });
  });

  it('GET /api/scores → ScoresSchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', `/api/scores?year=${YEAR}`, { as: PEOPLE.oversight });
    expect(res.status).toBe(200);
    const scores = parses(Api.ScoresSchema, res.body);
    // The three published; the two in flight count once their deadline passes.
    expect(scores.find((s) => s.agency === 'edu')?.timeliness.denominator).toBe(3);
  });

  it('GET /api/scores/years → ScoreYearsSchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', '/api/scores/years', { as: PEOPLE.admin });
    expect(res.status).toBe(200);
    expect(parses(Api.ScoreYearsSchema, res.body)).toEqual([YEAR]);
  });

  it('GET /api/scores/:agency/:year → AgencyEvidenceSchema, with evidence', async () => {
    const { w, late, withdrawn } = await populated();
    const res = await w.call('GET', `/api/scores/edu/${YEAR}`, { as: PEOPLE.oversight });
    expect(res.status).toBe(200);
    const evidence = parses(Api.AgencyEvidenceSchema, res.body).evidence;
    expect(evidence.map((e) => [e.documentId, e.code])).toEqual(
      expect.arrayContaining([
        [late.id, 'late'],
        [withdrawn.id, 'withdrawn'],
      ]),
    );
  });

  it('every failure → ErrorResponseSchema', async () => {
    const { w } = await populated();
    const res = await w.call('GET', '/api/scores', { as: PEOPLE.uploaderEdu });
    expect(res.status).toBe(403);
    parses(Api.ErrorResponseSchema, res.body);
  });
});

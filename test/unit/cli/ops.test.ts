import { describe, expect, it } from 'vitest';
import { type OpsTarget, runOps } from '../../../functions/cli/ops';
import type { DocumentRecord } from '../../../shared/model/document';
import { ValidationError } from '../../../shared/model/errors';
import { failDocument } from '../../../shared/pipeline/failure';
import { SWEEP_AFTER_MS } from '../../../shared/pipeline/ops';
import { CLEAN, docOf, lastEvent, NOW, register, submit, world } from '../pipeline/drive';

/** `gongkai ops …` in process, on a target of memory ports (the bin reaches the local runtime or AWS). */

function target() {
  const deps = world();
  const redelivered: string[] = [];
  let closed = 0;
  const ops: OpsTarget = {
    deps,
    starter: Object.assign(deps.workflow, {
      async redeliver(eventId: string) {
        redelivered.push(eventId);
        return true;
      },
    }),
    deadLetters: { receive: async () => [], remove: async () => {} },
    async close() {
      closed++;
    },
  };
  const environment = { connectLocalOps: async () => ops, env: {} };
  return { deps, ops, environment, closed: () => closed, redelivered };
}

describe('gongkai ops', () => {
  it('redrive --document ID re-runs it as cli:<actor>, and lets go of the target', async () => {
    const t = target();
    const { id } = await submit(t.deps, CLEAN);
    await failDocument(t.deps, id, { step: 'Confidentiality review', error: 'Lambda.Unknown', kind: 'system' });
    const out = await runOps(['redrive', '--document', id, '--actor', 'wang.ops'], t.environment);
    expect(out).toEqual({ value: { rerun: [id], skipped: [] }, exitCode: 0 });
    expect(await lastEvent(t.deps, id)).toMatchObject({ actor: 'cli:wang.ops', to: 'RECEIVED' });
    expect(t.closed()).toBe(1);
  });

  it('sweep [--older-than-minutes N] starts lost uploads; the default is five minutes', async () => {
    const t = target();
    const lost = await register(t.deps);
    t.deps.files.put(lost.objectKey, CLEAN, 'text/plain');
    t.deps.clock.set(new Date(Date.parse(NOW) + 60_000).toISOString());
    expect((await runOps(['sweep'], t.environment)).value).toMatchObject({ checked: 0, started: [] });
    expect((await runOps(['sweep', '--older-than-minutes', '1'], t.environment)).value).toMatchObject({
      checked: 1,
      started: [lost.id],
    });
    expect(SWEEP_AFTER_MS).toBe(5 * 60_000);
    expect((await docOf(t.deps, lost.id)).status).toBe('DRAFT');
    expect(t.deps.workflow.started).toEqual([{ documentId: lost.id, purpose: 'sweep' }]);
  });

  it('migrate brings stored documents to today’s layout, reports what it wrote, and is safe to run again', async () => {
    const t = target();
    const { id } = await submit(t.deps, CLEAN);
    const doc = await docOf(t.deps, id);
    await t.deps.documents.commit({
      document: { ...doc, version: (doc.version ?? 0) + 1, contentKey: `pinned/${id}/${doc.sha256}` } as DocumentRecord,
      expectedVersion: doc.version ?? 0,
      scores: { counters: [] },
    });
    expect(await runOps(['migrate'], t.environment)).toEqual({
      value: { documents: 1, excerpts: 0, tasks: 0 },
      exitCode: 0,
    });
    expect(await docOf(t.deps, id)).not.toHaveProperty('contentKey');
    // In flight: written again (its index keys), nothing else to do.
    expect((await runOps(['migrate'], t.environment)).value).toEqual({ documents: 1, excerpts: 0, tasks: 0 });
    expect(t.closed()).toBe(2);
  });

  it.each([
    [['migrate', '--table', 't', '--state-machine', 'arn:x'], /ops migrate needs --intake-bucket/],
    [['migrate', '--document', 'x'], /--document is not an option of ops migrate/],
    [['redrive'], /one of --document ID or --failed-since/],
    [['redrive', '--document', 'a', '--failed-since', '2026-11-01'], /one of --document ID or --failed-since/],
    [['redrive', '--document', '../etc'], /is not a document id/],
    [['sweep', '--document', 'x'], /--document is not an option of ops sweep/],
    [['sweep', '--older-than-minutes', 'soon'], /whole number ≥ 0/],
    [['replay-dlq', '--max', '0'], /--max must be a whole number ≥ 1/],
    [['frobnicate'], /unknown ops command "frobnicate"/],
    [[], /ops what\?/],
    [['sweep', '--table', 'gongkai'], /a deployment needs --state-machine|needs --intake-bucket/],
    [['redrive', '--document', 'a', '--state-machine', 'arn:x'], /a deployment needs --table/],
    [
      ['sweep', '--table', 't', '--state-machine', 'arn:x', '--data-dir', '/tmp'],
      /--data-dir is for the local runtime/,
    ],
  ])('refuses %j, saying why, before reaching anything', async (argv, message) => {
    const t = target();
    const refused = runOps(argv as string[], t.environment);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(runOps(argv as string[], t.environment)).rejects.toThrow(message);
    expect(t.closed()).toBe(0);
  });
});

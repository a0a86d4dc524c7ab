import { afterAll, describe, expect, it } from 'vitest';
import { planDemoHistory } from '../../infra/local/demo/history';
import { readDemoProgress } from '../../infra/local/demo/progress';
import type { LocalRuntime } from '../../infra/local/runtime';
import { alive, javaOf, killHard, spawnRuntime } from './processes';
import { runtimePorts, startTestRuntime, tempDataDir } from './support';

/** A small district: two agencies, two documents each a year (two years). */
const DEMO = { perAgencyYear: 2, agencies: 2 };

/**
 * A first start builds the demo district; one that is killed while doing so must not leave it
 * half-built and silent: the next start says so and finishes it — every planned document once,
 * none registered twice — and the one after leaves it alone.
 */
/** Each test starts (and kills) whole runtimes: a guard against hangs, not a speed limit. */
const SPAWNS_RUNTIMES = 240_000;

describe('an interrupted demo district', () => {
  const data = tempDataDir();
  const pids = new Set<number>();
  const runtimes: LocalRuntime[] = [];

  afterAll(async () => {
    for (const pid of pids) {
      try {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {}
    }
    await Promise.allSettled(runtimes.map((r) => r.stop()));
    data.remove();
  });

  it(
    'is finished by the next start, each document once, and then left alone',
    async () => {
      const ports = await runtimePorts();
      const first = spawnRuntime(ports, data.dir, pids, DEMO);
      const { total } = await first.line<{ progress: number; total: number }>((l) => l.progress >= 2, 180_000);
      // Killed in the middle of the next document (uploaded, say, or waiting for its sign-off).
      await new Promise((r) => setTimeout(r, 400));
      const java = javaOf(data.dir);
      if (java) pids.add(java);
      process.kill(first.pid, 'SIGKILL');
      await first.exited;
      await killHard(java);
      const interrupted = readDemoProgress(data.dir);
      expect(interrupted).toMatchObject({ status: 'running', perAgencyYear: 2, agencies: 2 });
      expect(interrupted?.done).toBeGreaterThanOrEqual(2);
      expect(interrupted?.done).toBeLessThan(total);

      const log: string[] = [];
      const start = async () => {
        const runtime = await startTestRuntime(data.dir, {
          ...ports,
          demoHistory: DEMO,
          log: (m) => log.push(m),
        });
        runtimes.push(runtime);
        return runtime;
      };
      const second = await start();
      expect(log.join('\n')).toMatch(
        new RegExp(`stopped after ${interrupted?.done} of ${total} documents; finishing it`),
      );
      expect(readDemoProgress(data.dir)).toMatchObject({ status: 'complete', done: total, total });
      expect(second.demoDocuments).toBe(total - (interrupted?.done ?? 0));

      // Every planned document exists exactly once (an interpretation beside its policy).
      const progress = readDemoProgress(data.dir);
      const plans = planDemoHistory({ ...DEMO, years: progress?.years ?? [], until: progress?.until ?? '' });
      expect(plans).toHaveLength(total);
      const titlesOf = async (agency: string) =>
        (await second.deps.documents.listAllByAgency(agency)).map((d) => d.title).sort();
      for (const agency of new Set(plans.map((p) => p.agencyId))) {
        const planned = plans
          .filter((p) => p.agencyId === agency)
          .flatMap((p) => (p.kind === 'policy-with-interpretation' ? [p.title, `《${p.title}》政策解读`] : [p.title]));
        expect(await titlesOf(agency), agency).toEqual(planned.sort());
      }
      // Scores were made by the documents, as on a start that was never interrupted.
      expect((await second.deps.scores.scoreYears()).length).toBeGreaterThan(0);

      await second.stop();
      runtimes.pop();
      log.length = 0;
      const third = await start();
      expect(third.demoDocuments).toBe(0);
      expect(log.join('\n')).not.toMatch(/finishing it/);
    },
    SPAWNS_RUNTIMES,
  );
});

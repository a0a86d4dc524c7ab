import { defineConfig } from 'vitest/config';

/** Integration and browser tests start Java (DynamoDB Local), s3rver and Chromium: two at a time fits 2 cores. */
const heavy = {
  pool: 'forks',
  maxWorkers: 2,
  // One module graph per worker (as in unit): each file re-importing the SDK, the domain and the
  // runtime cost seconds of CPU. Every file starts and stops its own runtime on its own ports.
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // Projects of one group must agree on maxWorkers; integration and e2e share group 1, after unit.
  sequence: { groupOrder: 1 },
} as const;

export default defineConfig({
  test: {
    // `npm test` runs all three projects; `--project unit|integration|e2e` picks one.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // No servers, no Java, no browser, no child processes or worker threads (those are integration).
          include: ['test/unit/**/*.test.ts', 'test/api/**/*.test.ts', 'test/contract/**/*.memory.test.ts'],
          // Scale and limit checks (`*.scale.test.ts`: 10,000 documents, files that expand to hundreds
          // of MB) need no emulator either, but seconds of CPU each: they run with integration.
          exclude: ['**/*.scale.test.ts'],
          // Forks, not threads: a worker thread cannot change its time zone through process.env.TZ,
          // which test/unit/calendar/working-calendar.test.ts does (chinese-days is only right in China time).
          pool: 'forks',
          // One module graph per worker, not per file: re-importing the API and the domain for each of
          // ~85 files cost most of the run. Files share nothing else (no test writes module state).
          isolate: false,
          maxWorkers: 2,
          // Guards against hangs, not speed limits: a CDK synth in beforeAll passes vitest's 5 s/10 s
          // defaults when the machine is busy (e.g. integration tests alongside).
          testTimeout: 30_000,
          hookTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // The CDK synth tests are here too: no emulator, but each synth takes seconds of CPU.
          include: [
            'test/integration/**/*.test.ts',
            'test/contract/**/*.dynamo.test.ts',
            'test/infra/**/*.test.ts',
            'test/**/*.scale.test.ts',
          ],
          ...heavy,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          ...heavy,
        },
      },
    ],
    // One report for the whole run: .ci/run reads test-output/vitest.json after `npm test`.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]] : ['default'],
  },
});

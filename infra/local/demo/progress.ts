import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beijingDate } from '../../../shared/calendar/beijing';
import { yearOf } from '../../../shared/calendar/iso-date';

/**
 * How far the demo district got, kept in the data directory beside the tables: written before the
 * first demo document and after every step, marked complete at the end. A start that finds it
 * running finishes the district — the same documents, the same days — instead of leaving it
 * half-built.
 */
export interface DemoProgress {
  readonly status: 'running' | 'complete';
  /** What the run fills: fixed when it began, so a later start carries on the same plan. */
  readonly years: readonly number[];
  readonly until: string;
  readonly perAgencyYear: number;
  readonly agencies?: number;
  /** Documents complete, of `total`. */
  readonly done: number;
  readonly total?: number;
  /** The time the demo's clock was last set to: documents interrupted mid-flow carry on at it. */
  readonly clock?: string;
}

const FILE = 'demo-history.json';

export function readDemoProgress(dataDir: string): DemoProgress | undefined {
  const file = join(dataDir, FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoProgress) : undefined;
}

/** Written whole, then renamed into place: a crash leaves the previous version or this one. */
export function writeDemoProgress(dataDir: string, progress: DemoProgress): void {
  const file = join(dataDir, FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(progress)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** A fresh run: the current year and the one before, up to today (Beijing). */
export function freshDemo(options: { perAgencyYear?: number; agencies?: number }, now = new Date()): DemoProgress {
  const today = beijingDate(now);
  const year = yearOf(today);
  return {
    status: 'running',
    years: [year - 1, year],
    until: today,
    perAgencyYear: options.perAgencyYear ?? 5,
    ...(options.agencies !== undefined ? { agencies: options.agencies } : {}),
    done: 0,
  };
}

/**
 * The demo run a start makes, if any: the interrupted one it finds (said so in the log), or a fresh
 * one when there is no data yet — recorded before its first document. Data without a record is the
 * operator's own (or a demo from before records were kept) and is left alone.
 */
export async function demoToRun(
  dataDir: string,
  options: { perAgencyYear?: number; agencies?: number },
  hasData: () => Promise<boolean>,
  log: (message: string) => void,
): Promise<{ readonly progress: DemoProgress; readonly resumed: boolean } | undefined> {
  const saved = readDemoProgress(dataDir);
  if (saved?.status === 'complete') return undefined;
  if (saved) {
    log(
      `demo district: the start that was building it stopped after ${saved.done}` +
        `${saved.total !== undefined ? ` of ${saved.total}` : ''} documents; finishing it`,
    );
    return { progress: saved, resumed: true };
  }
  if (await hasData()) return undefined;
  const progress = freshDemo(options);
  writeDemoProgress(dataDir, progress);
  return { progress, resumed: false };
}

import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beijingDate, beijingMidnight } from '../../shared/calendar/beijing';
import { fromDayNumber, toDayNumber } from '../../shared/calendar/iso-date';
import { type AuditDigest, AuditDigestSchema, parseStoredDigest } from '../../shared/model/audit';
import { type AuditDeps, writeAuditDigest } from '../../shared/pipeline/audit';
import type { AuditDigests, Clock } from '../../shared/ports';

/** Where the local runtime keeps the daily audit digests, under its data directory. */
export const auditDigestDir = (dataDir: string) => join(dataDir, 'audit-digests');

const FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/**
 * The local stand-in for the Object Lock bucket: `<data>/audit-digests/YYYY-MM-DD.json`, each
 * created once (a day's file is never written over). Files can be edited by whoever has the
 * machine; `audit verify` checks each digest's own hash, but only the bucket makes them immutable.
 */
export class FileAuditDigests implements AuditDigests {
  constructor(private readonly dir: string) {}

  async put(digest: AuditDigest): Promise<boolean> {
    const valid = AuditDigestSchema.parse(digest);
    await mkdir(this.dir, { recursive: true });
    // Written aside, then linked into place: link never replaces a file, and a crash leaves no half digest.
    const aside = join(this.dir, `.${valid.date}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(aside, `${JSON.stringify(valid, null, 2)}\n`, { flag: 'wx' });
    try {
      await link(aside, join(this.dir, `${valid.date}.json`));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await unlink(aside);
    }
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).flatMap((name) => FILE.exec(name)?.[1] ?? []).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async get(date: string): Promise<AuditDigest | undefined> {
    if (!FILE.test(`${date}.json`)) return undefined;
    try {
      return parseStoredDigest(await readFile(join(this.dir, `${date}.json`), 'utf8'), date);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

/** Just after the next Beijing midnight (the EventBridge rule on AWS runs at 00:05 Beijing). */
export function nextDigestAt(now: Date): Date {
  const tomorrow = fromDayNumber(toDayNumber(beijingDate(now)) + 1);
  return new Date(Date.parse(beijingMidnight(tomorrow)) + 5 * 60 * 1000);
}

/**
 * The local runtime's daily digest: written at start (when today has none yet) and just after
 * every Beijing midnight while it runs, dated by the runtime's clock (tests set it to another day;
 * the timer itself runs on the system's).
 */
export function startAuditDigests(
  deps: Omit<AuditDeps, 'digests'> & { readonly clock: Clock },
  dataDir: string,
  log: (message: string) => void,
) {
  const digests = new FileAuditDigests(auditDigestDir(dataDir));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const write = () => {
    running = writeAuditDigest({ ...deps, digests })
      .then((r) => {
        if (r.written) log(`audit digest of ${r.date}: ${r.documents} chain(s)`);
      })
      .catch((err: unknown) => log(`audit digest failed: ${err instanceof Error ? err.message : String(err)}`));
    return running;
  };
  const schedule = () => {
    const now = new Date();
    timer = setTimeout(() => {
      void write();
      schedule();
    }, nextDigestAt(now).getTime() - now.getTime());
    timer.unref();
  };
  schedule();
  return {
    digests,
    /** Writes today's digest if it has none (the runtime awaits this at start). */
    writeNow: write,
    async stop() {
      clearTimeout(timer);
      await running;
    },
  };
}

import { type AuditDigest, AuditDigestSchema, parseStoredDigest } from '../../../shared/model/audit';
import type { AuditDigests } from '../../../shared/ports';

/**
 * The append-only digest store in memory, behaving like the file and S3 ones: a day's digest is
 * stored once, as JSON text, and never replaced; what is read back is parsed as they parse it.
 */
export class MemoryAuditDigests implements AuditDigests {
  /** Day → the stored JSON (a test may tamper with it: the store is append-only, not tamper-proof). */
  readonly stored = new Map<string, string>();

  async put(digest: AuditDigest): Promise<boolean> {
    const valid = AuditDigestSchema.parse(digest);
    if (this.stored.has(valid.date)) return false;
    this.stored.set(valid.date, JSON.stringify(valid));
    return true;
  }

  async list(): Promise<string[]> {
    return [...this.stored.keys()].sort();
  }

  async get(date: string): Promise<AuditDigest | undefined> {
    const text = this.stored.get(date);
    return text === undefined ? undefined : parseStoredDigest(text, date);
  }
}

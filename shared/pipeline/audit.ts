import { beijingDate } from '../calendar/beijing';
import type { AuditDigest, AuditMismatch, AuditReport } from '../model/audit';
import type { AuditEvent, DocumentRecord } from '../model/document';
import { IntegrityError, NotFoundError } from '../model/errors';
import type { AuditDigests, Clock, Directory, DocumentStore } from '../ports';
import { buildDigest, digestHash, verifyChain } from './audit-chain';

export interface AuditDeps {
  readonly documents: DocumentStore;
  readonly directory: Directory;
  readonly digests: AuditDigests;
}

/** Every document of every agency: an operator's path (the digest, verify), never a request's. */
async function allDocuments(deps: AuditDeps): Promise<DocumentRecord[]> {
  const agencies = await deps.directory.listAgencies();
  return (await Promise.all(agencies.map((a) => deps.documents.listAllByAgency(a.id)))).flat();
}

/**
 * Writes today's digest (the Beijing day) of every chain's head, once: when the day has one
 * already, it is kept and `written` is false.
 */
export async function writeAuditDigest(
  deps: AuditDeps & { readonly clock: Clock },
): Promise<{ date: string; documents: number; written: boolean }> {
  const now = deps.clock.now();
  const date = beijingDate(now);
  const digest = buildDigest(date, now.toISOString(), await allDocuments(deps));
  const written = await deps.digests.put(digest);
  return { date, documents: digest.documents, written };
}

/** The latest digest, if any; `unreadable` when the store holds something else under its day. */
async function latestDigest(digests: AuditDigests): Promise<{ date: string; digest?: AuditDigest } | undefined> {
  const date = (await digests.list()).at(-1);
  if (!date) return undefined;
  try {
    const digest = await digests.get(date);
    return digest ? { date, digest } : { date };
  } catch (err) {
    if (err instanceof IntegrityError) return { date };
    throw err;
  }
}

/**
 * A document and its history read together: read again when the document moved on in between,
 * so a write while verifying is not taken for tampering.
 */
async function snapshot(documents: DocumentStore, id: string) {
  let doc = await documents.get(id);
  for (let attempt = 0; ; attempt++) {
    const events: AuditEvent[] = await documents.history(id);
    const again = await documents.get(id);
    if (again?.version === doc?.version || attempt === 2) return { doc: again, events };
    doc = again;
  }
}

/** Runs `work` over `items`, a few at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Recomputes every document's chain (or one document's) from its history and compares its end
 * with the head the document records and with the latest digest. NotFoundError for a document
 * of which nothing is known.
 */
export async function verifyAudit(deps: AuditDeps, options: { documentId?: string } = {}): Promise<AuditReport> {
  const latest = await latestDigest(deps.digests);
  const mismatches: AuditMismatch[] = [];
  // A digest that does not hash to itself says nothing about the chains: compare with none.
  const digest = latest?.digest && digestHash(latest.digest) === latest.digest.hash ? latest.digest : undefined;
  if (latest && !digest) mismatches.push({ documentId: null, seq: null, problem: 'digest-altered' });
  const heads = digest?.heads ?? {};
  const ids = options.documentId
    ? [options.documentId]
    : [...new Set([...(await allDocuments(deps)).map((d) => d.id), ...Object.keys(heads)])].sort();
  let documents = 0;
  let events = 0;
  const found = new Map<string, AuditMismatch[]>();
  await eachLimited(ids, 8, async (id) => {
    const { doc, events: history } = await snapshot(deps.documents, id);
    const digested = Object.hasOwn(heads, id) ? heads[id] : undefined;
    if (!doc && history.length === 0 && !digested && options.documentId) {
      throw new NotFoundError(`no document ${id}: no record, no history and no digest entry`);
    }
    documents++;
    events += history.length;
    found.set(id, verifyChain(id, doc, history, digested).mismatches);
  });
  for (const id of ids) mismatches.push(...(found.get(id) ?? []));
  return { documents, events, mismatches, digest: latest?.date ?? null };
}

import { beijingDate } from '../calendar/beijing';
import type { DocumentRecord } from '../model/document';
import { PUBLIC_STATUSES } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../model/errors';
import { latestFormedAt } from '../model/formed-at';
import { hasRole, type Identity } from '../model/identity';
import { type Abolition, isNormative } from '../model/lifecycle';
import type { PipelineDeps } from './deps';
import { catalogKeyOf } from './publish';
import { maySeeDocument } from './upload';
import { moved, writeDocument } from './write';

export interface AbolitionInput {
  /** The day it stops being in force (YYYY-MM-DD). */
  readonly on: string;
  /** The abolishing document: its number and title. */
  readonly document: string;
}

/** Who records a 废止: the issuing (or publishing) agency's uploaders and leaders, or an administrator. */
export function mayAbolish(caller: Identity, doc: Pick<DocumentRecord, 'agency' | 'publisher'>): boolean {
  if (hasRole(caller, 'admin')) return true;
  const own = caller.agency === doc.agency || caller.agency === doc.publisher;
  return own && (hasRole(caller, 'uploader') || hasRole(caller, 'leader'));
}

/**
 * 废止: a published regulation or normative document is abolished from a day, by another
 * document. It stays published and in the catalogue, which shows it abolished; the annual report
 * counts it in the year of that day (shared/report/proactive.ts). Recorded once: the status does
 * not move, the event and the catalogue entry change with the document in one commit.
 */
export async function abolishDocument(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  input: AbolitionInput,
): Promise<DocumentRecord & { readonly abolition: Abolition }> {
  const read = await deps.documents.get(id);
  if (!read || !maySeeDocument(caller, read)) throw new NotFoundError(`no document ${id}`);
  if (!mayAbolish(caller, read)) {
    throw new ForbiddenError('only the issuing agency’s uploaders and leaders (or an administrator) record a 废止');
  }
  if (!isNormative(read.documentType)) {
    throw new ValidationError(
      `document ${id} is not a regulation or normative document (documentType ${read.documentType ?? 'other'}): only those are abolished`,
    );
  }
  const today = beijingDate(deps.clock.now());
  if (input.on < read.formedAt || input.on > latestFormedAt(today)) {
    throw new ValidationError(
      `on ${input.on}: a document is abolished on a day from its formedAt ${read.formedAt} to a year from today`,
    );
  }
  const at = deps.clock.now().toISOString();
  const abolition: Abolition = { on: input.on, document: input.document, by: caller.user, at };
  const written = await writeDocument(
    deps.documents,
    id,
    (doc) => {
      if (!doc || !PUBLIC_STATUSES.has(doc.status) || doc.status === 'WITHDRAWN') {
        throw new ConflictError(
          `document ${id} is ${doc?.status ?? 'missing'}: only a published document is abolished`,
        );
      }
      if (doc.abolition) {
        throw new ConflictError(`document ${id} was abolished on ${doc.abolition.on} by ${doc.abolition.document}`);
      }
      const key = doc.indexNumber ? catalogKeyOf(doc) : undefined;
      const write = moved(id, doc, {
        from: doc.status,
        to: doc.status,
        event: { at, actor: caller.user, rules: ['FIVE-3'], note: { code: 'abolished', ...input } },
        patch: { abolition },
      });
      return {
        ...write,
        ...(key
          ? { catalogUpdate: { key, patch: { abolishedOn: input.on, abolishingDocument: input.document } } }
          : {}),
      };
    },
    read,
  );
  return { ...written, abolition };
}

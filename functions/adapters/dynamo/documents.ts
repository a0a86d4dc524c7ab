import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type DocumentRecord, TERMINAL_STATUSES } from '../../../shared/model/document';
import {
  type AgencyDocumentsRead,
  type AgencyDocumentsSlice,
  checkStoreLimit,
  type PipelineEntry,
  type PipelineRead,
  type PipelineSlice,
} from '../../../shared/model/paging';
import type { DocumentCommit, DocumentStore } from '../../../shared/ports';
import { documentEntryOf, documentOf } from './document-item';
import { agencySortKey, keys, partitions, pipelineSortKey } from './keys';
import { ScoreYearMarkers } from './scores';
import type { Item, Table } from './table';
import { commitDocument } from './write';

export class DynamoDocuments implements DocumentStore {
  private readonly yearMarkers: ScoreYearMarkers;

  constructor(private readonly table: Table) {
    this.yearMarkers = new ScoreYearMarkers(table);
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const item = await this.table.getItem(keys.document(id), true);
    return item ? documentOf(item) : undefined;
  }

  history(id: string): Promise<AuditEvent[]> {
    return this.table.partition<AuditEvent>(partitions.documentEvents(id), { skPrefix: 'EVT#', consistent: true });
  }

  async listByAgency(agency: string, limit = 100): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll(
      {
        IndexName: 'byAgency',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.agencyDocuments(agency) },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((i) => documentOf(i));
  }

  async listAllByAgency(agency: string): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.agencyDocuments(agency) },
    });
    return items.map((i) => documentOf(i));
  }

  async listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partitions.agencyDocuments(agency), ':from': from, ':to': to },
    });
    return items.map((i) => documentOf(i)).filter((d) => d.createdAt < to);
  }

  /** The keys from the inFlight index (it projects nothing else), then the documents themselves. */
  async listInFlight(): Promise<DocumentRecord[]> {
    const entries = await this.table.queryAll({
      IndexName: 'inFlight',
      KeyConditionExpression: 'gsi6pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.inFlight },
    });
    const items = await this.table.getMany(entries.map((e) => ({ pk: String(e.pk), sk: String(e.sk) })));
    // A document that left the flow between the two reads is no longer in flight.
    return items.map((i) => documentOf(i)).filter((d) => !TERMINAL_STATUSES.has(d.status));
  }

  /** One Query of the agency's key on byAgency, newest first, before the position's sort key. */
  async agencyPage(read: AgencyDocumentsRead): Promise<AgencyDocumentsSlice> {
    checkStoreLimit(read.limit, "an agency's documents");
    const { items, more } = await this.page(
      {
        IndexName: 'byAgency',
        KeyConditionExpression: read.after ? 'gsi2pk = :pk AND gsi2sk < :after' : 'gsi2pk = :pk',
        ExpressionAttributeValues: {
          ':pk': partitions.agencyDocuments(read.agency),
          ...(read.after ? { ':after': agencySortKey(read.after) } : {}),
        },
        ScanIndexForward: false,
      },
      read.limit,
    );
    const documents = items.map((i) => documentOf(i));
    const last = documents.at(-1);
    return { documents, ...(more && last ? { next: { createdAt: last.createdAt, id: last.id } } : {}) };
  }

  /** One Query of the agency's key on pipelineByDue (its projection only), after the position's sort key. */
  async pipelinePage(read: PipelineRead): Promise<PipelineSlice> {
    checkStoreLimit(read.limit, "an agency's pipeline");
    const { items, more } = await this.page(
      {
        IndexName: 'pipelineByDue',
        KeyConditionExpression: read.after ? 'gsi5pk = :pk AND gsi5sk > :after' : 'gsi5pk = :pk',
        ExpressionAttributeValues: {
          ':pk': partitions.agencyPipeline(read.agency),
          ...(read.after ? { ':after': pipelineSortKey(read.after) } : {}),
        },
      },
      read.limit,
    );
    const entries = items.map((i) => documentEntryOf<PipelineEntry>(i));
    const last = entries.at(-1);
    return { entries, ...(more && last ? { next: { dueAt: last.dueAt ?? '', id: last.id } } : {}) };
  }

  private async page(input: Omit<QueryCommandInput, 'TableName' | 'Limit'>, limit: number) {
    const page = await this.table.client.send(new QueryCommand({ ...input, TableName: this.table.name, Limit: limit }));
    return { items: (page.Items ?? []) as Item[], more: page.LastEvaluatedKey !== undefined };
  }

  async commit(commit: DocumentCommit): Promise<void> {
    const years = await this.yearMarkers.unmarked(commit.scores);
    await commitDocument(this.table, commit, this.yearMarkers.items(years));
    this.yearMarkers.stored(years);
  }
}

import type { AuditEvent, DocumentRecord } from '../../../shared/model/document';
import type { DocumentCommit, DocumentStore } from '../../../shared/ports';
import { keys, partitions } from './keys';
import { strip, type Table } from './table';
import { commitDocument } from './write';

export class DynamoDocuments implements DocumentStore {
  constructor(private readonly table: Table) {}

  get(id: string): Promise<DocumentRecord | undefined> {
    return this.table.get<DocumentRecord>(keys.document(id), true);
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
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  async listAllByAgency(agency: string): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.agencyDocuments(agency) },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  async listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partitions.agencyDocuments(agency), ':from': from, ':to': to },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord).filter((d) => d.createdAt < to);
  }

  async listInFlight(): Promise<DocumentRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'byAssignee',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.inFlight },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  commit(commit: DocumentCommit): Promise<void> {
    return commitDocument(this.table, commit);
  }
}

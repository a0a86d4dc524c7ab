import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient, lostToContention } from '../../../functions/adapters/aws';
import { DynamoDocuments } from '../../../functions/adapters/dynamo/documents';
import { Table } from '../../../functions/adapters/dynamo/table';
import { documentRecord } from '../../contract/fixtures';

/**
 * DynamoDB Local runs transactions one at a time, so it never cancels one for contention: these
 * tests give a real SDK client DynamoDB's answers on the wire (the JSON protocol's error shape)
 * and look at what it sends.
 */

interface Sent {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

type Answer = { status: number; error?: string; body: Record<string, unknown> };

const CONFLICT: Answer = {
  status: 400,
  error: 'TransactionCanceledException',
  body: {
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
    CancellationReasons: [
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
    ],
  },
};
const CONDITION_FAILED: Answer = {
  status: 400,
  error: 'TransactionCanceledException',
  body: {
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, TransactionConflict]',
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }],
  },
};
const PUT_MET_TRANSACTION: Answer = {
  status: 400,
  error: 'TransactionConflictException',
  body: { message: 'Transaction is ongoing for the item' },
};
const OK: Answer = { status: 200, body: {} };

/** A DynamoDB client whose requests get `answers` in turn (then OK), and the requests it sent. */
function scriptedDynamo(answers: Answer[]) {
  const sent: Sent[] = [];
  const dynamo = new DynamoDBClient({
    region: 'cn-north-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: string }) {
        sent.push({ target: request.headers['x-amz-target'] ?? '', body: JSON.parse(request.body ?? '{}') });
        const answer = answers.shift() ?? OK;
        const body = answer.error
          ? { __type: `com.amazonaws.dynamodb.v20120810#${answer.error}`, ...answer.body }
          : answer.body;
        return {
          response: {
            statusCode: answer.status,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              ...(answer.error ? { 'x-amzn-errortype': answer.error } : {}),
            },
            body: new TextEncoder().encode(JSON.stringify(body)),
          },
        };
      },
    } as never,
  });
  return { dynamo, sent };
}

const transaction = () =>
  new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: 't', Item: { pk: 'A', sk: 'A' } } },
      { Put: { TableName: 't', Item: { pk: 'B', sk: 'B' } } },
    ],
  });

describe('writes that lose only to contention are sent again', () => {
  it('a transaction cancelled for TransactionConflict alone is retried and succeeds', async () => {
    const { dynamo, sent } = scriptedDynamo([CONFLICT]);
    await documentClient(dynamo).send(transaction());
    expect(sent.map((s) => s.target)).toEqual([
      'DynamoDB_20120810.TransactWriteItems',
      'DynamoDB_20120810.TransactWriteItems',
    ]);
    expect(sent[1]?.body).toEqual(sent[0]?.body);
  });

  it('a single-item write that met a transaction (TransactionConflictException) is retried', async () => {
    const { dynamo, sent } = scriptedDynamo([PUT_MET_TRANSACTION]);
    await documentClient(dynamo).send(new PutCommand({ TableName: 't', Item: { pk: 'A', sk: 'A' } }));
    expect(sent).toHaveLength(2);
  });

  it('a failed condition is not retried, even beside a conflict: the domain decides', async () => {
    const { dynamo, sent } = scriptedDynamo([CONDITION_FAILED]);
    const err = await documentClient(dynamo)
      .send(transaction())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect(lostToContention(err)).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('contention that outlasts the client’s attempts reaches the caller as it came', async () => {
    const { dynamo, sent } = scriptedDynamo(Array.from({ length: 10 }, () => CONFLICT));
    const err = await documentClient(dynamo)
      .send(transaction())
      .catch((e: unknown) => e);
    expect(lostToContention(err)).toBe(true);
    // The client's configured attempts in all, then no more.
    const attempts = await dynamo.config.maxAttempts();
    expect(attempts).toBeGreaterThan(1);
    expect(sent).toHaveLength(attempts);
  });

  it('wrapping one client twice still sends a conflicted request only as often as the strategy allows', async () => {
    const { dynamo, sent } = scriptedDynamo([CONFLICT]);
    documentClient(dynamo);
    await documentClient(dynamo).send(transaction());
    expect(sent).toHaveLength(2);
  });
});

describe('the score years marker is written by the transaction entering a year, once', () => {
  const year = 2031;
  const register = (documents: DynamoDocuments, agency: string) =>
    documents.commit({
      document: documentRecord({ agency }),
      expectedVersion: null,
      scores: { counters: [{ agency, year, add: { completenessDue: 1 }, entersYear: true }] },
    });
  const writesMarker = (s: Sent) => JSON.stringify(s.body).includes('"SCORE_YEARS"');

  it('an instance reads the marker once; only a transaction entering an unmarked year writes it', async () => {
    const { dynamo, sent } = scriptedDynamo([]);
    const documents = new DynamoDocuments(new Table(documentClient(dynamo), 't'));
    for (const agency of ['区教育局', '区民政局', '区教育局']) await register(documents, agency);
    // The read (not found), then three registrations, only the first with the marker.
    expect(sent.map((s) => [s.target.replace('DynamoDB_20120810.', ''), writesMarker(s)])).toEqual([
      ['GetItem', true],
      ['TransactWriteItems', true],
      ['TransactWriteItems', false],
      ['TransactWriteItems', false],
    ]);
  });

  it('an instance that finds the marker stored writes no marker', async () => {
    const stored: Answer = { status: 200, body: { Item: { pk: { S: 'SCORE_YEARS' }, sk: { S: String(year) } } } };
    const { dynamo, sent } = scriptedDynamo([stored]);
    const documents = new DynamoDocuments(new Table(documentClient(dynamo), 't'));
    await register(documents, '区教育局');
    await register(documents, '区民政局');
    expect(sent.map((s) => s.target.replace('DynamoDB_20120810.', ''))).toEqual([
      'GetItem',
      'TransactWriteItems',
      'TransactWriteItems',
    ]);
    expect(sent.filter((s) => s.target.endsWith('TransactWriteItems')).some(writesMarker)).toBe(false);
  });

  it('a transaction that failed leaves the year unknown: the next one writes the marker', async () => {
    const { dynamo, sent } = scriptedDynamo([OK, CONDITION_FAILED]);
    const documents = new DynamoDocuments(new Table(documentClient(dynamo), 't'));
    await expect(register(documents, '区教育局')).rejects.toThrow();
    await register(documents, '区教育局');
    const transactions = sent.filter((s) => s.target.endsWith('TransactWriteItems'));
    expect(transactions.map(writesMarker)).toEqual([true, true]);
  });
});

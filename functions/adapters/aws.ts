import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A request DynamoDB refused only because another request held one of its items at that moment:
 * a transaction cancelled for TransactionConflict alone (any failed condition is the domain's to
 * decide), or a single-item write that met a transaction (TransactionConflictException). Nothing
 * of it was written, so sending it again is safe. DynamoDB Local runs transactions one at a time
 * and never reports either.
 */
export function lostToContention(err: unknown): boolean {
  if (err instanceof Error && err.name === 'TransactionConflictException') return true;
  if (!(err instanceof TransactionCanceledException)) return false;
  const codes = (err.CancellationReasons ?? []).map((r) => r.Code);
  return codes.includes('TransactionConflict') && codes.every((c) => c === 'None' || c === 'TransactionConflict');
}

/**
 * The SDK retries throttling but not contention (neither name is in its list); marking the error
 * retryable (its `$retryable` trait) lets the client's own retry strategy send it again, with the
 * throttling backoff, wherever a transaction is written. Added next to the retry middleware, so it
 * sees each attempt's error before the strategy does.
 */
function retryContention(dynamo: DynamoDBClient): void {
  const markContention =
    <Args, Result>(next: (args: Args) => Promise<Result>) =>
    async (args: Args): Promise<Result> => {
      try {
        return await next(args);
      } catch (err) {
        if (lostToContention(err)) Object.assign(err as object, { $retryable: { throttling: true } });
        throw err;
      }
    };
  dynamo.middlewareStack.addRelativeTo(markContention, {
    name: 'gongkaiRetryContention',
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    override: true,
  });
}

/** The document client every adapter writes through; it shares (and extends) `dynamo`'s middleware. */
export function documentClient(dynamo: DynamoDBClient) {
  retryContention(dynamo);
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** S3 client options that both AWS and s3rver accept (s3rver cannot read chunk-signed bodies). */
export const S3_CLIENT_DEFAULTS: S3ClientConfig = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
};

/** Reads a required environment variable at cold start: a missing one fails loudly, now. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

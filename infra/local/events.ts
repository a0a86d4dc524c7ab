import { createHash } from 'node:crypto';
import type { S3Notification } from './services';

export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** S3's notification record, as s3rver emits it, in the shape EventBridge delivers for S3. */
export function toObjectCreatedEvents(notification: S3Notification): EventBridgeEvent[] {
  return notification.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((record) => {
    const { bucket, object } = record.s3;
    const etag = object.eTag?.replace(/"/g, '');
    const identity = `${bucket.name}/${object.key}/${etag ?? ''}/${object.versionId ?? ''}/${object.sequencer ?? ''}`;
    return {
      version: '0',
      id: createHash('sha256').update(identity).digest('hex').slice(0, 32),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '000000000000',
      time: record.eventTime ?? new Date().toISOString(),
      region: 'us-east-1',
      resources: [`arn:aws:s3:::${bucket.name}`],
      detail: {
        version: '0',
        bucket: { name: bucket.name },
        object: {
          key: decodeURIComponent(object.key),
          ...(object.size !== undefined ? { size: object.size } : {}),
          ...(etag ? { etag } : {}),
          ...(object.versionId ? { 'version-id': object.versionId } : {}),
          ...(object.sequencer ? { sequencer: object.sequencer } : {}),
        },
        reason: record.eventName.split(':')[1] ?? 'PutObject',
      },
    };
  });
}

type Matcher = string | { prefix: string } | { wildcard: string };
type Pattern = { [key: string]: Pattern | Matcher[] };

/** EventBridge's wildcard filter: `*` matches any run of characters, `/` included. */
function matchesWildcard(value: string, wildcard: string): boolean {
  const pattern = wildcard.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pattern.join('.*')}$`, 's').test(value);
}

function matches(value: unknown, matcher: Matcher): boolean {
  if (typeof matcher === 'string') return value === matcher;
  if (typeof value !== 'string') return false;
  return 'prefix' in matcher ? value.startsWith(matcher.prefix) : matchesWildcard(value, matcher.wildcard);
}

/**
 * Matches an event against an EventBridge pattern (the subset the rules use: exact strings,
 * prefixes and wildcards), so the local runtime applies the rules CDK synthesized rather than its
 * own copies.
 */
export function matchesPattern(event: unknown, pattern: Pattern): boolean {
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const value = (event as Record<string, unknown>)[key];
    if (Array.isArray(expected)) return expected.some((e) => matches(value, e));
    return matchesPattern(value, expected);
  });
}

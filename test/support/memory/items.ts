/**
 * How a value becomes a stored item, exactly as the DynamoDB adapters store it: through the same
 * marshalling the document client applies (functions/adapters/aws.ts `documentClient`), so
 * undefined attributes are dropped, class instances and NaN are refused, and what comes back is a
 * fresh copy. Reads hand out copies again: nobody holds a reference into the store.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';

export type Item = Record<string, unknown>;

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

/** An item as DynamoDB would give it back after a Put (marshalled, then unmarshalled). */
export function stored<T extends object>(value: T): T {
  return unmarshall(marshall(value as Record<string, NativeAttributeValue>, MARSHALL)) as T;
}

/** One attribute value as DynamoDB would store it (for SET in an update). */
export function storedValue(value: unknown): unknown {
  return unmarshall(marshall({ v: value as NativeAttributeValue }, MARSHALL)).v;
}

/** A copy for a reader: mutating it changes nothing in the store. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A request DynamoDB refuses before it writes anything (malformed expression, two operations on
 * one item, an item over 400 KB …): the SDK raises it as a ValidationException.
 */
export function validationError(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException', $fault: 'client' });
}

/**
 * DynamoDB orders string keys by their UTF-8 bytes, which is code point order — not the UTF-16
 * code unit order of `<`: they differ only where a surrogate (U+D800–DFFF) meets U+E000–FFFF.
 * Compared unit by unit with that fix-up, as ICU does, without encoding either string (a sort of
 * 20,000 keys that encoded both sides per comparison took seconds).
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's place in code point order: surrogates (astral code points) above U+E000–FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

export const byKey =
  <T>(key: (value: T) => string) =>
  (a: T, b: T) =>
    compareKeys(key(a), key(b));

/** Applies an update's `SET a = :a … REMOVE b` (undefined removes, like the adapters' updateExpression). */
export function patched<T extends object>(item: T, patch: Item): T {
  const next: Item = { ...(item as Item) };
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) delete next[name];
    else next[name] = storedValue(value);
  }
  return next as T;
}

/** DynamoDB's largest item. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** DynamoDB's most items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * The size DynamoDB counts for an item (attribute names and values, UTF-8), per its documented
 * rules: numbers take about one byte per two significant digits plus one, lists and maps three
 * bytes plus one per element.
 */
export function itemSize(item: Item): number {
  const attributes = marshall(item as Record<string, NativeAttributeValue>, MARSHALL);
  return Object.entries(attributes).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const digits = n
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((s, v) => s + utf8(v), 0);
  if (value.NS !== undefined) return value.NS.reduce((s, v) => s + numberSize(v), 0);
  if (value.BS !== undefined) return value.BS.reduce((s, v) => s + v.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((s, v) => s + 1 + valueSize(v), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((s, [name, v]) => s + 1 + utf8(name) + valueSize(v), 0);
  }
  return 0;
}

/** Refuses an item DynamoDB would refuse for its size. */
export function checkItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw validationError('Item size has exceeded the maximum allowed size');
}

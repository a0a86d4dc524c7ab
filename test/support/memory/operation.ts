import type { CommitConflict } from '../../../shared/model/errors';
import { checkItemSize, type Item, MAX_TRANSACTION_ITEMS, validationError } from './items';

/**
 * One item of a commit, decided against the state as it was read: where it goes (the DynamoDB
 * key, for "two operations on one item"), what it becomes (for the item size limit), the condition
 * it carries, and how to apply it. Operations of one commit never touch the same item, so each
 * can be decided before any is applied.
 */
export interface Operation {
  readonly pk: string;
  readonly sk: string;
  /** The item as it will be stored (with its key and index attributes); undefined for a delete. */
  readonly result?: Item;
  /** A condition that must hold, and the commit part that failed when it does not. */
  readonly condition?: { readonly part: CommitConflict; readonly holds: boolean };
  apply(): void;
}

/** What DynamoDB checks of a TransactWriteItems request before it evaluates any condition. */
export function validateTransaction(operations: readonly Operation[]): void {
  if (operations.length > MAX_TRANSACTION_ITEMS) {
    throw validationError(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  const seen = new Set<string>();
  for (const op of operations) {
    const id = `${op.pk}\u0000${op.sk}`;
    if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  for (const op of operations) if (op.result) checkItemSize({ pk: op.pk, sk: op.sk, ...op.result });
}

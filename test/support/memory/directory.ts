import type { ClaimItem, ClaimKind, DirectoryImport, DirectoryLogEntry } from '../../../shared/model/directory';
import { type DirectoryConflict, DirectoryConflictError } from '../../../shared/model/errors';
import type { Agency, Department, Identity } from '../../../shared/model/identity';
import type { ChangeLogQuery, Directory, DirectoryPut, DirectoryWrite } from '../../../shared/ports';
import {
  byKey,
  checkItemSize,
  compareKeys,
  copy,
  type Item,
  MAX_TRANSACTION_ITEMS,
  patched,
  stored,
  validationError,
} from './items';
import type { MemoryState } from './state';

/** The directory items' sort keys, which order each list (agencies by id, departments by agency then id …). */
const keys = {
  agency: (id: string) => `AGENCY#${id}`,
  department: (agency: string, id: string) => `DEPT#${agency}#${id}`,
  user: (user: string) => `USER#${user}`,
  claim: (kind: string, value: string) => `CLAIM#${kind}#${value}`,
};

function recordKey(put: DirectoryPut): { sk: string; name: string } {
  switch (put.kind) {
    case 'agency':
      return { sk: keys.agency(put.record.id), name: put.record.id };
    case 'department':
      return { sk: keys.department(put.record.agency, put.record.id), name: `${put.record.agency}/${put.record.id}` };
    case 'user':
      return { sk: keys.user(put.record.user), name: put.record.user };
  }
}

/** The version condition as the DynamoDB adapter writes it: absent (null), unversioned (0), or exactly it. */
function versionHolds(current: Item | undefined, expected: number | null): boolean {
  if (expected === null) return current === undefined;
  if (current === undefined) return false;
  if (expected === 0) return current.version === undefined;
  return current.version === expected;
}

/** One item of a directory write: its key (pk, sk), the condition it carries, how to apply it. */
interface Step {
  readonly id: string;
  readonly result?: Item;
  readonly condition: { readonly part: DirectoryConflict; readonly key: string; readonly holds: boolean };
  apply(): void;
}

/** Agencies, departments, users and their claims (one map, by sort key), the change log and imports. */
export class MemoryDirectory implements Directory {
  constructor(private readonly state: MemoryState) {}

  private get<T>(sk: string): T | undefined {
    const item = this.state.directory.get(sk);
    return item ? (copy(item) as T) : undefined;
  }

  private list<T>(prefix: string): T[] {
    return [...this.state.directory.entries()]
      .filter(([sk]) => sk.startsWith(prefix))
      .sort(byKey(([sk]) => sk))
      .map(([, item]) => copy(item) as T);
  }

  private put(sk: string, value: object): void {
    const item = stored(value) as Item;
    checkItemSize({ pk: 'DIRECTORY', sk, ...item });
    this.state.directory.set(sk, item);
  }

  /** Writes the directory at once (seeding), as the put methods do one by one. */
  seed(agencies: readonly Agency[], departments: readonly Department[], users: readonly Identity[]): void {
    for (const a of agencies) this.put(keys.agency(a.id), a);
    for (const d of departments) this.put(keys.department(d.agency, d.id), d);
    for (const u of users) this.put(keys.user(u.user), u);
  }

  async getAgency(id: string) {
    return this.get<Agency>(keys.agency(id));
  }

  async listAgencies() {
    return this.list<Agency>('AGENCY#');
  }

  async getDepartment(agency: string, id: string) {
    return this.get<Department>(keys.department(agency, id));
  }

  async listDepartments() {
    return this.list<Department>('DEPT#');
  }

  async getUser(user: string) {
    return this.get<Identity>(keys.user(user));
  }

  async listUsers() {
    return this.list<Identity>('USER#');
  }

  async putAgency(agency: Agency) {
    this.put(keys.agency(agency.id), agency);
  }

  async putDepartment(department: Department) {
    this.put(keys.department(department.agency, department.id), department);
  }

  async putUser(identity: Identity) {
    this.put(keys.user(identity.user), identity);
  }

  /**
   * One transaction, as DynamoDB runs it: the request checked first (at most 100 items, one
   * operation per item, item sizes), then every condition against the state as it is, in the
   * order the DynamoDB adapter lists them; the first that fails is reported and nothing is written.
   */
  async write(change: DirectoryWrite): Promise<void> {
    const { state } = this;
    const steps: Step[] = [];
    for (const put of change.puts ?? []) {
      const { sk, name } = recordKey(put);
      const item = stored(put.record) as unknown as Item;
      steps.push({
        id: `DIRECTORY ${sk}`,
        result: item,
        condition: { part: put.kind, key: name, holds: versionHolds(state.directory.get(sk), put.expectedVersion) },
        apply: () => state.directory.set(sk, item),
      });
    }
    for (const removal of change.removals ?? []) {
      const { sk, name } = recordKey(removal);
      steps.push({
        id: `DIRECTORY ${sk}`,
        condition: {
          part: removal.kind,
          key: name,
          holds: versionHolds(state.directory.get(sk), removal.expectedVersion ?? 0),
        },
        apply: () => state.directory.delete(sk),
      });
    }
    for (const claim of change.claims ?? []) {
      if (claim.owner === null && claim.expectedOwner === null) continue;
      const sk = keys.claim(claim.kind, claim.value);
      const current = state.directory.get(sk);
      const holds = claim.expectedOwner === null ? current === undefined : current?.owner === claim.expectedOwner;
      const item =
        claim.owner === null
          ? undefined
          : (stored({ kind: claim.kind, value: claim.value, owner: claim.owner }) as Item);
      steps.push({
        id: `DIRECTORY ${sk}`,
        ...(item ? { result: item } : {}),
        condition: { part: 'claim', key: `${claim.kind} ${claim.value}`, holds },
        apply: () => (item ? state.directory.set(sk, item) : state.directory.delete(sk)),
      });
    }
    for (const move of change.taskMoves ?? []) {
      const task = state.tasks.get(move.id);
      const holds = task?.item.status === 'open' && task.item.assignee === move.from;
      steps.push({
        id: `TASK#${move.id} TASK`,
        condition: { part: 'task', key: move.id, holds },
        apply: () => {
          if (!task) return;
          const item = patched(task.item, {
            assignee: move.to,
            reassigned: { from: move.from, at: move.at, by: move.by },
          });
          state.tasks.set(move.id, {
            item,
            listedFor: { assignee: move.to, sort: task.listedFor?.sort ?? `${item.dueAt}#${item.id}` },
          });
        },
      });
    }
    if (change.importStatus) {
      const record = stored(change.importStatus);
      steps.push({
        id: `DIRIMPORT ${record.id}`,
        result: record as unknown as Item,
        condition: { part: 'log', key: record.id, holds: true },
        apply: () => state.directoryImports.set(record.id, record),
      });
    }
    const entry = stored(change.log);
    steps.push({
      id: `DIRLOG ${entry.id}`,
      result: entry as unknown as Item,
      condition: { part: 'log', key: entry.id, holds: !state.directoryLog.has(entry.id) },
      apply: () => state.directoryLog.set(entry.id, entry),
    });

    if (steps.length > MAX_TRANSACTION_ITEMS) {
      throw validationError(
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
      );
    }
    const seen = new Set<string>();
    for (const step of steps) {
      if (seen.has(step.id))
        throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(step.id);
      if (step.result) {
        const [pk, sk] = step.id.split(' ');
        checkItemSize({ pk, sk, ...step.result });
      }
    }
    const failed = steps.find((s) => !s.condition.holds)?.condition;
    if (failed) throw new DirectoryConflictError(failed.part, failed.key);
    for (const step of steps) step.apply();
  }

  async claimOwner(kind: ClaimKind, value: string): Promise<string | undefined> {
    const owner = this.state.directory.get(keys.claim(kind, value))?.owner;
    return typeof owner === 'string' ? owner : undefined;
  }

  async listClaims(): Promise<ClaimItem[]> {
    return this.list<ClaimItem>('CLAIM#');
  }

  async changeLog(query: ChangeLogQuery): Promise<{ entries: DirectoryLogEntry[]; next?: string }> {
    const matching = [...this.state.directoryLog.values()]
      .sort((a, b) => compareKeys(b.id, a.id))
      .filter((e) => query.before === undefined || compareKeys(e.id, query.before) < 0)
      .filter((e) => !query.agency || e.agencies.includes(query.agency))
      .filter((e) => !query.importId || e.importId === query.importId);
    const entries = matching.slice(0, query.limit).map(copy);
    const last = entries.at(-1);
    return { entries, ...(matching.length > query.limit && last ? { next: last.id } : {}) };
  }

  async getImport(id: string): Promise<DirectoryImport | undefined> {
    const found = this.state.directoryImports.get(id);
    return found ? copy(found) : undefined;
  }

  async listImports(): Promise<DirectoryImport[]> {
    return [...this.state.directoryImports.values()].sort((a, b) => compareKeys(b.id, a.id)).map(copy);
  }
}

import type { Agency, Department, Identity } from '../../../shared/model/identity';
import type { Directory } from '../../../shared/ports';
import { byKey, checkItemSize, copy, type Item, stored } from './items';
import type { MemoryState } from './state';

/** The directory items' sort keys, which order each list (agencies by id, departments by agency then id …). */
const keys = {
  agency: (id: string) => `AGENCY#${id}`,
  department: (agency: string, id: string) => `DEPT#${agency}#${id}`,
  user: (user: string) => `USER#${user}`,
};

/** Agencies, departments and users; a put replaces the whole item. */
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
}

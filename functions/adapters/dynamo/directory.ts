import type { Agency, Department, Identity } from '../../../shared/model/identity';
import type { Directory } from '../../../shared/ports';
import { keys, partitions } from './keys';
import type { Table } from './table';

/** Agencies, departments and users: one partition, read per request. */
export class DynamoDirectory implements Directory {
  constructor(private readonly table: Table) {}

  getAgency(id: string) {
    return this.table.get<Agency>(keys.agency(id));
  }

  listAgencies() {
    return this.table.partition<Agency>(partitions.directory, { skPrefix: 'AGENCY#' });
  }

  getDepartment(agency: string, id: string) {
    return this.table.get<Department>(keys.department(agency, id));
  }

  listDepartments() {
    return this.table.partition<Department>(partitions.directory, { skPrefix: 'DEPT#' });
  }

  getUser(user: string) {
    return this.table.get<Identity>(keys.user(user));
  }

  listUsers() {
    return this.table.partition<Identity>(partitions.directory, { skPrefix: 'USER#' });
  }

  putAgency(agency: Agency) {
    return this.table.put({ ...keys.agency(agency.id), ...agency });
  }

  putDepartment(department: Department) {
    return this.table.put({ ...keys.department(department.agency, department.id), ...department });
  }

  putUser(identity: Identity) {
    return this.table.put({ ...keys.user(identity.user), ...identity });
  }
}

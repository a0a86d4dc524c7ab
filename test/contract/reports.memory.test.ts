import { MemoryReports, MemoryState } from '../support/memory';
import { describeReportContract } from './reports.contract';

describeReportContract('memory', () => new MemoryReports(new MemoryState()));

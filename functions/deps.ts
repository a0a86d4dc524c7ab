import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { StoredCalendar } from '../shared/calendar/stored';
import type { DropAuthority } from '../shared/model/batch';
import type { SignalSink } from '../shared/model/signals';
import type { CalendarImportDeps } from '../shared/pipeline/calendar-import';
import type { PipelineDeps } from '../shared/pipeline/deps';
import { observedDocuments } from '../shared/pipeline/signals';
import { type Clock, type Scanner, systemClock } from '../shared/ports';
import { documentClient, requireEnv, S3_CLIENT_DEFAULTS } from './adapters/aws';
import { DynamoBatches } from './adapters/dynamo/batches';
import { DynamoCalendars } from './adapters/dynamo/calendars';
import { DynamoDirectory } from './adapters/dynamo/directory';
import { DynamoDocuments } from './adapters/dynamo/documents';
import { DynamoPublications } from './adapters/dynamo/publications';
import { DynamoReports } from './adapters/dynamo/reports';
import { DynamoScores } from './adapters/dynamo/scores';
import { Table } from './adapters/dynamo/table';
import { DynamoTasks } from './adapters/dynamo/tasks';
import { S3Files } from './adapters/s3';
import { S3Drops } from './adapters/s3-drops';

/**
 * The composition root: the domain's use cases wired to the DynamoDB and S3 adapters, with the
 * domain's own pieces (the stored calendar, the scanner, the write signals) put around them here,
 * so the adapters themselves only store.
 */

export interface DepsConfig {
  readonly tableName: string;
  readonly intakeBucket: string;
  readonly publicBucket: string;
  readonly publicBaseUrl: string;
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
  /** Client used for presigned URLs handed to browsers, when they reach S3 differently. */
  readonly presignS3?: S3Client;
  readonly clock?: Clock;
  /**
   * Where files are scanned. @default none: a scan throws. The scanner carries the extractors
   * (pdf.js, the DOCX/XLSX readers, OCR: megabytes), so only who scans wires one: the review
   * Lambda its in-process scan, the API the scan Lambda (./adapters/lambda-scanner.ts),
   * and the local runtime the worker threads of infra/local/worker-scanner.ts.
   */
  readonly scanner?: Scanner;
  /** Told what each document write meant (metrics, shared/pipeline/signals.ts). @default told nobody */
  readonly signals?: SignalSink;
  /**
   * How the uploader of a dropped object is known (shared/model/batch.ts). @default 'prefix' — on
   * AWS only an agency's role may write under its prefixes; the local runtime says 'grant'.
   */
  readonly dropAuthority?: DropAuthority;
}

/** Wires the domain's ports to DynamoDB and S3; the same wiring runs in Lambda and in the local runtime. */
export function buildDeps(config: DepsConfig): PipelineDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  // The calendar with the holiday arrangements ops imported (refreshed before a deadline is set).
  const calendars = new DynamoCalendars(table);
  const calendar = new StoredCalendar(calendars);
  const deps: PipelineDeps = {
    documents: new DynamoDocuments(table),
    tasks: new DynamoTasks(table),
    publications: new DynamoPublications(table),
    scores: new DynamoScores(table),
    directory: new DynamoDirectory(table),
    reports: new DynamoReports(table),
    batches: new DynamoBatches(table),
    drops: new S3Drops(config.s3, config.intakeBucket, config.dropAuthority ?? 'prefix'),
    files: new S3Files(config.s3, config, config.presignS3),
    scanner: config.scanner ?? noScanner,
    clock: config.clock ?? systemClock,
    calendar,
    calendars,
  };
  // Every write of every use case is observed at the one port they all commit through.
  return config.signals
    ? { ...deps, documents: observedDocuments(deps.documents, config.signals, deps.calendar) }
    : deps;
}

/** What a composition without a scanner scans with: nothing, loudly (a wiring mistake, not bad input). */
const noScanner: Scanner = {
  scan: () => Promise.reject(new Error('this function scans no files: its composition wires no scanner')),
};

/**
 * Lambda: clients are created once per cold start and shared by every invocation. Each entry point
 * (./lambda/*.ts) passes only what it needs, so its bundle carries nothing else.
 */
export function awsDeps(options: { readonly signals?: SignalSink; readonly scanner?: Scanner } = {}) {
  return buildDeps({
    ...options,
    tableName: requireEnv('TABLE_NAME'),
    intakeBucket: requireEnv('INTAKE_BUCKET'),
    publicBucket: requireEnv('PUBLIC_BUCKET'),
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? '',
    dynamo: new DynamoDBClient({}),
    s3: new S3Client(S3_CLIENT_DEFAULTS),
  });
}

/**
 * What `gongkai calendar …` works through: the stored arrangements, and the documents in flight
 * and their open tasks whose deadlines an import recomputes.
 */
export function buildCalendarDeps(config: {
  readonly tableName: string;
  readonly dynamo: DynamoDBClient;
  readonly clock?: Clock;
}): CalendarImportDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  const calendars = new DynamoCalendars(table);
  return {
    calendars,
    calendar: new StoredCalendar(calendars),
    documents: new DynamoDocuments(table),
    tasks: new DynamoTasks(table),
    clock: config.clock ?? systemClock,
  };
}

import * as z from 'zod';
import {
  AbolitionSchema,
  AgencyInputSchema,
  AgencyPatchSchema,
  DepartmentInputSchema,
  DepartmentPatchSchema,
  DisableSchema,
  LeaderAssignmentSchema,
  SubjectLinkSchema,
  UserInputSchema,
  UserPatchSchema,
} from '../../shared/directory/schemas';
import { DocumentMetadataSchema } from '../../shared/model/document';
import { ID_PATTERN, MAX_ID_LENGTH } from '../../shared/model/text';
import { ReportUpdateSchema } from '../../shared/report/model';
import { OPERATIONS, type OperationKey } from './operations';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKeySchema, PageQuerySchema, YearSchema } from './request';
import { BatchRowsSchema, OpenBatchSchema } from './routes/batches';
import { CalendarImportSchema } from './routes/calendar';
import { ImportRequestSchema, ListQuerySchema, LogQuerySchema } from './routes/directory';
import { CancellationSchema, CorrectionSchema, WithdrawalSchema } from './routes/documents';
import { DocumentAbolitionSchema } from './routes/lifecycle';
import { CatalogQuerySchema } from './routes/public';
import { ReportListQuerySchema } from './routes/reports';
import { AttributeReviewQuerySchema, WithheldQuerySchema } from './routes/reviews';
import { ScoresQuerySchema } from './routes/scores';
import { DecisionSchema, RedactionSchema } from './routes/tasks';

interface Request {
  readonly body?: z.ZodType;
  /** The body is not read: it may be absent (an operation that takes no input). */
  readonly bodyOptional?: boolean;
  readonly query?: z.ZodObject;
  /** Request headers the route reads, by name. */
  readonly headers?: Readonly<Record<string, z.ZodType>>;
}

/** What an operation that takes no input accepts as its body, if one is sent: it is not read. */
const NO_INPUT = z.object({}).describe('No input: the body may be absent or {}; it is not read.');

const { $schema: _, ...YEAR_PARAMETER } = z.toJSONSchema(YearSchema, { io: 'input' });

/** The request schemas an operation's route parses, documented with it. */
const REQUESTS: Partial<Record<OperationKey, Request>> = {
  'get /api/catalog': { query: CatalogQuerySchema },
  'get /api/documents': { query: PageQuerySchema },
  'get /api/tasks': { query: PageQuerySchema },
  'get /api/pipeline': { query: PageQuerySchema },
  'post /api/documents': {
    body: DocumentMetadataSchema,
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.describe(
        'A key of the client for this registration: the same key again (a retry) answers 200 with the document it made, without making another; with other metadata 422.',
      ),
    },
  },
  'post /api/documents/{id}/corrections': {
    body: CorrectionSchema,
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.describe(
        'A key of the client for this correction: the same key again (a retry) answers 200 with the correction it made, without making another; with another file or note 422.',
      ),
    },
  },
  'post /api/documents/{id}/withdrawal': {
    body: WithdrawalSchema,
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.describe(
        'A key of the client for this withdrawal: the same key again (a retry) answers 200 with the withdrawal it made; with another reason 422.',
      ),
    },
  },
  'post /api/documents/{id}/upload-url': { body: NO_INPUT, bodyOptional: true },
  'post /api/documents/{id}/cancel': { body: CancellationSchema },
  'post /api/documents/{id}/rerun': { body: NO_INPUT, bodyOptional: true },
  'post /api/documents/{id}/abolish': { body: DocumentAbolitionSchema },
  'get /api/annual-reports': { query: ReportListQuerySchema },
  'put /api/annual-reports/{agency}/{year}': { body: ReportUpdateSchema },
  'post /api/annual-reports/{agency}/{year}/submit': { body: NO_INPUT, bodyOptional: true },
  'post /api/batches': { body: OpenBatchSchema },
  'post /api/batches/{id}/rows': { body: BatchRowsSchema },
  'post /api/tasks/{id}/decision': {
    body: DecisionSchema,
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.describe(
        'A key of the client for this decision: the same key again (a retry) answers with the decision it recorded (200 if it resumed the flow, 202 if the flow no longer waited), without deciding again; with another decision or comment 422.',
      ),
    },
  },
  'post /api/tasks/{id}/redaction': { body: RedactionSchema },
  'get /api/scores': { query: ScoresQuerySchema },
  'get /api/reviews/attributes': { query: AttributeReviewQuerySchema },
  'get /api/reviews/withheld': { query: WithheldQuerySchema },
  'post /api/directory/agencies': { body: AgencyInputSchema },
  'put /api/directory/agencies/{id}': { body: AgencyPatchSchema },
  'post /api/directory/agencies/{id}/abolish': { body: AbolitionSchema },
  'post /api/directory/agencies/{agency}/departments': { body: DepartmentInputSchema },
  'put /api/directory/agencies/{agency}/departments/{id}': { body: DepartmentPatchSchema },
  'post /api/directory/agencies/{agency}/departments/{id}/leader': { body: LeaderAssignmentSchema },
  'get /api/directory/departments': { query: ListQuerySchema },
  'get /api/directory/users': { query: ListQuerySchema },
  'post /api/directory/users': { body: UserInputSchema },
  'put /api/directory/users/{id}': { body: UserPatchSchema },
  'post /api/directory/users/{id}/disable': { body: DisableSchema },
  'post /api/directory/users/{id}/enable': { body: NO_INPUT, bodyOptional: true },
  'post /api/directory/users/{id}/subject': { body: SubjectLinkSchema },
  'post /api/directory/import': { body: ImportRequestSchema },
  'get /api/directory/log': { query: LogQuerySchema },
  'post /api/calendar/years': { body: CalendarImportSchema },
};

const ERROR = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/** Built once per process: the operations table does not change while it runs (~100 ms of JSON Schema). */
let built: ReturnType<typeof buildOpenApiDocument> | undefined;

export function openApiDocument() {
  built ??= buildOpenApiDocument();
  return built;
}

function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const { body, bodyOptional = false, query: querySchema, headers = {} } = REQUESTS[`${op.method} ${op.path}`] ?? {};
    const query = querySchema
      ? (z.toJSONSchema(querySchema, { io: 'input' }) as { properties?: Record<string, object>; required?: string[] })
      : undefined;
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        summary: op.summary,
        ...(op.access === 'signed-in' ? { security: [{ bearer: [] }] } : {}),
        parameters: [
          ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
            name: m[1],
            in: 'path',
            required: true,
            schema:
              m[1] === 'year'
                ? YEAR_PARAMETER
                : { type: 'string', maxLength: MAX_ID_LENGTH, pattern: ID_PATTERN.source },
          })),
          ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            ...(query?.required?.includes(name) ? { required: true } : {}),
            schema,
          })),
          ...Object.entries(headers).map(([name, header]) => {
            const { $schema: _, description, ...schema } = z.toJSONSchema(header, { io: 'input' });
            return { name, in: 'header', ...(description ? { description } : {}), schema };
          }),
        ],
        ...(body
          ? {
              requestBody: {
                required: !bodyOptional,
                content: {
                  'application/json': { schema: z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) },
                },
              },
            }
          : {}),
        responses: { '200': { description: 'OK' }, default: ERROR },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'gongkai 公开', version: '1', description: 'Government information disclosure pipeline' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

import { z } from 'zod';
import { DocumentMetadataSchema } from '../../shared/model/document';
import { CorrectionSchema, WithdrawalSchema } from './routes/documents';
import { CatalogQuerySchema } from './routes/public';
import { DecisionSchema, RedactionSchema } from './routes/tasks';

type Access = 'public' | 'signed-in';

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
}

/** Every route of the API, with who may call it; the request schemas are the ones the routes parse. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness', access: 'public' },
  {
    method: 'get',
    path: '/api/catalog',
    summary: 'Public catalogue (READ-4)',
    access: 'public',
    query: CatalogQuerySchema,
  },
  {
    method: 'get',
    path: '/api/catalog/entries/{documentId}',
    summary: 'One catalogue entry; counts the query (READ-5(6))',
    access: 'public',
  },
  { method: 'get', path: '/api/agencies', summary: 'Agencies and their departments', access: 'public' },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', access: 'public' },
  { method: 'get', path: '/api/me', summary: 'The signed-in caller', access: 'signed-in' },
  {
    method: 'post',
    path: '/api/documents',
    summary: 'Register a document (uploader, own agency) → {id, uploadUrl}',
    access: 'signed-in',
    body: DocumentMetadataSchema,
  },
  { method: 'get', path: '/api/documents', summary: "The caller's agency's documents", access: 'signed-in' },
  { method: 'get', path: '/api/documents/{id}', summary: 'Status and history', access: 'signed-in' },
  {
    method: 'post',
    path: '/api/documents/{id}/corrections',
    summary: '更正 by the publisher (COORD-6)',
    access: 'signed-in',
    body: CorrectionSchema,
  },
  {
    method: 'post',
    path: '/api/documents/{id}/withdrawal',
    summary: '撤回 by the publisher (COORD-6)',
    access: 'signed-in',
    body: WithdrawalSchema,
  },
  { method: 'get', path: '/api/tasks', summary: "The caller's open tasks", access: 'signed-in' },
  {
    method: 'post',
    path: '/api/tasks/{id}/decision',
    summary: 'Decide a task (assignee only; 409 when closed)',
    access: 'signed-in',
    body: DecisionSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/{id}/redaction',
    summary: 'Where to upload a redacted version (review tasks)',
    access: 'signed-in',
    body: RedactionSchema,
  },
  { method: 'get', path: '/api/pipeline', summary: 'Documents in flight with working days left', access: 'signed-in' },
  { method: 'get', path: '/api/scores', summary: 'Annual scores per agency (oversight, admin)', access: 'signed-in' },
  { method: 'get', path: '/api/scores/years', summary: 'Years with scores', access: 'signed-in' },
  { method: 'get', path: '/api/scores/{agency}/{year}', summary: 'Scores with the evidence', access: 'signed-in' },
  {
    method: 'get',
    path: '/api/reviews/attributes',
    summary: 'Quarterly review of disclosure attributes (REVIEW-3.4)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/reviews/withheld',
    summary: 'Yearly self-check of withheld information (FIVE-4)',
    access: 'signed-in',
  },
];

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

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const query = op.query
      ? (z.toJSONSchema(op.query, { io: 'input' }) as { properties?: Record<string, object> })
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
            schema: { type: 'string' },
          })),
          ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', schema })),
        ],
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) },
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

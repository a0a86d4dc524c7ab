import { z } from 'zod';
import { DocumentMetadataSchema } from '../../shared/model/document';
import { OPERATIONS, type OperationKey } from './operations';
import { CorrectionSchema, WithdrawalSchema } from './routes/documents';
import { CatalogQuerySchema } from './routes/public';
import { DecisionSchema, RedactionSchema } from './routes/tasks';

/** The request schemas an operation's route parses, documented with it. */
const REQUESTS: Partial<Record<OperationKey, { readonly body?: z.ZodType; readonly query?: z.ZodObject }>> = {
  'get /api/catalog': { query: CatalogQuerySchema },
  'post /api/documents': { body: DocumentMetadataSchema },
  'post /api/documents/{id}/corrections': { body: CorrectionSchema },
  'post /api/documents/{id}/withdrawal': { body: WithdrawalSchema },
  'post /api/tasks/{id}/decision': { body: DecisionSchema },
  'post /api/tasks/{id}/redaction': { body: RedactionSchema },
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

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const { body, query: querySchema } = REQUESTS[`${op.method} ${op.path}`] ?? {};
    const query = querySchema
      ? (z.toJSONSchema(querySchema, { io: 'input' }) as { properties?: Record<string, object> })
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
        ...(body
          ? {
              requestBody: {
                required: true,
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

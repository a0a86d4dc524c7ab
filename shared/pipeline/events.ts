import * as z from 'zod';

/** The EventBridge "Object Created" event S3 emits for the intake bucket. */
export const ObjectCreatedEventSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  time: z.string().optional(),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type ObjectCreatedEvent = z.infer<typeof ObjectCreatedEventSchema>;

/**
 * Starts an execution that carries on a document from where its history says it stands, taking it
 * over from the execution that held it (absent when none did: a re-run of a document that failed
 * before Intake claimed its upload).
 */
export const ResumeRequestSchema = z.object({
  resume: z.object({ documentId: z.string().min(1), previousExecutionId: z.string().min(1).optional() }),
});
export type ResumeRequest = z.infer<typeof ResumeRequestSchema>;

export const IntakeInputSchema = z.object({
  event: z.union([ObjectCreatedEventSchema, ResumeRequestSchema]),
  executionId: z.string().min(1),
});
export type IntakeInput = z.infer<typeof IntakeInputSchema>;

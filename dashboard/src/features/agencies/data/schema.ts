import { z } from 'zod';

export const AgencySchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  status: z.string(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
});
export type Agency = z.infer<typeof AgencySchema>;
export const AgencyListSchema = z.array(AgencySchema);

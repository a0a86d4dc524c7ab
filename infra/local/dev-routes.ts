import { Hono } from 'hono';
import { z } from 'zod';
import type { LocalTokens } from '../../functions/api/auth';
import { apiError } from '../../functions/api/errors';
import { parseBody } from '../../functions/api/request';
import type * as Api from '../../shared/api/responses';
import type { Directory } from '../../shared/ports';

/** Local runtime only: pick a demo identity and get a token for it. Never deployed. */
export function devRoutes(directory: Directory, tokens: LocalTokens) {
  const app = new Hono();
  app.get('/identities', async (c) => {
    const users = await directory.listUsers();
    const sorted = users.sort((a, b) => a.agency.localeCompare(b.agency) || a.user.localeCompare(b.user));
    return c.json(sorted satisfies z.input<typeof Api.IdentityListSchema>);
  });
  app.post('/login', async (c) => {
    const { user } = await parseBody(c, z.object({ user: z.string().min(1).max(200) }));
    if (!(await directory.getUser(user))) throw apiError(404, 'unknown_user', `no demo user "${user}"`);
    return c.json({ token: await tokens.issue(user) } satisfies z.input<typeof Api.LoginResponseSchema>);
  });
  return app;
}

import { Hono } from 'hono';
import * as z from 'zod';
import { apiError } from '../../functions/api/errors';
import { parseBody } from '../../functions/api/request';
import type * as Api from '../../shared/api/responses';
import type { Directory } from '../../shared/ports';

/**
 * Local runtime only, never deployed (functions/api/aws.ts mounts no dev routes): the demo
 * identities, and a token for one of them for scripts and the README's curl walk-through. The token
 * is signed with the local OpenID provider's own key (./oidc.ts) and verified by the API like every
 * token the provider issues through the dashboard's code flow.
 */
export function devRoutes(directory: Directory, mint: (user: string) => Promise<string>) {
  const app = new Hono();
  app.get('/identities', async (c) => {
    const users = await directory.listUsers();
    const sorted = users.sort((a, b) => a.agency.localeCompare(b.agency) || a.user.localeCompare(b.user));
    return c.json(sorted satisfies z.input<typeof Api.IdentityListSchema>);
  });
  app.post('/login', async (c) => {
    const { user } = await parseBody(c, z.object({ user: z.string().min(1).max(200) }));
    const person = await directory.getUser(user);
    if (!person) throw apiError(404, 'unknown_user', `no demo user "${user}"`);
    if (person.disabled) throw apiError(403, 'user_disabled', `the directory has disabled ${user}`);
    return c.json({ token: await mint(user) } satisfies z.input<typeof Api.LoginResponseSchema>);
  });
  return app;
}

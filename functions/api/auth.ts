import type { Context } from 'hono';
import { sign, verify } from 'hono/jwt';
import type { Identity } from '../../shared/model/identity';
import type { Directory } from '../../shared/ports';

/** Who is calling, from the request; undefined when nobody is signed in. */
export type Authenticator = (c: Context) => Promise<Identity | undefined>;

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Local runtime: demo users sign in with HS256 tokens signed by a per-installation secret. */
export class LocalTokens {
  constructor(
    private readonly secret: string,
    private readonly directory: Directory,
    private readonly ttlSeconds = 12 * 60 * 60,
  ) {}

  issue(user: string, now = Math.floor(Date.now() / 1000)): Promise<string> {
    return sign({ sub: user, iat: now, exp: now + this.ttlSeconds }, this.secret, 'HS256');
  }

  readonly authenticate: Authenticator = async (c) => {
    const token = bearer(c);
    if (!token) return undefined;
    try {
      const payload = await verify(token, this.secret, 'HS256');
      return typeof payload.sub === 'string' ? this.directory.getUser(payload.sub) : undefined;
    } catch {
      return undefined;
    }
  };
}

interface LambdaRequestContext {
  requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
}

/**
 * AWS: API Gateway's JWT authorizer has already verified the Cognito token; the user's roles
 * and agency come from the directory, not from claims a user could influence.
 */
export function cognitoAuthenticator(directory: Directory): Authenticator {
  return async (c) => {
    const event = (c.env as { event?: LambdaRequestContext } | undefined)?.event;
    const claims = event?.requestContext?.authorizer?.jwt?.claims;
    const username = claims?.['cognito:username'] ?? claims?.username;
    return typeof username === 'string' ? directory.getUser(username) : undefined;
  };
}

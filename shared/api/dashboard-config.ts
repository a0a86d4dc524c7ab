import * as z from 'zod';

/**
 * `/config.json`, beside the dashboard: what one build needs to sign in wherever it is served. The
 * deployment writes it next to the site (infra/constructs/hosting.ts, with the issuer and client of
 * the variant deployed: Cognito, or the district's own OpenID provider); the local server serves
 * the local provider's (infra/local/oidc.ts).
 */
export const DashboardConfigSchema = z.object({
  auth: z.object({
    /** The OpenID provider (its discovery document is `<issuer>/.well-known/openid-configuration`). */
    issuer: z.url(),
    /** The dashboard's client: a public client (no secret), authorization code flow with PKCE. */
    clientId: z.string().min(1),
    /** Space-separated scopes to ask for. */
    scopes: z.string().min(1),
    /** Where the provider returns with the code, on the dashboard's own origin. */
    redirectPath: z.string().startsWith('/'),
    /** Where the provider returns after signing out. */
    signOutPath: z.string().startsWith('/'),
    /**
     * How to sign out at the provider: `oidc`, RP-initiated logout at the discovery document's
     * end_session_endpoint; `cognito`, its /logout with client_id and logout_uri.
     */
    signOut: z.enum(['oidc', 'cognito']),
    /** The sign-out endpoint when the discovery document names none (Cognito's `<domain>/logout`). */
    endSessionEndpoint: z.url().optional(),
    /** Where sign-out revokes the refresh token when the discovery document names none (Cognito's `<domain>/oauth2/revoke`). */
    revocationEndpoint: z.url().optional(),
  }),
});
export type DashboardConfig = z.infer<typeof DashboardConfigSchema>;

import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { COGNITO_ACCESS_TOKEN, JWT_ACCESS_TOKEN } from '../../functions/api/auth';
import type { DashboardConfig } from '../../shared/api/dashboard-config';
import type { IdentityChoice } from '../variant';

/** The dashboard's paths the provider returns to: the same here, locally and in every variant. */
export const CALLBACK_PATH = '/callback';
export const SIGNED_OUT_PATH = '/signed-out';

/**
 * Token lifetimes: an access token (what the API takes) lives an hour and is renewed with the
 * refresh token, which lives a working day; after that, staff sign in again. Revoking access is
 * done in the directory (disabled, or roles taken away): the API reads it within 30 s.
 */
export const TOKEN_LIFETIMES = {
  access: Duration.hours(1),
  id: Duration.hours(1),
  refresh: Duration.hours(12),
  /** Managed login's session for one sign-in (entering the password, then the MFA code). */
  signInSession: Duration.minutes(5),
} as const;

/**
 * Whoever signs staff in, as the rest of the stack needs it: the API verifies its tokens (and API
 * Gateway's JWT authorizer does first), the dashboard is told where to sign in (/config.json), and
 * its CSP lets the browser reach the provider's endpoints.
 */
export interface IdentityProviderConfig {
  readonly issuer: string;
  /** What the tokens' `aud` (or, without one, `client_id`) must be: the API Gateway authorizer's audience. */
  readonly audience: string;
  readonly tokenUse: string;
  readonly usernameClaim?: string;
  readonly jwksUri?: string;
  /** What the dashboard's browser code fetches from the provider (discovery, token endpoint). */
  readonly connectOrigins: readonly string[];
  readonly dashboard: DashboardConfig['auth'];
}

export interface CognitoIdentityProps {
  /** https://<the dashboard's domain>: where managed login returns to (callback and sign-out URLs). */
  readonly siteUrl: string;
  /** The managed-login domain's prefix, unique in the region. */
  readonly domainPrefix: string;
}

/**
 * What the dashboard fetches from Cognito — the issuer's discovery document and the managed-login
 * domain's token endpoint — known before the pool is (the dashboard's CSP is written first).
 */
export function cognitoOrigins(scope: Construct, domainPrefix: string): string[] {
  const { region } = Stack.of(scope);
  return [
    `https://${domainPrefix}.auth.${region}.amazoncognito.com`,
    `https://cognito-idp.${region}.${Aws.URL_SUFFIX}`,
  ];
}

/** The default managed-login prefix: one per account and region. */
export function defaultCognitoDomainPrefix(scope: Construct): string {
  return `gongkai-${Stack.of(scope).account}`;
}

/**
 * Global regions: a Cognito user pool with managed login. Staff are created by ops (no self
 * sign-up), with MFA required (TOTP); the dashboard's app client is a public client (no secret) for
 * the authorization code flow with PKCE, returning to the CloudFront domain.
 */
export class CognitoIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly config: IdentityProviderConfig;

  constructor(scope: Construct, id: string, props: CognitoIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // Usernames are the directory's user ids: an access token's `username` names the directory entry.
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // Staff sign off government documents: a second factor is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Managed login (the newer sign-in pages) is part of the Essentials plan.
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.client = this.userPool.addClient('Dashboard', {
      generateSecret: false,
      // Only the hosted code flow (and refreshing its tokens): no password ever reaches the dashboard.
      authFlows: { user: false, userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.siteUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${props.siteUrl}${SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: TOKEN_LIFETIMES.access,
      idTokenValidity: TOKEN_LIFETIMES.id,
      refreshTokenValidity: TOKEN_LIFETIMES.refresh,
      authSessionValidity: TOKEN_LIFETIMES.signInSession,
    });
    // Managed login needs a style for the client; Cognito's own.
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    const issuer = this.userPool.userPoolProviderUrl;
    const loginOrigin = this.domain.baseUrl();
    this.config = {
      issuer,
      audience: this.client.userPoolClientId,
      tokenUse: COGNITO_ACCESS_TOKEN,
      usernameClaim: 'username',
      jwksUri: `${issuer}/.well-known/jwks.json`,
      connectOrigins: cognitoOrigins(this, props.domainPrefix),
      dashboard: {
        issuer,
        clientId: this.client.userPoolClientId,
        scopes: 'openid email profile',
        redirectPath: CALLBACK_PATH,
        signOutPath: SIGNED_OUT_PATH,
        // Cognito's discovery document names no end_session_endpoint: its /logout.
        signOut: 'cognito',
        endSessionEndpoint: `${loginOrigin}/logout`,
        // Token revocation is enabled on the client (enableTokenRevocation): sign-out revokes the refresh token.
        revocationEndpoint: `${loginOrigin}/oauth2/revoke`,
      },
    };
  }
}

/** The district's own OpenID provider (China regions, or by choice): nothing to create, only to point at. */
export function externalIdentity(choice: Extract<IdentityChoice, { kind: 'oidc' }>): IdentityProviderConfig {
  return {
    issuer: choice.issuer,
    audience: choice.audience ?? choice.clientId,
    tokenUse: choice.tokenUse ?? JWT_ACCESS_TOKEN,
    ...(choice.usernameClaim ? { usernameClaim: choice.usernameClaim } : {}),
    connectOrigins: [...new Set([new URL(choice.issuer).origin, ...(choice.connectOrigins ?? [])])],
    dashboard: {
      issuer: choice.issuer,
      clientId: choice.clientId,
      scopes: choice.scopes ?? 'openid profile email',
      redirectPath: CALLBACK_PATH,
      signOutPath: SIGNED_OUT_PATH,
      signOut: 'oidc',
    },
  };
}

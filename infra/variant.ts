/**
 * Which deployment `cdk synth` builds, from its context (`-c key=value`; README, "Deploying with
 * CDK"). These keys are a contract: the district's ops scripts pass them.
 *
 * | key | meaning |
 * |---|---|
 * | `region` | where to deploy; `cn-north-1`/`cn-northwest-1` build the China variant (partition aws-cn) |
 * | `oidcIssuer`, `oidcClientId` | the district's own OpenID provider (统一身份认证) instead of Cognito; required in China |
 * | `oidcAudience` | what its access tokens' `aud` holds, when it is not the client id |
 * | `oidcScopes` | what the dashboard asks for (default `openid profile email`) |
 * | `oidcTokenUse` | what marks an access token (default `header.typ=at+jwt`, RFC 9068; e.g. `claim.typ=Bearer`) |
 * | `oidcUsernameClaim` | a claim that is the directory's user id (default: none — subject or e-mail link) |
 * | `oidcOrigins` | more origins the browser fetches the provider's endpoints from (comma-separated) |
 * | `domainName`, `certificateArn` | the dashboard's own domain; global: an ACM certificate in us-east-1 |
 * | `domainName`, `certificateId` | China: the ICP-filed domain, an IAM server certificate's id (or, when both are left out, the template's `SiteDomainName`/`SiteCertificateId` parameters at deploy time) |
 * | `cognitoDomainPrefix` | the Cognito managed-login domain prefix (default `gongkai-<account>`) |
 */

import { parseTokenUse } from '../functions/api/auth';

/** Who signs staff in. */
export type IdentityChoice =
  | { readonly kind: 'cognito'; readonly domainPrefix?: string }
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      readonly clientId: string;
      readonly audience?: string;
      readonly scopes?: string;
      /** `header.typ=<value>` or `claim.<name>=<value>` (functions/api/auth.ts). */
      readonly tokenUse?: string;
      readonly usernameClaim?: string;
      /** Origins besides the issuer's the dashboard's browser code fetches from (its token endpoint's). */
      readonly connectOrigins?: readonly string[];
    };

/** The dashboard's own domain on CloudFront. */
export type SiteDomain =
  | { readonly domainName: string; readonly certificate: { readonly acmArn: string } }
  | { readonly domainName: string; readonly certificate: { readonly iamId: string } }
  /**
   * China, when the synth is given neither: the template takes the ICP-filed domain and the IAM
   * certificate id as CloudFormation parameters at deploy time (`--parameters SiteDomainName=…`).
   */
  | { readonly atDeploy: true };

/** A domain and certificate in hand (given to the synth, or read from the deployment's parameters). */
export type ResolvedSiteDomain = Exclude<SiteDomain, { readonly atDeploy: true }>;

export interface Variant {
  readonly region?: string;
  /** The China variant: partition aws-cn, no Cognito, an ICP-filed domain on CloudFront. */
  readonly china: boolean;
  readonly identity: IdentityChoice;
  readonly site?: SiteDomain;
}

export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') ?? false;
}

/** A context value as given on the command line (or in cdk.json): a string, or absent. */
type Context = (key: string) => unknown;

const text = (context: Context, key: string): string | undefined => {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`-c ${key}: expected a string, got ${JSON.stringify(value)}`);
  return value.trim();
};

function httpsUrl(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`-c ${key}=${value}: not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error(`-c ${key}=${value}: the identity provider must be served over https`);
  return value;
}

/** The variant the context asks for; a clear error for what a deployment there cannot do without. */
export function variantFromContext(context: Context, defaultRegion?: string): Variant {
  const region = text(context, 'region') ?? defaultRegion;
  const china = isChinaRegion(region);
  const issuer = text(context, 'oidcIssuer');
  const clientId = text(context, 'oidcClientId');

  let identity: IdentityChoice;
  if (issuer || clientId) {
    if (!issuer || !clientId) throw new Error('-c oidcIssuer=https://… and -c oidcClientId=… go together: give both');
    const tokenUse = text(context, 'oidcTokenUse');
    if (tokenUse) parseTokenUse(tokenUse); // fail the synth, not the first sign-in
    const origins = text(context, 'oidcOrigins')
      ?.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins ?? []) httpsUrl('oidcOrigins', origin);
    const optional = (key: string, name: string) => {
      const value = text(context, key);
      return value ? { [name]: value } : {};
    };
    identity = {
      kind: 'oidc',
      issuer: httpsUrl('oidcIssuer', issuer),
      clientId,
      ...optional('oidcAudience', 'audience'),
      ...optional('oidcScopes', 'scopes'),
      ...(tokenUse ? { tokenUse } : {}),
      ...optional('oidcUsernameClaim', 'usernameClaim'),
      ...(origins?.length ? { connectOrigins: origins } : {}),
    };
  } else if (china) {
    throw new Error(
      `${region} is an AWS China region (partition aws-cn), which offers no Cognito user pools: ` +
        'staff sign in with the district’s own OpenID provider. Pass -c oidcIssuer=https://… -c oidcClientId=…',
    );
  } else {
    const domainPrefix = text(context, 'cognitoDomainPrefix');
    identity = { kind: 'cognito', ...(domainPrefix ? { domainPrefix } : {}) };
  }

  const domainName = text(context, 'domainName');
  const certificateArn = text(context, 'certificateArn');
  const certificateId = text(context, 'certificateId');
  let site: SiteDomain | undefined;
  if (china) {
    if (certificateArn) {
      throw new Error(
        '-c certificateArn is for ACM in the global regions; here it is certificateId (an IAM server certificate)',
      );
    }
    if (!domainName && !certificateId) {
      // CloudFront in China serves only an ICP-filed domain with an IAM certificate: asked for at deploy time.
      site = { atDeploy: true };
    } else if (!domainName || !certificateId) {
      throw new Error(
        `CloudFront in ${region} serves only an ICP-filed domain of the district's, with its certificate in IAM: ` +
          'give both -c domainName=gk.district.gov.cn -c certificateId=<IAM server certificate id, ' +
          'aws iam upload-server-certificate --path /cloudfront/ …>, or neither and pass them as the ' +
          'SiteDomainName and SiteCertificateId parameters at deploy time',
      );
    } else {
      site = { domainName, certificate: { iamId: certificateId } };
    }
  } else if (domainName || certificateArn) {
    if (!domainName || !certificateArn) {
      throw new Error('-c domainName=… and -c certificateArn=… (ACM, us-east-1) go together: give both');
    }
    site = { domainName, certificate: { acmArn: certificateArn } };
  } else if (certificateId) {
    throw new Error(
      '-c certificateId is an IAM server certificate for the China regions; globally use -c certificateArn',
    );
  }
  return { ...(region ? { region } : {}), china, identity, ...(site ? { site } : {}) };
}

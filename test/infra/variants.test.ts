import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { TOKEN_LIFETIMES } from '../../infra/constructs/identity';
import { GongkaiStack } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';
import { variantFromContext } from '../../infra/variant';

/**
 * The two deployments `cdk synth` builds from its context (infra/variant.ts): the global one with
 * a Cognito user pool, and the China one (partition aws-cn) with the district's own OpenID provider
 * and its ICP-filed domain — synthesized side by side, their differences asserted.
 */

const CHINA_CONTEXT = {
  region: 'cn-northwest-1',
  oidcIssuer: 'https://idp.district.gov.cn/realms/gov',
  oidcClientId: 'gongkai-dashboard',
  domainName: 'gk.district.gov.cn',
  certificateId: 'ASCAEXAMPLEIAMCERT01',
} as const;

/** The app as infra/app.ts builds it from `-c` keys, without bundling (these tests read the template). */
function synth(context: Readonly<Record<string, string>>, defaultRegion = 'us-east-1') {
  const app = templateApp(context);
  const variant = variantFromContext((key) => app.node.tryGetContext(key), defaultRegion);
  const stack = new GongkaiStack(app, 'Gongkai', {
    env: { account: '111111111111', region: variant.region },
    identity: variant.identity,
    ...(variant.site ? { site: variant.site } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let report = '';
  const log = console.error;
  console.error = (...args: unknown[]) => {
    report += `${args.join(' ')}\n`;
  };
  let threw: unknown;
  try {
    app.synth();
  } catch (err) {
    threw = err;
  } finally {
    console.error = log;
  }
  const template = Template.fromStack(stack);
  const json = JSON.stringify(template.toJSON());
  return { stack, template, json, report, threw };
}

const global = synth({});
const china = synth(CHINA_CONTEXT);
/** The README's China command as ops scripts run it: the domain and certificate come at deploy time. */
const { domainName: _domain, certificateId: _certificate, ...THREE_KEYS } = CHINA_CONTEXT;
const chinaAtDeploy = synth(THREE_KEYS);

const distributionConfig = (t: Template) =>
  Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;
const resourceTypes = (t: Template) => new Set(Object.values(t.toJSON().Resources).map((r: any) => r.Type as string));

describe('both variants', () => {
  it('pass cdk-nag AwsSolutions with only the acknowledged findings', () => {
    for (const variant of [global, china]) {
      expect(variant.report).not.toMatch(/AwsSolutions-/);
      expect(variant.threw).toBeUndefined();
    }
  });

  it('put the JWT authorizer on every signed-in route, pointing at the configured issuer', () => {
    const logicalId = global.stack.getLogicalId(
      global.stack.cognito?.userPool.node.defaultChild as Parameters<GongkaiStack['getLogicalId']>[0],
    );
    global.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [logicalId, 'ProviderURL'] },
        Audience: [{ Ref: Match.stringLikeRegexp('^IdentityUsersDashboard') }],
      },
    });
    china.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: CHINA_CONTEXT.oidcIssuer, Audience: [CHINA_CONTEXT.oidcClientId] },
    });
    for (const { template } of [global, china]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'ANY /api/{proxy+}',
        AuthorizationType: 'JWT',
      });
    }
  });

  it('give the API the same issuer to verify every token again (one verification path)', () => {
    const env = (t: Template) =>
      (
        Object.values(
          t.findResources('AWS::Lambda::Function', {
            Properties: { Environment: { Variables: Match.objectLike({ STATE_MACHINE_ARN: Match.anyValue() }) } },
          }),
        )[0] as any
      ).Properties.Environment.Variables;
    expect(env(global.template)).toMatchObject({
      OIDC_ISSUER: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityUsers/), 'ProviderURL'] },
      OIDC_AUDIENCE: { Ref: expect.stringMatching(/^IdentityUsersDashboard/) },
      OIDC_TOKEN_USE: 'claim.token_use=access',
      OIDC_USERNAME_CLAIM: 'username',
    });
    expect(env(china.template)).toMatchObject({
      OIDC_ISSUER: CHINA_CONTEXT.oidcIssuer,
      OIDC_AUDIENCE: CHINA_CONTEXT.oidcClientId,
      OIDC_TOKEN_USE: 'header.typ=at+jwt',
    });
    expect(env(china.template).OIDC_USERNAME_CLAIM).toBeUndefined();
  });

  it('write /config.json next to the site with the issuer and client of the variant', () => {
    const { stack } = global;
    const loginUrl = (path: string) => ({
      'Fn::Join': [
        '',
        ['https://', { Ref: expect.stringMatching(/^IdentityUsersLogin/) }, `.auth.us-east-1.amazoncognito.com${path}`],
      ],
    });
    expect(stack.resolve(stack.hosting.dashboardConfig)).toEqual({
      auth: {
        issuer: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityUsers/), 'ProviderURL'] },
        clientId: { Ref: expect.stringMatching(/^IdentityUsersDashboard/) },
        scopes: 'openid email profile',
        redirectPath: '/callback',
        signOutPath: '/signed-out',
        signOut: 'cognito',
        endSessionEndpoint: loginUrl('/logout'),
        revocationEndpoint: loginUrl('/oauth2/revoke'),
      },
    });
    expect(china.stack.resolve(china.stack.hosting.dashboardConfig)).toEqual({
      auth: {
        issuer: CHINA_CONTEXT.oidcIssuer,
        clientId: CHINA_CONTEXT.oidcClientId,
        scopes: 'openid profile email',
        redirectPath: '/callback',
        signOutPath: '/signed-out',
        signOut: 'oidc',
      },
    });
    // It is one of the deployment's sources (CloudFormation fills the tokens in at deploy time).
    for (const { template } of [global, china]) {
      const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as any;
      expect(deployment.Properties.SourceObjectKeys.length).toBeGreaterThanOrEqual(1);
      expect(deployment.Properties.Prune).toBe(true);
    }
  });

  it('let the dashboard reach the provider’s endpoints from the browser (CSP connect-src)', () => {
    const csp = (t: Template) =>
      JSON.stringify(
        Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map(
          (p: any) => p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy,
        ),
      );
    expect(csp(global.template)).toContain('.auth.us-east-1.amazoncognito.com');
    expect(csp(global.template)).toContain('https://cognito-idp.us-east-1.');
    expect(csp(china.template)).toContain('https://idp.district.gov.cn');
  });
});

describe('the global variant', () => {
  it('has a Cognito user pool with managed login, MFA required, and a public code-flow client with PKCE', () => {
    const { template } = global;
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'ESSENTIALS',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    const site = { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingDistribution'), 'DomainName'] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', site, '/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', site, '/signed-out']] }],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
      // The lifetimes the README states.
      AccessTokenValidity: TOKEN_LIFETIMES.access.toMinutes(),
      IdTokenValidity: TOKEN_LIFETIMES.id.toMinutes(),
      RefreshTokenValidity: TOKEN_LIFETIMES.refresh.toMinutes(),
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('serves the distribution’s own domain, no alias; S3 through origin access control', () => {
    const config = distributionConfig(global.template);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(resourceTypes(global.template).has('AWS::CloudFront::OriginAccessControl')).toBe(true);
  });

  it('takes the district’s own domain with an ACM certificate when given one', () => {
    const arn = 'arn:aws:acm:us-east-1:111111111111:certificate/0f7e1d2c-aaaa-bbbb-cccc-1234567890ab';
    const { template, threw } = synth({ domainName: 'gk.district.example', certificateArn: arn });
    expect(threw).toBeUndefined();
    const config = distributionConfig(template);
    expect(config.Aliases).toEqual(['gk.district.example']);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: arn, MinimumProtocolVersion: 'TLSv1.2_2021' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://gk.district.example/callback'],
    });
  });
});

describe('the China variant (cn-northwest-1, partition aws-cn)', () => {
  it('creates no Cognito and uses only services offered there', () => {
    const types = resourceTypes(china.template);
    expect([...types].filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(china.json).not.toMatch(/cognito/i);
    // CloudFront China has no origin access control.
    expect(types.has('AWS::CloudFront::OriginAccessControl')).toBe(false);
    const offered = [
      'AWS::S3::',
      'AWS::DynamoDB::',
      'AWS::Lambda::',
      'AWS::StepFunctions::',
      'AWS::Events::',
      'AWS::ApiGatewayV2::',
      'AWS::Logs::',
      'AWS::IAM::',
      // Alarms, their topic and dead-letter queues (infra/constructs/alarms.ts): offered in both China regions.
      'AWS::CloudWatch::Alarm',
      'AWS::CloudWatch::Dashboard',
      'AWS::SNS::',
      'AWS::SQS::',
      'AWS::KMS::Key',
      'AWS::CloudFront::Distribution',
      'AWS::CloudFront::CloudFrontOriginAccessIdentity',
      'AWS::CloudFront::ResponseHeadersPolicy',
      // The public lists' short cache (infra/constructs/hosting.ts): custom cache policies are in
      // CloudFront China's API (docs.amazonaws.cn/cloudfront/latest/APIReference, CachePolicySummary).
      'AWS::CloudFront::CachePolicy',
      'AWS::CDK::Metadata',
      // CDK's own custom resources, backed by Lambda functions of this template.
      'Custom::',
    ];
    expect([...types].filter((t) => !offered.some((prefix) => t.startsWith(prefix)))).toEqual([]);
  });

  it('writes no ARN of the global partition: every ARN is built on AWS::Partition', () => {
    expect(china.json).not.toContain('arn:aws:');
    expect(china.json).toContain('arn:');
    expect(china.json).toMatch(/"Ref":"AWS::Partition"|\$\{AWS::Partition\}/);
    // …and the global one is built the same way, so the difference is the partition only.
    expect(global.json).not.toContain('arn:aws:');
  });

  it('serves the ICP-filed domain with its IAM server certificate, IPv4 only', () => {
    const config = distributionConfig(china.template);
    expect(config.Aliases).toEqual([CHINA_CONTEXT.domainName]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: CHINA_CONTEXT.certificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.IPV6Enabled).toBe(false);
    for (const origin of config.Origins.filter((o: any) => o.S3OriginConfig)) {
      expect(JSON.stringify(origin.S3OriginConfig.OriginAccessIdentity)).toContain(
        'origin-access-identity/cloudfront/',
      );
    }
    china.template.hasOutput('DashboardUrl', { Value: `https://${CHINA_CONTEXT.domainName}` });
    expect(Object.keys(china.template.toJSON().Outputs)).not.toContain('UserPoolId');
  });

  it('synthesizes from region, oidcIssuer and oidcClientId alone, taking the domain and certificate at deploy time', () => {
    expect(chinaAtDeploy.threw).toBeUndefined();
    expect(chinaAtDeploy.report).not.toMatch(/AwsSolutions-/);
    expect(chinaAtDeploy.json).not.toContain('arn:aws:');
    const parameters = chinaAtDeploy.template.toJSON().Parameters;
    expect(parameters.SiteDomainName).toMatchObject({ Type: 'String', AllowedPattern: expect.any(String) });
    expect(parameters.SiteCertificateId).toMatchObject({ Type: 'String', AllowedPattern: expect.any(String) });
    const config = distributionConfig(chinaAtDeploy.template);
    expect(config.Aliases).toEqual([{ Ref: 'SiteDomainName' }]);
    expect(config.ViewerCertificate).toMatchObject({ IamCertificateId: { Ref: 'SiteCertificateId' } });
    expect(resourceTypes(chinaAtDeploy.template)).not.toContain('AWS::Cognito::UserPool');
    // The global template asks for nothing at deploy time beyond CDK's own asset parameters.
    expect(Object.keys(global.template.toJSON().Parameters ?? {})).not.toContain('SiteDomainName');
  });
});

describe('the context keys (a contract: ops scripts pass them)', () => {
  const variant = (context: Readonly<Record<string, string>>, region?: string) =>
    variantFromContext((key) => context[key], region);

  it('fail the synth with a clear message when a China region lacks its provider or its domain', () => {
    expect(() => variant({ region: 'cn-north-1' })).toThrow(
      /no Cognito user pools.*-c oidcIssuer=https:\/\/… -c oidcClientId=…/,
    );
    expect(() =>
      variant({
        region: 'cn-north-1',
        oidcIssuer: CHINA_CONTEXT.oidcIssuer,
        oidcClientId: 'x',
        domainName: 'gk.gov.cn',
      }),
    ).toThrow(/ICP-filed domain.*give both -c domainName=.*-c certificateId=.*or neither/);
    expect(variant({ region: 'cn-north-1', oidcIssuer: CHINA_CONTEXT.oidcIssuer, oidcClientId: 'x' }).site).toEqual({
      atDeploy: true,
    });
    expect(() =>
      variant({
        region: 'cn-north-1',
        oidcIssuer: CHINA_CONTEXT.oidcIssuer,
        oidcClientId: 'x',
        domainName: 'gk.district.gov.cn',
        certificateArn: 'arn:aws-cn:acm:cn-north-1:1:certificate/x',
      }),
    ).toThrow(/certificateArn is for ACM in the global regions; here it is certificateId/);
    // The region may come from the environment (CDK_DEFAULT_REGION) as well.
    expect(() => variant({}, 'cn-northwest-1')).toThrow(/cn-northwest-1 is an AWS China region/);
  });

  it('check what they are given', () => {
    expect(() => variant({ oidcIssuer: 'http://idp.example', oidcClientId: 'x' })).toThrow(/over https/);
    expect(() => variant({ oidcIssuer: 'https://idp.example' })).toThrow(/go together/);
    expect(() => variant({ oidcIssuer: 'https://idp.example', oidcClientId: 'x', oidcTokenUse: 'typ' })).toThrow(
      /token use/,
    );
    expect(() => variant({ domainName: 'gk.example' })).toThrow(/certificateArn/);
    expect(variant({}, 'eu-west-1')).toEqual({ region: 'eu-west-1', china: false, identity: { kind: 'cognito' } });
    expect(
      variant({
        oidcIssuer: 'https://idp.example',
        oidcClientId: 'x',
        oidcOrigins: 'https://a.example, https://b.example',
      }).identity,
    ).toMatchObject({ kind: 'oidc', connectOrigins: ['https://a.example', 'https://b.example'] });
  });
});

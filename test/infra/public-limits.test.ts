import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PATHS } from '../../functions/api/operations';
import { PUBLIC_THROTTLE, STAFF_THROTTLE } from '../../infra/constructs/api';
import { EdgeFirewallStack, firewallFromContext } from '../../infra/constructs/firewall';
import { GongkaiStack, type GongkaiStackProps } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';
import { TABLE_INDEXES } from '../../shared/storage-keys';

/** What anyone may call is bounded: per-route throttles, a short CDN cache, a WAF rule on request. */

const ENV = { account: '111111111111', region: 'us-east-1' };

function build(props: Partial<GongkaiStackProps> = {}, region = 'us-east-1') {
  const app = templateApp();
  const stack = new GongkaiStack(app, 'Test', { env: { ...ENV, region }, alarms: false, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const OIDC = { kind: 'oidc', issuer: 'https://idp.district.gov.cn', clientId: 'gongkai' } as const;
const CHINA_SITE = { domainName: 'gk.district.gov.cn', certificate: { iamId: 'ASCAEXAMPLE1234567890' } };

describe('the public routes are bounded', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = build());
  });

  it('throttles each public route at API Gateway, and every other route at the stage default', () => {
    const stages = template.findResources('AWS::ApiGatewayV2::Stage');
    const [stage] = Object.values(stages) as Array<{ Properties: Record<string, unknown>; DependsOn?: string[] }>;
    expect(Object.keys(stages)).toHaveLength(1);
    expect(stage?.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: STAFF_THROTTLE.burstLimit,
      ThrottlingRateLimit: STAFF_THROTTLE.rateLimit,
    });
    expect(stage?.Properties.RouteSettings).toEqual(
      Object.fromEntries(
        PUBLIC_PATHS.map((path) => [
          `GET ${path}`,
          { ThrottlingRateLimit: PUBLIC_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_THROTTLE.burstLimit },
        ]),
      ),
    );
    expect(PUBLIC_PATHS).toContain('/api/catalog');
    // The stage names routes that CloudFormation must have made first.
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    const publicRouteIds = Object.entries(routes)
      .filter(([, r]) =>
        PUBLIC_PATHS.includes(String((r as { Properties: { RouteKey: string } }).Properties.RouteKey).slice(4)),
      )
      .map(([id]) => id);
    expect(publicRouteIds).toHaveLength(PUBLIC_PATHS.length);
    for (const id of publicRouteIds) expect(stage?.DependsOn).toContain(id);
  });

  it('caches the public lists for a minute by their query string, and nothing else of the API', () => {
    const policies = template.findResources('AWS::CloudFront::CachePolicy');
    const [policyId, policy] =
      (Object.entries(policies) as Array<[string, { Properties: { CachePolicyConfig: unknown } }]>)[0] ?? [];
    expect(Object.keys(policies)).toHaveLength(1);
    expect(policy?.Properties.CachePolicyConfig).toEqual({
      Comment: 'gongkai public lists: a minute, keyed by the query string',
      DefaultTTL: 60,
      MinTTL: 0,
      MaxTTL: 300,
      Name: expect.any(String),
      ParametersInCacheKeyAndForwardedToOrigin: {
        CookiesConfig: { CookieBehavior: 'none' },
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
        HeadersConfig: { HeaderBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      },
    });
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Array<{
      Properties: { DistributionConfig: { CacheBehaviors: Array<Record<string, unknown>> } };
    }>;
    const behaviors = distribution?.Properties.DistributionConfig.CacheBehaviors ?? [];
    // More specific first: CloudFront takes the first pattern that matches.
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/api/catalog', '/api/agencies', '/api/*', '/public/*']);
    for (const b of behaviors.slice(0, 2)) {
      expect(b).toMatchObject({ CachePolicyId: { Ref: policyId }, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
    }
    // An entry's look-up is counted once per visitor (READ-5(6)): never answered from a cache.
    const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    expect(behaviors[2]).toMatchObject({ PathPattern: '/api/*', CachePolicyId: CACHING_DISABLED });
  });

  it('reads the catalogue by index: its year, agency, category and both are keys of the table', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table')) as Array<{
      Properties: { GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }> };
    }>;
    const indexes = Object.fromEntries(
      (table?.Properties.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, [i.KeySchema, i.Projection]]),
    );
    expect(Object.keys(indexes).sort()).toEqual(TABLE_INDEXES.map((i) => i.name).sort());
    expect(indexes.catalogByCategory).toEqual([
      [
        { AttributeName: 'gsi3pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      { ProjectionType: 'ALL' },
    ]);
    expect(indexes.catalogByAgencyCategory?.[0]).toEqual([
      { AttributeName: 'gsi4pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('upgrades a deployed table an index at a time (CloudFormation creates one per update)', () => {
    const { template: first } = build({ tableIndexes: TABLE_INDEXES.length - 1 });
    const [table] = Object.values(first.findResources('AWS::DynamoDB::Table')) as Array<{
      Properties: { GlobalSecondaryIndexes: Array<{ IndexName: string }> };
    }>;
    expect(table?.Properties.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(
      TABLE_INDEXES.slice(0, -1).map((i) => i.name),
    );
    for (const bad of [1, TABLE_INDEXES.length + 1, 2.5]) {
      expect(() => build({ tableIndexes: bad }), String(bad)).toThrow(/tableIndexes/);
    }
  });

  it('has no web ACL unless asked for one', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Array<{
      Properties: { DistributionConfig: Record<string, unknown> };
    }>;
    expect(distribution?.Properties.DistributionConfig).not.toHaveProperty('WebACLId');
  });
});

describe('the WAF rate rule, a stack option', () => {
  it('in us-east-1: a CloudFront web ACL with one rule per address, attached to the distribution', () => {
    const { template, app } = build({ firewall: { requestsPerFiveMinutes: 2000 } });
    const acls = Object.entries(template.findResources('AWS::WAFv2::WebACL')) as Array<
      [string, { Properties: Record<string, unknown> }]
    >;
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] ?? [];
    expect(acl?.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: 'requests-per-address',
          Priority: 0,
          Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'too-many-requests' } } },
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] } }),
    });
    // cdk-nag has nothing against it.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('elsewhere: the web ACL in a us-east-1 stack of its own, referred to across regions', () => {
    const app = templateApp();
    const edge = new EdgeFirewallStack(app, 'Edge', { env: ENV, requestsPerFiveMinutes: 500 });
    const main = new GongkaiStack(app, 'Main', {
      env: { ...ENV, region: 'ap-southeast-1' },
      alarms: false,
      crossRegionReferences: true,
      firewall: { webAclArn: edge.firewall.webAcl.attrArn },
    });
    Template.fromStack(edge).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } })],
    });
    const config = Template.fromStack(main).findResources('AWS::CloudFront::Distribution');
    expect(JSON.stringify(config)).toContain('WebACLId');
    expect(
      () =>
        new GongkaiStack(app, 'Wrong', {
          env: { ...ENV, region: 'eu-west-1' },
          firewall: { requestsPerFiveMinutes: 500 },
        }),
    ).toThrow(/made in us-east-1, not eu-west-1/);
  });

  it('reads -c wafRateLimit or -c webAclArn, refusing what WAF cannot do', () => {
    const context = (values: Record<string, unknown>) => (key: string) => values[key];
    expect(firewallFromContext(context({}), false)).toBeUndefined();
    expect(firewallFromContext(context({ wafRateLimit: '2000' }), false)).toEqual({
      kind: 'rate',
      requestsPerFiveMinutes: 2000,
    });
    const arn = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/district/0123abcd-4567';
    expect(firewallFromContext(context({ webAclArn: arn }), false)).toEqual({ kind: 'existing', webAclArn: arn });
    for (const bad of ['9', 'lots', '2.5', '3000000000']) {
      expect(() => firewallFromContext(context({ wafRateLimit: bad }), false), bad).toThrow(/wafRateLimit/);
    }
    expect(() =>
      firewallFromContext(context({ webAclArn: 'arn:aws:wafv2:eu-west-1:1:regional/webacl/x/y' }), false),
    ).toThrow(/not a CloudFront web ACL/);
    expect(() => firewallFromContext(context({ wafRateLimit: '2000', webAclArn: arn }), false)).toThrow(/one of them/);
    // China: WAF is regional only there — no CloudFront web ACLs, none for an HTTP API.
    expect(() => firewallFromContext(context({ wafRateLimit: '2000' }), true)).toThrow(/regional only/);
  });

  it('refuses a firewall in the China variant, which still gets its throttles and cache', () => {
    expect(() =>
      build({ identity: OIDC, site: CHINA_SITE, firewall: { requestsPerFiveMinutes: 2000 } }, 'cn-north-1'),
    ).toThrow(/regional only/);
    const { template } = build({ identity: OIDC, site: CHINA_SITE }, 'cn-north-1');
    template.resourceCountIs('AWS::CloudFront::CachePolicy', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Match.objectLike({ 'GET /api/catalog': Match.objectLike({ ThrottlingRateLimit: 50 }) }),
    });
  });
});

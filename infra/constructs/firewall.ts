import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface EdgeFirewallProps {
  /**
   * Requests one address may make in any 5 minutes before it is answered 429 for a while (AWS WAF
   * rate-based rule, aggregated by the viewer's IP address as CloudFront sees it).
   */
  readonly requestsPerFiveMinutes: number;
}

/** WAF's own bounds on a rate-based rule's limit. */
export const WAF_RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

/**
 * A web ACL for the dashboard's CloudFront distribution: one rate rule per viewer address. A
 * CloudFront web ACL (scope CLOUDFRONT) can only be created in us-east-1 (WAF's global scope).
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const limit = props.requestsPerFiveMinutes;
    if (!Number.isInteger(limit) || limit < WAF_RATE_LIMIT_BOUNDS.min || limit > WAF_RATE_LIMIT_BOUNDS.max) {
      throw new Error(
        `wafRateLimit ${limit}: a WAF rate rule counts ${WAF_RATE_LIMIT_BOUNDS.min} … ${WAF_RATE_LIMIT_BOUNDS.max} requests per 5 minutes`,
      );
    }
    const region = Stack.of(this).region;
    if (region !== 'us-east-1') {
      throw new Error(
        `a CloudFront web ACL is created in us-east-1 only, not in ${region}: put EdgeFirewall in a us-east-1 stack (infra/app.ts does)`,
      );
    }
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('gongkai-edge'),
      customResponseBodies: {
        'too-many-requests': {
          contentType: 'APPLICATION_JSON',
          content:
            '{"error":{"code":"too_many_requests","message":"too many requests from this address: try again later"}}',
        },
      },
      rules: [
        {
          name: 'requests-per-address',
          priority: 0,
          statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'too-many-requests' } } },
          visibilityConfig: visibility('gongkai-requests-per-address'),
        },
      ],
    });
  }
}

/**
 * The firewall of a stack deployed outside us-east-1: a stack of its own there, whose web ACL the
 * main stack attaches (a cross-region reference, which CDK carries through SSM parameters).
 */
export class EdgeFirewallStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StackProps & EdgeFirewallProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.firewall = new EdgeFirewall(this, 'Firewall', props);
    new CfnOutput(this, 'WebAclArn', { value: this.firewall.webAcl.attrArn });
  }
}

/** What the stack puts in front of its distribution: a rate rule it creates, or a web ACL that exists. */
export type FirewallChoice =
  | { readonly kind: 'rate'; readonly requestsPerFiveMinutes: number }
  | { readonly kind: 'existing'; readonly webAclArn: string };

const CLOUDFRONT_WEB_ACL_ARN = /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/;

/**
 * The firewall the context asks for: `-c wafRateLimit=N` (requests per address per 5 minutes) or
 * `-c webAclArn=arn:aws:wafv2:us-east-1:…:global/webacl/…`. Refused in the China regions, where AWS
 * WAF is regional only — it has no CloudFront web ACLs, and an HTTP API takes none either.
 */
export function firewallFromContext(context: (key: string) => unknown, china: boolean): FirewallChoice | undefined {
  const raw = (key: string) => {
    const value = context(key);
    return value === undefined || value === null || value === '' ? undefined : String(value).trim();
  };
  const rate = raw('wafRateLimit');
  const arn = raw('webAclArn');
  if (!rate && !arn) return undefined;
  if (china) {
    throw new Error(
      '-c wafRateLimit / -c webAclArn: AWS WAF in the China regions is regional only — no web ACL for CloudFront, ' +
        'and none for an HTTP API — so this variant relies on API Gateway throttling and the CloudFront cache; leave them out',
    );
  }
  if (rate && arn) throw new Error('-c wafRateLimit creates a web ACL, -c webAclArn names one: give one of them');
  if (arn) {
    if (!CLOUDFRONT_WEB_ACL_ARN.test(arn)) {
      throw new Error(
        `-c webAclArn=${arn}: not a CloudFront web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)`,
      );
    }
    return { kind: 'existing', webAclArn: arn };
  }
  const limit = Number(rate);
  if (!Number.isInteger(limit) || limit < WAF_RATE_LIMIT_BOUNDS.min || limit > WAF_RATE_LIMIT_BOUNDS.max) {
    throw new Error(
      `-c wafRateLimit=${rate}: requests per address per 5 minutes, a whole number ${WAF_RATE_LIMIT_BOUNDS.min} … ${WAF_RATE_LIMIT_BOUNDS.max}`,
    );
  }
  return { kind: 'rate', requestsPerFiveMinutes: limit };
}

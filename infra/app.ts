import { App, CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeFirewallStack, firewallFromContext } from './constructs/firewall';
import { GongkaiStack } from './stack';
import { variantFromContext } from './variant';

// The CDK's own CloudFormation schema check loads every resource type's schema into its engine on
// each synth: 8 of 17 s of CPU here. test/infra/cfn-validate.test.ts runs it, strictly, once per
// test run instead; `-c cfnValidation=true` runs it in a synth (as warnings, as the CDK does).
const app = new App({ builtinCloudFormationValidation: false });
if (String(app.node.tryGetContext('cfnValidation')) === 'true') {
  Validations.of(app).addPlugins(new CloudFormationValidatePlugin());
}
// -c region=… -c oidcIssuer=… -c oidcClientId=… -c domainName=… -c certificateArn|certificateId=… (infra/variant.ts)
let variant: ReturnType<typeof variantFromContext>;
try {
  variant = variantFromContext((key) => app.node.tryGetContext(key), process.env.CDK_DEFAULT_REGION);
} catch (err) {
  console.error(`gongkai: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
// -c wafRateLimit=2000 (requests per address per 5 minutes) or -c webAclArn=…: a WAF rule before CloudFront.
let firewall: ReturnType<typeof firewallFromContext>;
try {
  firewall = firewallFromContext((key) => app.node.tryGetContext(key), variant.china);
  if (firewall && !variant.region) throw new Error('-c wafRateLimit / webAclArn need the region: -c region=…');
} catch (err) {
  console.error(`gongkai: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const account = process.env.CDK_DEFAULT_ACCOUNT;
// A CloudFront web ACL lives in us-east-1: elsewhere it is a stack of its own there.
const edge =
  firewall?.kind === 'rate' && variant.region !== 'us-east-1'
    ? new EdgeFirewallStack(app, 'GongkaiFirewall', {
        env: { account, region: 'us-east-1' },
        requestsPerFiveMinutes: firewall.requestsPerFiveMinutes,
      })
    : undefined;
new GongkaiStack(app, 'Gongkai', {
  env: { account, region: variant.region },
  ...(edge ? { crossRegionReferences: true, firewall: { webAclArn: edge.firewall.webAcl.attrArn } } : {}),
  ...(firewall && !edge
    ? {
        firewall:
          firewall.kind === 'rate'
            ? { requestsPerFiveMinutes: firewall.requestsPerFiveMinutes }
            : { webAclArn: firewall.webAclArn },
      }
    : {}),
  identity: variant.identity,
  ...(variant.site ? { site: variant.site } : {}),
  // -c tableIndexes=3: the first deploy of an upgrade that adds two table indexes (docs/operations.md).
  ...(app.node.tryGetContext('tableIndexes') !== undefined
    ? { tableIndexes: Number(app.node.tryGetContext('tableIndexes')) }
    : {}),
  // -c opsEmail=ops@district.gov.cn: where the alarms are e-mailed (infra/constructs/alarms.ts).
  ...(app.node.tryGetContext('opsEmail') ? { opsEmail: String(app.node.tryGetContext('opsEmail')) } : {}),
});
// cdk-nag: an unacknowledged AwsSolutions finding fails the synth (see infra/nag.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

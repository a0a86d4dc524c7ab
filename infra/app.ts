import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GongkaiStack } from './stack';
import { variantFromContext } from './variant';

const app = new App();
// -c region=… -c oidcIssuer=… -c oidcClientId=… -c domainName=… -c certificateArn|certificateId=… (infra/variant.ts)
let variant: ReturnType<typeof variantFromContext>;
try {
  variant = variantFromContext((key) => app.node.tryGetContext(key), process.env.CDK_DEFAULT_REGION);
} catch (err) {
  console.error(`gongkai: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
new GongkaiStack(app, 'Gongkai', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: variant.region },
  identity: variant.identity,
  ...(variant.site ? { site: variant.site } : {}),
});
// cdk-nag: an unacknowledged AwsSolutions finding fails the synth (see infra/nag.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

import { App } from 'aws-cdk-lib';

/**
 * An app whose templates are read, not deployed (the local runtime's ASL, the infra tests): no
 * Lambda is bundled, and the CDK's own CloudFormation schema validation is off. That check loads
 * every resource type's schema into its engine on each synth — 5 of the local definition's 6 s
 * here; infra/app.ts turns it off for `cdk synth` too, and test/infra/cfn-validate.test.ts runs it,
 * strictly, once per test run.
 */
export function templateApp(context: Readonly<Record<string, unknown>> = {}): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false });
}

import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { GongkaiStack } from '../../infra/stack';
import { variantFromContext } from '../../infra/variant';

/**
 * The CDK's CloudFormation schema validation, run here once rather than on every `cdk synth`
 * (infra/app.ts turns it off there: loading every resource type's schema into its engine was 8 of
 * the synth's 17 s of CPU). Its errors fail this test instead of being shown as warnings.
 */
describe('CloudFormation validation of the templates', () => {
  for (const [name, context] of [
    ['global', {}],
    [
      'China',
      {
        region: 'cn-northwest-1',
        oidcIssuer: 'https://id.example.gov.cn',
        oidcClientId: 'x',
        domainName: 'gk.example.gov.cn',
        certificateId: 'ASCAEXAMPLEIAMCERT01',
      },
    ],
  ] as const) {
    it(`the ${name} deployment's template passes the CDK's CloudFormation validation`, () => {
      const app = new App({
        context: {
          'aws:cdk:bundling-stacks': [],
          // Errors fail the synth instead of being downgraded to warnings.
          '@aws-cdk/core:validateAgainstDefaultRules': true,
          ...context,
        },
      });
      const variant = variantFromContext((key) => app.node.tryGetContext(key), 'us-east-1');
      new GongkaiStack(app, 'Gongkai', {
        env: { account: '111111111111', region: variant.region },
        identity: variant.identity,
        ...(variant.site ? { site: variant.site } : {}),
      });
      let report = '';
      const log = console.error;
      console.error = (...args: unknown[]) => {
        report += `${args.join(' ')}\n`;
      };
      try {
        expect(() => app.synth(), report).not.toThrow();
      } finally {
        console.error = log;
      }
      // A guard against hangs, not a speed limit: loading the engine takes a minute on a busy machine.
    }, 180_000);
  }
});

import { Duration } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PUBLIC_PATHS } from '../../functions/api/operations';
import { fromRoot } from '../paths';
import type { IdentityProviderConfig } from './identity';

/** API Gateway's token bucket for a route: steady requests per second, and the burst above it. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiProps {
  readonly table: Table;
  readonly intakeBucket: Bucket;
  readonly publicBucket: Bucket;
  readonly stateMachine: StateMachine;
  /**
   * Each public route's throttle (the catalogue, its entries, the agencies, health): anyone may call
   * them, so what they cost the district is capped here, beside CloudFront's cache and the WAF rule.
   * @default PUBLIC_THROTTLE
   */
  readonly publicThrottle?: Throttle;
  /** Every other route's (signed-in staff). @default STAFF_THROTTLE */
  readonly staffThrottle?: Throttle;
}

/** Requests per second all callers together may make of one public route (429 above it). */
export const PUBLIC_THROTTLE: Throttle = { rateLimit: 50, burstLimit: 100 };
/** The signed-in routes: a district's staff, far fewer callers. */
export const STAFF_THROTTLE: Throttle = { rateLimit: 100, burstLimit: 200 };

/**
 * The Hono API behind an HTTP API. The public routes are open; every other route has the JWT
 * authorizer of the configured issuer (`authorize`: Cognito, or the district's own OpenID
 * provider), and the app verifies the token again and checks roles and agency on each call.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly handler: NodejsFunction;
  private readonly integration: HttpLambdaIntegration;
  private authorized = false;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new NodejsFunction(this, 'Handler', {
      entry: fromRoot('functions/lambda/api.ts'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(15),
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
      environment: {
        TABLE_NAME: props.table.tableName,
        INTAKE_BUCKET: props.intakeBucket.bucketName,
        PUBLIC_BUCKET: props.publicBucket.bucketName,
        // 重新处理: a re-run starts an execution that resumes the document.
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      },
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        target: 'node22',
        // CommonJS has no import.meta; what shared code reads of it is where the bundle is.
        define: { 'import.meta.url': JSON.stringify('file:///var/task/index.js') },
      },
    });
    props.table.grantReadWriteData(this.handler);
    // Presigned PUTs are signed with the API's own credentials: it needs put, nothing else.
    props.intakeBucket.grantPut(this.handler);
    // 更正: a publisher's corrected file replaces the public copy.
    props.publicBucket.grantPut(this.handler);
    props.stateMachine.grantTaskResponse(this.handler);
    // 重新处理: states:StartExecution on this state machine only.
    props.stateMachine.grantStartExecution(this.handler);

    const integration = new HttpLambdaIntegration('Integration', this.handler);
    this.integration = integration;
    this.node.addValidation({
      validate: () => (this.authorized ? [] : ['Api.authorize(identity) was not called: no signed-in routes']),
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      createDefaultStage: false,
      corsPreflight: {
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type'],
      },
    });
    const staffThrottle = props.staffThrottle ?? STAFF_THROTTLE;
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: staffThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR }),
        ),
      },
    });
    // The routes anyone may call (READ-4, READ-6); the API's own operations table says which.
    const publicThrottle = props.publicThrottle ?? PUBLIC_THROTTLE;
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      PUBLIC_PATHS.map((path) => [
        `GET ${path}`,
        { ThrottlingRateLimit: publicThrottle.rateLimit, ThrottlingBurstLimit: publicThrottle.burstLimit },
      ]),
    );
    for (const path of PUBLIC_PATHS) {
      // A route's settings name its route: the stage is deployed after the route exists.
      for (const route of this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration })) {
        cfnStage.node.addDependency(route);
      }
    }
  }

  /**
   * The signed-in routes, behind API Gateway's JWT authorizer on `identity`'s issuer and audience;
   * the Lambda gets the same settings (OIDC_*) and verifies every token again (functions/api/auth.ts).
   */
  authorize(identity: IdentityProviderConfig): void {
    if (this.authorized) throw new Error('the API is authorized once, with one issuer');
    this.authorized = true;
    const authorizer = new HttpJwtAuthorizer('Jwt', identity.issuer, {
      authorizerName: 'staff',
      jwtAudience: [identity.audience],
    });
    const env: Record<string, string | undefined> = {
      OIDC_ISSUER: identity.issuer,
      OIDC_AUDIENCE: identity.audience,
      OIDC_TOKEN_USE: identity.tokenUse,
      OIDC_USERNAME_CLAIM: identity.usernameClaim,
      OIDC_JWKS_URI: identity.jwksUri,
    };
    for (const [name, value] of Object.entries(env)) if (value) this.handler.addEnvironment(name, value);
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: this.integration,
      authorizer,
    });
  }
}

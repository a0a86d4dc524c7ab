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
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PUBLIC_PATHS } from '../../functions/api/operations';
import { EXCERPT_PREFIX } from '../../shared/model/object-keys';
import { BundledFunction } from './bundled-function';
import type { IdentityProviderConfig } from './identity';
import type { OcrLayer } from './ocr-layer';

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
  /** What the scan function reads PDFs and scans with (the review's layer, infra/constructs/workflow.ts). */
  readonly ocr: OcrLayer;
  /**
   * Each public route's throttle (the catalogue, its entries, the agencies, health): anyone may call
   * them, so what they cost the district is capped here, beside CloudFront's cache and the WAF rule.
   * @default PUBLIC_THROTTLE
   */
  readonly publicThrottle?: Throttle;
  /** Every other route's (signed-in staff). @default STAFF_THROTTLE */
  readonly staffThrottle?: Throttle;
}

/** The API function's (and its scan function's) time for a request. */
const API_TIMEOUT = Duration.seconds(15);

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
  readonly handler: BundledFunction;
  /**
   * Scans a publisher's corrected file for the API (functions/lambda/scan.ts): the extractors and
   * OCR live here, out of the API's bundle. It is given the file and answers the findings: it
   * reads and writes nothing.
   */
  readonly scanFunction: BundledFunction;
  private readonly integration: HttpLambdaIntegration;
  private authorized = false;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.scanFunction = new BundledFunction(this, 'Scan', {
      entry: 'scan',
      // As the review's: one full vCPU for OCR, and the extraction's memory on top of the engine's.
      memorySize: 2048,
      // The API waits for it, and API Gateway for the API.
      timeout: API_TIMEOUT,
      logGroup: new LogGroup(this, 'ScanLogs', { retention: RetentionDays.ONE_YEAR }),
      environment: { ...props.ocr.environment },
      layers: [props.ocr.layer],
    });
    this.handler = new BundledFunction(this, 'Handler', {
      entry: 'api',
      memorySize: 512,
      timeout: API_TIMEOUT,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
      environment: {
        TABLE_NAME: props.table.tableName,
        INTAKE_BUCKET: props.intakeBucket.bucketName,
        PUBLIC_BUCKET: props.publicBucket.bucketName,
        // 重新处理: a re-run starts an execution that resumes the document.
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        // 更正: a corrected file is scanned there before it replaces the public copy.
        SCAN_FUNCTION_NAME: this.scanFunction.functionName,
      },
    });
    // The function itself, not its versions (grantInvoke's `:*`): the API calls $LATEST.
    this.handler.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.scanFunction.functionArn] }),
    );
    props.table.grantReadWriteData(this.handler);
    // Presigned PUTs are signed with the API's own credentials: it needs put, nothing else.
    props.intakeBucket.grantPut(this.handler);
    // A reviewer opening a task reads the excerpt the review kept (shared/pipeline/tasks/excerpt.ts): that object only.
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.intakeBucket.arnForObjects(`${EXCERPT_PREFIX}*`)],
      }),
    );
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
        // Idempotency-Key: the dashboard's registrations (POST /api/documents) are safe to retry.
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
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

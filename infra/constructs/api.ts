import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PUBLIC_PATHS } from '../../functions/api/operations';
import { fromRoot } from '../paths';

export interface ApiProps {
  readonly table: Table;
  readonly intakeBucket: Bucket;
  readonly publicBucket: Bucket;
  readonly stateMachine: StateMachine;
}

/**
 * The Hono API behind an HTTP API. Staff sign in with Cognito; the JWT authorizer guards every
 * route except the public ones, and the app itself checks roles and agency on each call.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly handler: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // Staff sign off government documents: a second factor is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
    });

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
      bundling: { format: OutputFormat.CJS, minify: true, sourceMap: true, target: 'node22' },
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
    const authorizer = new HttpJwtAuthorizer('Cognito', this.userPool.userPoolProviderUrl, {
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      createDefaultStage: false,
      corsPreflight: {
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type'],
      },
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR }),
        ),
      },
    });
    // The routes anyone may call (READ-4, READ-6); the API's own operations table says which.
    for (const path of PUBLIC_PATHS) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration });
    }
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
  }
}

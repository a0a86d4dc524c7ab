import { existsSync } from 'node:fs';
import { Annotations, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { dashboardCsp, PUBLIC_COPY_HEADERS } from '../security-headers';

export interface DashboardHostingProps {
  readonly httpApi: HttpApi;
  /** Published copies, served under /public/. */
  readonly publicBucket: IBucket;
  /** Where the CDN writes its access logs. */
  readonly logBucket: IBucket;
  /** Where browsers PUT uploads (presigned URLs): allowed in the dashboard's connect-src. */
  readonly uploadBucket: IBucket;
  /**
   * The built dashboard (`npm run build:dashboard`).
   * @default no deployment of site files (the distribution is still created)
   */
  readonly siteDirectory?: string;
}

/** One CloudFront distribution: the dashboard, the API under /api/ and public copies under /public/. */
export class DashboardHosting extends Construct {
  readonly distribution: Distribution;
  readonly siteBucket: Bucket;
  /** Whether the built dashboard is deployed with this stack. */
  readonly deploysSite: boolean;

  constructor(scope: Construct, id: string, props: DashboardHostingProps) {
    super(scope, id);
    const siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'site/',
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const transportSecurity = { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true };
    // The dashboard runs only its own scripts; a published file can never script its origin.
    const dashboardHeaders = new ResponseHeadersPolicy(this, 'DashboardHeaders', {
      comment: 'gongkai dashboard: strict CSP, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: dashboardCsp([`https://${props.uploadBucket.bucketRegionalDomainName}`]),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        strictTransportSecurity: transportSecurity,
      },
    });
    const publicCopyHeaders = new ResponseHeadersPolicy(this, 'PublicCopyHeaders', {
      comment: 'gongkai public copies: sandboxed, never sniffed',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: PUBLIC_COPY_HEADERS['content-security-policy'],
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: transportSecurity,
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cdn/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: dashboardHeaders,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
        '/public/*': {
          origin: S3BucketOrigin.withOriginAccessControl(props.publicBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          // Copies are stored with Content-Disposition: attachment (functions/adapters/s3.ts).
          responseHeadersPolicy: publicCopyHeaders,
        },
      },
      // The dashboard is a single-page app: unknown paths load index.html.
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html' }],
    });

    this.siteBucket = siteBucket;
    this.deploysSite = props.siteDirectory !== undefined && existsSync(props.siteDirectory);
    if (props.siteDirectory && this.deploysSite) {
      new BucketDeployment(this, 'Site', {
        sources: [Source.asset(props.siteDirectory)],
        destinationBucket: siteBucket,
        distribution: this.distribution,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'gongkai:no-dashboard-build',
        'dashboard/dist not found: run `npm run build:dashboard` before `cdk deploy` to ship the site',
      );
    }
  }
}

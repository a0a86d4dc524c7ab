import { existsSync } from 'node:fs';
import { Annotations, CfnParameter, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type IOrigin,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { DashboardConfig } from '../../shared/api/dashboard-config';
import { dashboardCsp, PUBLIC_COPY_HEADERS } from '../security-headers';
import type { ResolvedSiteDomain, SiteDomain } from '../variant';

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
   * @default no deployment of site files (the distribution and /config.json are still created)
   */
  readonly siteDirectory?: string;
  /** Where the dashboard's browser code signs in (the identity provider's endpoints): its connect-src. */
  readonly signInOrigins: readonly string[];
  /** The district's own domain and its certificate. @default the distribution's *.cloudfront.net domain */
  readonly site?: SiteDomain;
  /**
   * CloudFront in the China regions: an ICP-filed domain with an IAM server certificate is required,
   * and S3 origins are reached through an origin access identity (origin access control is not offered there).
   */
  readonly china?: boolean;
  /**
   * A web ACL to put in front of the distribution (a CloudFront one: created in us-east-1,
   * infra/constructs/firewall.ts). @default none
   */
  readonly webAclArn?: string;
}

/**
 * How long CloudFront answers a public list from its cache (the catalogue's pages, the agencies)
 * before it asks the API again: a page just published shows this much later, and a crawler's
 * repeats cost the district nothing.
 */
export const PUBLIC_LIST_CACHE_TTL = Duration.seconds(60);
/** The paths whose GETs CloudFront caches: the same answer for everybody (an entry's look-up is counted, so not it). */
export const CACHED_PUBLIC_PATHS = ['/api/catalog', '/api/agencies'] as const;

/** One CloudFront distribution: the dashboard, the API under /api/ and public copies under /public/. */
export class DashboardHosting extends Construct {
  readonly distribution: Distribution;
  readonly siteBucket: Bucket;
  /** Whether the built dashboard is deployed with this stack (/config.json always is, by `deploySite`). */
  readonly deploysSite: boolean;
  /** https://<the dashboard's domain>: the district's own, or the distribution's. */
  readonly siteUrl: string;
  /** What /config.json says, once `deploySite` has written it. */
  dashboardConfig?: DashboardConfig;
  private readonly siteDirectory: string | undefined;

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
          contentSecurityPolicy: dashboardCsp([
            `https://${props.uploadBucket.bucketRegionalDomainName}`,
            ...props.signInOrigins,
          ]),
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
    const { china = false } = props;
    const site: ResolvedSiteDomain | undefined =
      props.site && 'atDeploy' in props.site ? this.siteFromParameters() : props.site;
    // Origin access control is not offered by CloudFront in the China regions: an origin access identity there.
    const s3Origin = (bucket: IBucket): IOrigin =>
      china ? S3BucketOrigin.withOriginAccessIdentity(bucket) : S3BucketOrigin.withOriginAccessControl(bucket);
    const acm = site && 'acmArn' in site.certificate ? site.certificate.acmArn : undefined;
    const apiOrigin = new HttpOrigin(apiDomain);
    // Every query parameter is part of the key (year, agency, category, q, limit, cursor); no header
    // or cookie is: the answer is the same for everyone, signed in or not.
    const publicListCache = new CachePolicy(this, 'PublicListCache', {
      comment: 'gongkai public lists: a minute, keyed by the query string',
      defaultTtl: PUBLIC_LIST_CACHE_TTL,
      minTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(5),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      ...(site && acm
        ? {
            domainNames: [site.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', acm),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      // CloudFront China serves IPv4 only.
      ...(china ? { enableIpv6: false } : {}),
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cdn/',
      defaultBehavior: {
        origin: s3Origin(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: dashboardHeaders,
      },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      additionalBehaviors: {
        ...Object.fromEntries(
          CACHED_PUBLIC_PATHS.map((path) => [
            path,
            {
              origin: apiOrigin,
              viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
              allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
              cachePolicy: publicListCache,
              originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            },
          ]),
        ),
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
        '/public/*': {
          origin: s3Origin(props.publicBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          // Copies are stored with Content-Disposition: attachment (functions/adapters/s3.ts).
          responseHeadersPolicy: publicCopyHeaders,
        },
      },
      // The dashboard is a single-page app: unknown paths load index.html.
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html' }],
    });

    if (site && 'iamId' in site.certificate) {
      // The L2 distribution takes ACM certificates only; CloudFront China takes IAM server certificates.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [site.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: site.certificate.iamId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
    }
    this.siteUrl = `https://${site?.domainName ?? this.distribution.distributionDomainName}`;

    this.siteBucket = siteBucket;
    this.siteDirectory = props.siteDirectory;
    this.deploysSite = props.siteDirectory !== undefined && existsSync(props.siteDirectory);
    if (!this.deploysSite) {
      Annotations.of(this).addWarningV2(
        'gongkai:no-dashboard-build',
        'dashboard/dist not found: run `npm run build:dashboard` before `cdk deploy` to ship the site',
      );
    }
    this.node.addValidation({
      validate: () => (this.dashboardConfig ? [] : ['DashboardHosting.deploySite(config) was not called']),
    });
  }

  /**
   * Ships the built dashboard and, beside it, /config.json: the issuer and client of this
   * deployment's identity provider (values CloudFormation fills in at deploy time). One build of
   * the dashboard serves every variant.
   */
  deploySite(config: DashboardConfig): void {
    if (this.dashboardConfig) throw new Error('the site is deployed once');
    this.dashboardConfig = config;
    new BucketDeployment(this, 'Site', {
      sources: [
        ...(this.deploysSite && this.siteDirectory ? [Source.asset(this.siteDirectory)] : []),
        Source.jsonData('config.json', config),
      ],
      destinationBucket: this.siteBucket,
      distribution: this.distribution,
    });
  }

  /** China without `-c domainName`/`-c certificateId`: both become parameters of the deployment. */
  private siteFromParameters(): ResolvedSiteDomain {
    const domainName = new CfnParameter(this, 'SiteDomainName', {
      type: 'String',
      description: "The district's ICP-filed domain the dashboard is served on (CloudFront China needs one)",
      allowedPattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
      constraintDescription: 'a lower-case domain name such as gk.district.gov.cn',
    });
    domainName.overrideLogicalId('SiteDomainName');
    const certificateId = new CfnParameter(this, 'SiteCertificateId', {
      type: 'String',
      description:
        'The IAM server certificate id for that domain (aws iam upload-server-certificate --path /cloudfront/)',
      allowedPattern: '^[A-Z0-9]{16,128}$',
      constraintDescription: 'an IAM server certificate id (ServerCertificateId, e.g. ASCA…)',
    });
    certificateId.overrideLogicalId('SiteCertificateId');
    return { domainName: domainName.valueAsString, certificate: { iamId: certificateId.valueAsString } };
  }
}

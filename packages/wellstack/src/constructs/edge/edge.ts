import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { MediaConfig, Stage, WebConfig } from '../../config/index.ts';

/** Where the service puts uploads (docs/service-contract.md, Media). */
export const UPLOAD_PREFIX = 'uploads/';
/** Days CloudFront and S3 access logs are kept. */
const LOG_EXPIRY_DAYS = 90;
/** Days a replaced or deleted media object stays recoverable in production. */
const MEDIA_NONCURRENT_DAYS = 30;

export interface EdgeApiOrigin {
  /** The internet-facing ALB that serves the API. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Whether CloudFront reaches the ALB over HTTPS (the ALB has a certificate) or plain HTTP. */
  readonly https: boolean;
  /**
   * The host CloudFront connects to when `https`: a name in the ALB's certificate that resolves to the ALB
   * (e.g. api.example.com). CloudFront checks the origin's certificate against it, so the ALB's own
   * `*.elb.amazonaws.com` name would fail. It is also the Host header the ALB routes on.
   *
   * @default - the ALB's DNS name; only valid without `https`
   */
  readonly domainName?: string;
}

export interface EdgeProps {
  /** The static front end (private S3 bucket behind CloudFront), or `false`. */
  readonly web: WebConfig | false;
  /** The upload bucket served under `/media/*`, or `false`. S3 storage and requests cost money. */
  readonly media: MediaConfig | false;
  /**
   * Routes `/api/*` (uncached) to the ALB, with the `/api` prefix stripped (docs/service-contract.md).
   * Added only with a web front end whose `apiBehavior` is on.
   *
   * @default - no /api/* behaviour
   */
  readonly api?: EdgeApiOrigin;
  /**
   * The distribution's certificate; CloudFront only accepts certificates from us-east-1.
   *
   * @default - the *.cloudfront.net certificate (no custom names)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * The distribution's names (alternate domain names); need `certificate`.
   *
   * @default - only the *.cloudfront.net name
   */
  readonly domainNames?: string[];
  /** Folder that `web.dist` is relative to (the config file's folder). */
  readonly baseDir: string;
  /** `prod` keeps old versions of media objects for 30 days (their storage costs money). */
  readonly stage: Stage;
}

/**
 * CloudFront in front of private S3 buckets (origin access control, no public bucket), for the static front
 * end and for uploaded media, with an optional uncached `/api/*` behaviour to the ALB.
 *
 * - SPA fallback is a viewer-request CloudFront Function on the default behaviour (extension-less paths →
 *   `/index.html`), not distribution-wide error responses, which would also turn the API's and the media's
 *   honest 403/404 into `index.html` with 200.
 * - `/api/*` and `/media/*` have the prefix stripped by viewer-request functions: the service's routes and
 *   the media object keys are unprefixed.
 * - Security headers (HSTS, nosniff, frame options, referrer policy) on every response: AWS's managed
 *   policy, without a Content-Security-Policy, which only the front end's author can write correctly.
 * - Access logs: CloudFront standard logs and S3 server access logs go to one log bucket, expired after
 *   90 days.
 * - The buckets are retained when the stack is deleted: CloudFormation cannot delete a non-empty bucket,
 *   and media are user data. The web bucket is not versioned (it is rebuilt from `web.dist`); the media
 *   bucket is in `prod`, keeping replaced or deleted objects for 30 days.
 */
export class Edge extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly webBucket?: s3.Bucket;
  readonly mediaBucket?: s3.Bucket;
  readonly logBucket: s3.Bucket;
  /** `https://<first domain name or the distribution's name>/media` — the contract's `MEDIA_BASE_URL`. */
  readonly mediaBaseUrl: string;
  /** The deployment of `web.dist` into the web bucket, when `web.dist` is set. */
  readonly webDeployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const { web, media, certificate, domainNames = [] } = props;
    if (!web && !media) {
      throw new Error('Edge needs web or media: enable one of them, or do not create the Edge');
    }
    if (domainNames.length > 0 && !certificate) {
      throw new Error(
        `domainNames (${domainNames.join(', ')}) need a certificate from us-east-1: pass certificate or drop domainNames`,
      );
    }
    const api = web !== false && web.apiBehavior ? props.api : undefined;
    if (api?.https && !api.domainName) {
      throw new Error(
        'api.https needs api.domainName, a name in the ALB certificate (e.g. api.example.com): CloudFront checks the origin certificate against it',
      );
    }

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      ...privateBucket,
      // CloudFront standard logs are delivered with ACLs, so the bucket must accept them.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(LOG_EXPIRY_DAYS) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket; logging it into itself would loop. Compensating control: private, TLS-only, encrypted, and its objects expire after 90 days.',
    });

    const originAccessControl = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'CloudFront reads the private web and media buckets',
    });
    const securityHeaders = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS;
    const s3Behavior = (bucket: s3.IBucket): cloudfront.BehaviorOptions => ({
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, { originAccessControl }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
      compress: true,
    });

    if (web) {
      this.webBucket = new s3.Bucket(this, 'WebBucket', {
        ...privateBucket,
        serverAccessLogsBucket: this.logBucket,
        serverAccessLogsPrefix: 's3/web/',
      });
    }
    if (media) {
      this.mediaBucket = new s3.Bucket(this, 'MediaBucket', {
        ...privateBucket,
        serverAccessLogsBucket: this.logBucket,
        serverAccessLogsPrefix: 's3/media/',
        // Upload keys are unique, so versions only matter as an undo for deletes: production only.
        versioned: props.stage === 'prod',
        lifecycleRules:
          props.stage === 'prod'
            ? [{ noncurrentVersionExpiration: Duration.days(MEDIA_NONCURRENT_DAYS) }]
            : undefined,
        cors: [
          {
            // Browsers POST uploads straight to S3 with a presigned policy.
            allowedMethods: [s3.HttpMethods.POST],
            allowedOrigins: mediaCorsOrigins(media, domainNames),
            allowedHeaders: ['*'],
            maxAge: 3000,
          },
        ],
      });
    }

    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    if (this.mediaBucket) {
      additionalBehaviors['/media/*'] = {
        ...s3Behavior(this.mediaBucket),
        functionAssociations: [this.viewerRequest('StripMediaPrefix', stripPrefixCode('/media'))],
      };
    }
    if (api) {
      const apiBehavior: cloudfront.BehaviorOptions = {
        origin: api.https
          ? new origins.HttpOrigin(api.domainName!, {
              protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
              originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            })
          : new origins.LoadBalancerV2Origin(api.loadBalancer, {
              protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
            }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [this.viewerRequest('StripApiPrefix', stripPrefixCode('/api'))],
      };
      // `/api/*` does not match a bare `/api`, which would otherwise fall through to the SPA; one origin serves both.
      additionalBehaviors['/api/*'] = apiBehavior;
      additionalBehaviors['/api'] = apiBehavior;
    }

    // Without a web front end, the media bucket answers the default behaviour too.
    const defaultBucket = (this.webBucket ?? this.mediaBucket)!;
    const defaultBehavior: cloudfront.BehaviorOptions = {
      ...s3Behavior(defaultBucket),
      functionAssociations:
        web !== false && web.spaFallback ? [this.viewerRequest('SpaFallback', SPA_FALLBACK_CODE)] : undefined,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName} edge`,
      defaultBehavior,
      additionalBehaviors,
      defaultRootObject: web ? 'index.html' : undefined,
      certificate,
      domainNames: domainNames.length > 0 ? domainNames : undefined,
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Price class 200 includes the Korean and Japanese edges (the default region's users) and leaves out
      // the most expensive ones (South America, Australia).
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.mediaBaseUrl = `https://${domainNames[0] ?? this.distribution.distributionDomainName}/media`;
    this.acknowledgeDistribution(certificate !== undefined, api);

    if (web && web.dist !== undefined && this.webBucket) {
      this.webDeployment = this.deployWeb(this.webBucket, resolve(props.baseDir, web.dist));
    }
  }

  /**
   * Lets `grantee` (the service's role) sign presigned POST uploads into the media bucket:
   * `s3:PutObject` on `uploads/*` (the contract's object keys), nothing else.
   */
  grantUpload(grantee: iam.IGrantable): iam.Grant {
    if (!this.mediaBucket) {
      throw new Error('grantUpload needs the media bucket: enable media in the config');
    }
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.mediaBucket.arnForObjects(`${UPLOAD_PREFIX}*`)],
    });
    if (Construct.isConstruct(grantee)) {
      const bucket = Stack.of(this).resolve((this.mediaBucket.node.defaultChild as s3.CfnBucket).logicalId);
      Validations.of(grantee).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${UPLOAD_PREFIX}*]`,
        reason:
          'Uploads get keys the service generates under uploads/, so the grant must cover that prefix; it allows only s3:PutObject, and each presigned POST further pins one key, a content type and a size.',
      });
    }
    return grant;
  }

  private viewerRequest(id: string, code: string): cloudfront.FunctionAssociation {
    const fn = new cloudfront.Function(this, id, {
      code: cloudfront.FunctionCode.fromInline(code),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    return { function: fn, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST };
  }

  private deployWeb(bucket: s3.Bucket, dist: string): s3deploy.BucketDeployment {
    if (!existsSync(dist) || !statSync(dist).isDirectory()) {
      throw new Error(
        `web.dist resolves to ${dist}, which is not a folder: build the front end first, or remove web.dist`,
      );
    }
    const deployment = new s3deploy.BucketDeployment(this, 'WebDeployment', {
      sources: [s3deploy.Source.asset(dist)],
      destinationBucket: bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 512,
    });
    // The deployment runs as CDK's stack-wide custom-resource function, created for it here.
    const reason =
      'Granted by CDK so the deployment can copy the build from the CDK asset bucket into the web bucket and invalidate the distribution: object-level S3 actions on those two buckets and cloudfront:CreateInvalidation. It runs only during deployments.';
    Validations.of(deployment.handlerRole).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's bucket-deployment function uses the AWS-managed basic execution role, which only lets it write its own logs. It runs only during deployments.",
      },
      ...bucketDeploymentWildcards(bucket).map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason,
      })),
    );
    const handler = deployment.handlerRole.node.scope;
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The bucket-deployment function's runtime is chosen by aws-cdk-lib for its bundled AWS CLI layer; it moves with aws-cdk-lib upgrades, and it runs only during deployments.",
      });
    }
    return deployment;
  }

  private acknowledgeDistribution(hasCertificate: boolean, api: EdgeApiOrigin | undefined): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'The site serves everyone, so there is no country to block. Compensating control: none needed; add a geo restriction in a subclass if the service is regional by law.',
    });
    distribution.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'AWS WAF costs USD 5 per web ACL-month plus rules and requests, more than the whole free-tier stack. Compensating control: CloudFront absorbs layer 3/4 attacks (AWS Shield Standard), the buckets are private, and the API answers only through the ALB security group.',
    });
    if (!hasCertificate) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a domain the distribution uses the *.cloudfront.net certificate, whose minimum protocol CloudFront fixes at TLSv1. Compensating control: with a domain the policy is TLSv1.2_2021.',
      });
    }
    if (api && !api.https) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR5',
        reason:
          'The ALB has no certificate in this config (no domain), so CloudFront reaches it over HTTP inside the AWS network. Compensating control: viewers always use HTTPS; with a domain the origin is HTTPS with TLSv1.2.',
      });
    }
  }
}

/** Private, TLS-only, S3-encrypted, retained: the settings every bucket here shares. */
const privateBucket = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies s3.BucketProps;

/**
 * The wildcard findings cdk-nag reports on the bucket-deployment role's policy, spelled as cdk-nag spells
 * them. The asset bucket is the default synthesizer's (`cdk-<qualifier>-assets-<account>-<region>`).
 */
function bucketDeploymentWildcards(bucket: s3.Bucket): string[] {
  const stack = Stack.of(bucket);
  const qualifier =
    stack.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
  return [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${region}/*`,
    `Resource::<${bucketId}.Arn>/*`,
    'Resource::*',
  ];
}

const BOOTSTRAP_QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';

/** Extension-less paths are the SPA's routes; everything with an extension is a real file. */
const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** `/api/posts` → `/posts`, `/api` → `/`: the origin's paths are unprefixed. */
function stripPrefixCode(prefix: string): string {
  return `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${prefix.length}) || '/';
  return request;
}`;
}

/**
 * Origins allowed to POST uploads: the config's list, else the distribution's names, else `*` (without
 * a domain the site's origin is the generated *.cloudfront.net name, unknown until deployed; the
 * presigned policy still limits each upload to one key, type and size).
 */
function mediaCorsOrigins(media: MediaConfig, domainNames: string[]): string[] {
  if (media.corsOrigins.length > 0) return media.corsOrigins;
  if (domainNames.length > 0) return domainNames.map((name) => `https://${name}`);
  return ['*'];
}

import { fileURLToPath } from 'node:url';
import { type App, type Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { type MediaConfig, MediaSchema, type WebConfig, WebSchema } from '../../../src/config/index.ts';
import { Edge, type EdgeProps } from '../../../src/constructs/edge/edge.ts';
import { nagErrors, testStack, testVpc } from '../data/support.ts';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const FIXTURES = fileURLToPath(new URL('../../fixtures/edge', import.meta.url));
const CACHING_OPTIMIZED = cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId;
const CACHING_DISABLED = cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId;
const ALL_VIEWER_EXCEPT_HOST =
  cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId;

interface Options {
  readonly web?: Partial<WebConfig> | false;
  readonly media?: Partial<MediaConfig> | false;
  readonly api?: boolean;
  readonly props?: (stack: Stack) => Partial<EdgeProps>;
  readonly app?: App;
}

function build({ web = {}, media = {}, api = true, props = () => ({}), app }: Options = {}) {
  const stack = testStack(app);
  const vpc = testVpc(stack);
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  Validations.of(alb).acknowledge({
    id: 'AwsSolutions-ELB2',
    reason: 'Test fixture: ALB access logs belong to the services construct.',
  });
  const edge = new Edge(stack, 'Edge', {
    web: web && WebSchema.parse(web),
    media: media && MediaSchema.parse(media),
    api: api ? { loadBalancer: alb, https: false } : undefined,
    baseDir: FIXTURES,
    stage: 'dev',
    ...props(stack),
  });
  return { stack, alb, edge };
}

/** Runs a CloudFront Function's code on a request URI, as CloudFront would. */
function viewerRequest(code: string, uri: string): string {
  const handler = new Function(`${code}\nreturn handler;`)() as (e: unknown) => { uri: string };
  return handler({ request: { uri } }).uri;
}

function functionCode(template: Template, behaviorFunctionArn: unknown): string {
  const [logicalId] = (behaviorFunctionArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return template.toJSON().Resources[logicalId].Properties.FunctionCode;
}

describe('Edge', () => {
  const full = build();
  const template = Template.fromStack(full.stack);
  const config = template.findResources('AWS::CloudFront::Distribution');
  const distribution = Object.values(config)[0]!.Properties.DistributionConfig;

  it('keeps every bucket private, encrypted and TLS-only', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      });
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('reads the buckets through origin access control, never an OAI', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const s3Origins = distribution.Origins.filter((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(2);
    for (const origin of s3Origins) {
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
      expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    }
    // Only CloudFront, only this distribution, only reads.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('falls back to index.html with a function on the default behaviour, not with error responses', () => {
    expect(distribution.CustomErrorResponses).toBeUndefined();
    expect(distribution.DefaultRootObject).toBe('index.html');
    const behavior = distribution.DefaultCacheBehavior;
    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      CachePolicyId: CACHING_OPTIMIZED,
      ResponseHeadersPolicyId: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId,
    });
    expect(behavior.FunctionAssociations).toHaveLength(1);
    const code = functionCode(template, behavior.FunctionAssociations[0].FunctionARN);
    expect(viewerRequest(code, '/')).toBe('/index.html');
    expect(viewerRequest(code, '/posts/42')).toBe('/index.html');
    expect(viewerRequest(code, '/assets/app.3f2a.js')).toBe('/assets/app.3f2a.js');
  });

  it('serves /media/* from the media bucket and /api/* uncached from the ALB, prefixes stripped', () => {
    const byPath = Object.fromEntries(
      distribution.CacheBehaviors.map((b: { PathPattern: string }) => [b.PathPattern, b]),
    );
    expect(Object.keys(byPath).sort()).toEqual(['/api', '/api/*', '/media/*']);
    expect(byPath['/api'].TargetOriginId).toBe(byPath['/api/*'].TargetOriginId);
    expect(byPath['/media/*']).toMatchObject({
      CachePolicyId: CACHING_OPTIMIZED,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(byPath['/api/*']).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    const apiCode = functionCode(template, byPath['/api/*'].FunctionAssociations[0].FunctionARN);
    expect(viewerRequest(apiCode, '/api/posts')).toBe('/posts');
    expect(viewerRequest(apiCode, '/api/')).toBe('/');
    const mediaCode = functionCode(template, byPath['/media/*'].FunctionAssociations[0].FunctionARN);
    expect(viewerRequest(mediaCode, '/media/uploads/u/i.png')).toBe('/uploads/u/i.png');
    const albOrigin = distribution.Origins.find(
      (o: { Id: string }) => o.Id === byPath['/api/*'].TargetOriginId,
    );
    expect(albOrigin.DomainName).toEqual(full.stack.resolve(full.alb.loadBalancerDnsName));
    expect(albOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('http-only');
  });

  it('logs to a log bucket that accepts CloudFront ACLs and expires logs after 90 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    template.resourcePropertiesCountIs(
      'AWS::S3::Bucket',
      { LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }) },
      2,
    );
  });

  it('lets browsers POST uploads from any origin without a domain, and grants PutObject on uploads/* only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['*'] })],
      },
    });
    const { stack, edge } = build();
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    edge.grantUpload(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': ['', [stack.resolve(edge.mediaBucket!.bucketArn), '/uploads/*']],
            },
          },
        ],
      },
    });
    expect(full.stack.resolve(full.edge.mediaBaseUrl)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, '/media']],
    });
  });

  it('media CORS allows the distribution names when there is a domain', () => {
    const { stack, edge } = build({
      web: false,
      api: false,
      props: (scope) => ({
        certificate: acm.Certificate.fromCertificateArn(scope, 'Cert', CERTIFICATE_ARN),
        domainNames: ['example.com', 'www.example.com'],
      }),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['https://example.com', 'https://www.example.com'] })],
      },
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['example.com', 'www.example.com'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
        // Media only: no index.html, no SPA function, no API.
        DefaultRootObject: Match.absent(),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/media/*' })],
      }),
    });
    expect(edge.webBucket).toBeUndefined();
    expect(edge.mediaBaseUrl).toBe('https://example.com/media');
  });

  it('reaches an HTTPS ALB by a name in its certificate, over TLS 1.2 only', () => {
    const stack = testStack();
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: testVpc(stack) });
    new Edge(stack, 'Edge', {
      web: WebSchema.parse({}),
      media: false,
      api: { loadBalancer: alb, https: true, domainName: 'api.example.com' },
      baseDir: FIXTURES,
      stage: 'dev',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: 'api.example.com',
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
      }),
    });
  });

  it('deploys web.dist with a bucket deployment that invalidates the distribution', () => {
    const { stack } = build({ web: { dist: 'web' }, media: false, api: false });
    Template.fromStack(stack).hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: Match.anyValue(),
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  it('fails clearly when web.dist is missing, and on an HTTPS API without its host name', () => {
    expect(() => build({ web: { dist: 'no-such-build' } })).toThrow(
      /web.dist resolves to .*no-such-build, which is not a folder/,
    );
    expect(() => build({ web: false, media: false })).toThrow(/Edge needs web or media/);
    const stack = testStack();
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: testVpc(stack) });
    expect(
      () =>
        new Edge(stack, 'Edge', {
          web: WebSchema.parse({}),
          media: false,
          api: { loadBalancer: alb, https: true },
          baseDir: FIXTURES,
          stage: 'dev',
        }),
    ).toThrow(/api.https needs api.domainName/);
  });

  it('leaves no unacknowledged cdk-nag error', () => {
    expect(nagErrors((app) => build({ app }))).toEqual([]);
    // The web deployment's custom resource, checked by cdk-nag alone (see nagErrors).
    const deployment = (app: App) => build({ web: { dist: 'web' }, media: false, api: false, app });
    expect(nagErrors(deployment, { cloudFormationValidation: false })).toEqual([]);
  });
});

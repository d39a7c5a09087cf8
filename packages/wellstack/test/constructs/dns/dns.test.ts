import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { type DomainConfig, DomainSchema, MediaSchema, WebSchema } from '../../../src/config/index.ts';
import { Dns } from '../../../src/constructs/dns/dns.ts';
import { EdgeStack } from '../../../src/constructs/dns/edge-stack.ts';
import { Edge } from '../../../src/constructs/edge/edge.ts';
import { nagErrors, REGION, testVpc } from '../data/support.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/edge', import.meta.url));

/** The wiring the architecture does: global stack in us-east-1, main stack with Edge and Dns. */
function build(
  domainInput: object = { name: 'example.com' },
  app = new App({ builtinCloudFormationValidation: false }),
) {
  const domain: DomainConfig = DomainSchema.parse(domainInput);
  const global = new EdgeStack(app, 'Global', {
    domain,
    cloudFrontNames: ['example.com', 'www.example.com'],
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const main = new Stack(app, 'Main', { env: { region: REGION }, crossRegionReferences: true });
  const vpc = testVpc(main);
  const alb = new elbv2.ApplicationLoadBalancer(main, 'Alb', { vpc, internetFacing: true });
  Validations.of(alb).acknowledge({
    id: 'AwsSolutions-ELB2',
    reason: 'Test fixture: ALB logs belong to services.',
  });
  const edge = new Edge(main, 'Edge', {
    web: WebSchema.parse({}),
    media: MediaSchema.parse({}),
    certificate: global.certificate,
    domainNames: global.cloudFrontNames,
    baseDir: FIXTURES,
    stage: 'dev',
  });
  const dns = new Dns(main, 'Dns', { zone: global.zone });
  const certificate = dns.regionalCertificate(['api.example.com']);
  dns.aliasToCloudFront(global.cloudFrontNames, edge.distribution);
  dns.aliasToLoadBalancer(['api.example.com'], alb);
  return { app, global, main, alb, edge, dns, certificate };
}

describe('EdgeStack and Dns', () => {
  const created = build();
  const global = Template.fromStack(created.global);
  const main = Template.fromStack(created.main);

  it('creates the hosted zone and the CloudFront certificate in us-east-1, validated through DNS', () => {
    expect(created.global.region).toBe('us-east-1');
    global.resourceCountIs('AWS::Route53::HostedZone', 1);
    global.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'example.com.' });
    global.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'example.com',
      SubjectAlternativeNames: ['www.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: Match.arrayWith([
        { DomainName: 'example.com', HostedZoneId: { Ref: Match.anyValue() } },
      ]),
    });
  });

  it('the distribution uses the us-east-1 certificate, read across regions, with TLS 1.2 and the names', () => {
    // The CloudFront certificate is not in the main stack; only the ALB's regional one is.
    main.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    const distribution = Object.values(main.findResources('AWS::CloudFront::Distribution'))[0]!;
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['example.com', 'www.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    // CDK's cross-region reference: a reader custom resource in the main stack returns the ARN exported
    // by a writer in us-east-1 (through SSM parameters in the main region).
    const [reader, attribute] = config.ViewerCertificate.AcmCertificateArn['Fn::GetAtt'];
    expect(main.toJSON().Resources[reader].Type).toBe('Custom::CrossRegionExportReader');
    expect(attribute).toMatch(/^\/cdk\/exports\/Main\//);
    global.resourceCountIs('Custom::CrossRegionExportWriter', 1);
  });

  it('the ALB certificate is regional, for the service hosts, validated in the shared zone', () => {
    main.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        {
          DomainName: 'api.example.com',
          HostedZoneId: { 'Fn::GetAtt': [Match.anyValue(), Match.anyValue()] },
        },
      ],
    });
  });

  it('aliases the web names to CloudFront (A + AAAA) and the service host to the ALB (A)', () => {
    const distribution = created.main.resolve(created.edge.distribution.distributionDomainName);
    for (const name of ['example.com.', 'www.example.com.']) {
      for (const type of ['A', 'AAAA']) {
        main.hasResourceProperties('AWS::Route53::RecordSet', {
          Name: name,
          Type: type,
          AliasTarget: Match.objectLike({ DNSName: distribution }),
        });
      }
    }
    main.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      AliasTarget: Match.objectLike({
        HostedZoneId: created.main.resolve(created.alb.loadBalancerCanonicalHostedZoneId),
      }),
    });
    // An IPv4-only ALB gets no AAAA record.
    main.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'AAAA' }, 0);
    main.resourceCountIs('AWS::Route53::RecordSet', 5);
  });

  it('imports an existing hosted zone by id and name, with no lookup and no cross-region zone reference', () => {
    const { global: g, main: m } = build({
      name: 'example.com',
      hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' },
    });
    Template.fromStack(g).resourceCountIs('AWS::Route53::HostedZone', 0);
    Template.fromStack(g).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainValidationOptions: Match.arrayWith([
        { DomainName: 'example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ]),
    });
    Template.fromStack(m).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });

  it('fails clearly outside us-east-1 and for names outside the zone', () => {
    const app = new App();
    const domain = DomainSchema.parse({ name: 'example.com' });
    expect(() => new EdgeStack(app, 'G', { domain, env: { region: REGION } })).toThrow(
      /EdgeStack must be in us-east-1.*not ap-northeast-2/,
    );
    expect(
      () =>
        new EdgeStack(app, 'G2', { domain, cloudFrontNames: ['example.org'], env: { region: 'us-east-1' } }),
    ).toThrow(/example.org are not under example.com/);
    expect(() => created.dns.aliasToCloudFront(['cdn.example.org'], created.edge.distribution)).toThrow(
      /cdn.example.org not in the hosted zone example.com/,
    );
  });

  it('leaves no unacknowledged cdk-nag error in either stack', () => {
    expect(nagErrors((app) => build({ name: 'example.com' }, app))).toEqual([]);
  });
});

import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../src/config/schema.ts';
import { Network } from '../../../src/constructs/network/network.ts';
import { LoadBalancer, type LoadBalancerProps } from '../../../src/constructs/services/load-balancer.ts';
import { ingressRules, testStack, unacknowledgedErrors, worldIngress } from '../network/support.ts';

const CERT = 'arn:aws:acm:ap-northeast-2:123456789012:certificate/0b8e2f5c-1111-2222-3333-444455556666';
const notFound = elbv2.ListenerAction.fixedResponse(404);

function build(
  stack: Stack,
  props: {
    stage?: Stage;
    certificate?: boolean;
    internal?: boolean;
    clients?: 'internet' | 'cloudfront';
  } = {},
) {
  const { vpc } = new Network(stack, 'Network', {
    cidr: '10.0.0.0/16',
    maxAzs: 2,
    egress: 'gateway',
    natInstanceType: 't4g.nano',
    flowLogs: false,
  });
  const lbProps: LoadBalancerProps = {
    vpc,
    stage: props.stage ?? 'dev',
    internal: props.internal,
    clients: props.clients,
    defaultAction: notFound,
    certificate: props.certificate ? acm.Certificate.fromCertificateArn(stack, 'Cert', CERT) : undefined,
  };
  return new LoadBalancer(stack, 'LoadBalancer', lbProps);
}

function synth(props: Parameters<typeof build>[1] = {}): Template {
  const stack = testStack();
  build(stack, props);
  return Template.fromStack(stack);
}

function attributes(template: Template): Record<string, string> {
  const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]!;
  return Object.fromEntries(
    (lb.Properties.LoadBalancerAttributes as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]),
  );
}

describe('LoadBalancer', () => {
  it('without a certificate: one HTTP listener on 80, and only port 80 open to the world (IPv4)', () => {
    const template = synth();
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    expect(worldIngress(template)).toEqual([
      expect.objectContaining({ protocol: 'tcp', from: 80, to: 80, cidr: '0.0.0.0/0' }),
    ]);
  });

  it('with a certificate: HTTPS on 443 with the certificate and a modern policy, 80 redirects to it', () => {
    const template = synth({ certificate: true });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERT }],
      SslPolicy: Match.stringLikeRegexp('^ELBSecurityPolicy-TLS13'),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
        },
      ],
    });
    const open = worldIngress(template).map((r) => r.from);
    expect(open.sort()).toEqual([443, 80]);
  });

  it('is IPv4 only: no ::/0 rule, since the VPC and the load balancer have no IPv6', () => {
    const template = synth({ certificate: true });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
    });
    expect(ingressRules(template).filter((r) => r.cidrV6 !== undefined)).toEqual([]);
  });

  it('drops invalid header fields and has no egress but towards targets', () => {
    const template = synth();
    expect(attributes(template)).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'defensive',
    });
    const sg = Object.values(template.findResources('AWS::EC2::SecurityGroup'))[0]!;
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32' }),
    ]);
  });

  it('turns deletion protection on in prod only', () => {
    expect(attributes(synth({ stage: 'prod' }))['deletion_protection.enabled']).toBe('true');
    expect(attributes(synth({ stage: 'dev' }))['deletion_protection.enabled']).toBe('false');
  });

  it('internal: in the private subnets, nothing admitted until a tier is allowed in', () => {
    const template = synth({ internal: true });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: [
        { Ref: Match.stringLikeRegexp('PrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('PrivateSubnet2') },
      ],
    });
    expect(ingressRules(template)).toEqual([]);
  });

  it("CloudFront-only: admits the region's CloudFront origin-facing prefix list on 80, nothing from the world", () => {
    const template = synth({ clients: 'cloudfront' });
    expect(worldIngress(template)).toEqual([]);
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(rules).toEqual([
      expect.objectContaining({
        SourcePrefixListId: 'pl-22a6434b',
        FromPort: 80,
        ToPort: 80,
        IpProtocol: 'tcp',
      }),
    ]);
  });

  it('CloudFront-only with a certificate: the prefix list on 443 only', () => {
    const template = synth({ clients: 'cloudfront', certificate: true });
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(rules).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-22a6434b', FromPort: 443 })]);
    expect(worldIngress(template)).toEqual([]);
  });

  it('fails when an internal load balancer is given a certificate', () => {
    expect(() => synth({ internal: true, certificate: true })).toThrow(
      /internal load balancer takes no certificate/,
    );
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator', () => {
    const errors = unacknowledgedErrors((stack) => {
      build(stack, { certificate: true, stage: 'prod' });
    });
    expect(errors).toEqual([]);
  });

  it('passes cdk-nag without the world-ingress acknowledgement when only CloudFront is admitted', () => {
    expect(unacknowledgedErrors((stack) => void build(stack, { clients: 'cloudfront' }), false)).toEqual([]);
  });
});

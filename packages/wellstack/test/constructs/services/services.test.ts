import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/schema.ts';
import { Network } from '../../../src/constructs/network/network.ts';
import { Services } from '../../../src/constructs/services/services.ts';
import {
  admitsPort,
  config,
  ingressRules,
  logicalId,
  testStack,
  unacknowledgedErrors,
  userDataOf,
  worldIngress,
} from '../network/support.ts';

function build(stack: ReturnType<typeof testStack>, resolved: ResolvedConfig, certificate = false): Services {
  const { vpc } = new Network(stack, 'Network', resolved.network);
  return new Services(stack, 'Services', {
    vpc,
    services: resolved.services,
    stage: resolved.stage,
    certificate: certificate
      ? acm.Certificate.fromCertificateArn(
          stack,
          'Cert',
          'arn:aws:acm:ap-northeast-2:123456789012:certificate/abc',
        )
      : undefined,
    environment: { REDIS_URL: 'rediss://cache.internal:6379' },
    monitoringSecurityGroup: new ec2.SecurityGroup(stack, 'Monitoring', { vpc, description: 'Prometheus' }),
  });
}

function synth(resolved: ResolvedConfig, certificate = false): { template: Template; services: Services } {
  const stack = testStack();
  const services = build(stack, resolved, certificate);
  return { template: Template.fromStack(stack), services };
}

function rulePriorities(template: Template): Record<string, number> {
  const byHost: Record<string, number> = {};
  for (const rule of Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))) {
    const host = rule.Properties.Conditions.find((c: { Field: string }) => c.Field === 'host-header');
    byHost[host.HostHeaderConfig.Values.join(',')] = rule.Properties.Priority;
  }
  return byHost;
}

describe('Services', () => {
  it('multi-service: one shared ALB routing web on the apex and api on api. by host header', () => {
    const { template, services } = synth(config({ preset: 'multi-service' }));
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
    expect(Object.keys(rulePriorities(template)).sort()).toEqual([
      'api.example.com',
      'example.com,www.example.com',
    ]);
    // Every service has conditions, so unmatched hosts get a plain 404.
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [
        Match.objectLike({
          Type: 'fixed-response',
          FixedResponseConfig: Match.objectLike({ StatusCode: '404' }),
        }),
      ],
    });
    expect(services.internalLoadBalancer).toBeUndefined();
    expect(services.services.api?.autoScalingGroup).toBeDefined();
    expect(services.services.api?.targetGroup).toBeDefined();
  });

  it('priorities stay the same when another service is added', () => {
    const before = rulePriorities(synth(config({ preset: 'multi-service' })).template);
    const after = rulePriorities(
      synth(
        config({
          preset: 'multi-service',
          services: {
            admin: { routing: { hosts: ['admin'] } },
            docs: { routing: { hosts: ['docs'], paths: ['/v2/*'] } },
          },
        }),
      ).template,
    );
    expect(after['api.example.com']).toBe(before['api.example.com']);
    expect(after['example.com,www.example.com']).toBe(before['example.com,www.example.com']);
    expect(Object.keys(after)).toHaveLength(4);
  });

  it('fails when two services would share a priority', () => {
    const resolved = config({
      preset: 'multi-service',
      services: { web: { routing: { priority: 10 } }, api: { routing: { priority: 11 } } },
    });
    const collide = {
      ...resolved.services.api!,
      routing: { ...resolved.services.api!.routing, priority: 10 },
    };
    expect(() => synth({ ...resolved, services: { ...resolved.services, api: collide } })).toThrow(
      'services "web" and "api" share listener-rule priority 10',
    );
  });

  it('with a certificate: HTTPS listener and HTTP redirect; only 80/443 open to the world', () => {
    const { template } = synth(config({ preset: 'multi-service' }), true);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
    const albSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'ServicesLoadBalancerSecurityGroup');
    expect(
      worldIngress(template)
        .map((r) => [r.group, r.from])
        .sort(),
    ).toEqual([
      [albSg, 443],
      [albSg, 80],
    ]);
  });

  it('ha: web behind the public ALB, app behind an internal ALB, each tier admitting only the one in front', () => {
    const { template, services } = synth(config({ preset: 'ha' }));
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const sg = (hint: string) => logicalId(template, 'AWS::EC2::SecurityGroup', hint);
    const [publicAlb, internalAlb, web, app, monitoring] = [
      sg('ServicesLoadBalancerSecurityGroup'),
      sg('InternalLoadBalancerSecurityGroup'),
      sg('ServiceswebSecurityGroup'),
      sg('ServicesappSecurityGroup'),
      sg('Monitoring'),
    ];
    const rules = ingressRules(template);
    const of = (group: string) => rules.filter((r) => r.group === group).map(({ group: _, ...r }) => r);
    expect(of(internalAlb)).toEqual([{ protocol: 'tcp', from: 80, to: 80, source: web }]);
    expect(of(app)).toEqual(
      expect.arrayContaining([
        { protocol: 'tcp', from: 8080, to: 8080, source: internalAlb },
        { protocol: 'tcp', from: 9464, to: 9464, source: monitoring },
      ]),
    );
    expect(of(app)).toHaveLength(2);
    expect(of(web)).toEqual(
      expect.arrayContaining([
        { protocol: 'tcp', from: 8080, to: 8080, source: publicAlb },
        { protocol: 'tcp', from: 9464, to: 9464, source: monitoring },
      ]),
    );
    expect(of(web)).toHaveLength(2);
    expect(worldIngress(template).every((r) => r.group === publicAlb)).toBe(true);
    expect(rules.filter((r) => admitsPort(r, 22))).toEqual([]);
    expect(services.internalLoadBalancer).toBeDefined();
  });

  it('ha: the web tier gets INTERNAL_URL_APP pointing at the internal ALB; both get the shared env', () => {
    const { template } = synth(config({ preset: 'ha' }));
    const scripts = Object.entries(template.findResources('AWS::EC2::LaunchTemplate')).map(([id, lt]) => [
      id,
      userDataOf(lt),
    ]);
    const web = scripts.find(([id]) => id!.startsWith('Servicesweb'))![1]!;
    const app = scripts.find(([id]) => id!.startsWith('Servicesapp'))![1]!;
    expect(web).toMatch(
      /INTERNAL_URL_APP=http:\/\/\{"Fn::GetAtt":\["ServicesInternalLoadBalancer[0-9A-F]+","DNSName"\]\}\n/,
    );
    expect(app).not.toContain('INTERNAL_URL_');
    for (const script of [web, app]) expect(script).toContain('REDIS_URL=rediss://cache.internal:6379\n');
  });

  it('ha: deletion protection on both load balancers in prod', () => {
    const { template } = synth(config({ preset: 'ha' }));
    template.resourcePropertiesCountIs(
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      { LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]) },
      2,
    );
  });

  it('free-tier: a single instance and no load balancer', () => {
    const { template, services } = synth(config({ preset: 'free-tier' }));
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    expect(services.loadBalancer).toBeUndefined();
    expect(services.services.app?.instance).toBeDefined();
  });

  it('startup: the one service is the listener default', () => {
    const { template } = synth(config({ preset: 'startup' }));
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('ServicesappTargetGroup') } },
      ],
    });
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator (ha, with a certificate)', () => {
    expect(unacknowledgedErrors((stack) => build(stack, config({ preset: 'ha' }), true))).toEqual([]);
  });
});

import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../src/config/schema.ts';
import { Network, type NetworkProps } from '../../../src/constructs/network/network.ts';
import { AutoScaledService } from '../../../src/constructs/services/auto-scaled-service.ts';
import { LoadBalancer } from '../../../src/constructs/services/load-balancer.ts';
import {
  admitsPort,
  ingressRules,
  logicalId,
  service,
  testStack,
  unacknowledgedErrors,
  userDataOf,
  worldIngress,
} from '../network/support.ts';

interface Options {
  readonly egress?: NetworkProps['egress'];
  readonly config?: ServiceConfig;
  readonly monitoring?: boolean;
  readonly environment?: Record<string, string>;
}

function build(stack: Stack, options: Options = {}) {
  const { vpc } = new Network(stack, 'Network', {
    cidr: '10.0.0.0/16',
    maxAzs: 2,
    egress: options.egress ?? 'gateway',
    natInstanceType: 't4g.nano',
    flowLogs: false,
  });
  const loadBalancer = new LoadBalancer(stack, 'LoadBalancer', {
    vpc,
    stage: 'dev',
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  const monitoringSecurityGroup = options.monitoring
    ? new ec2.SecurityGroup(stack, 'Monitoring', { vpc, description: 'Prometheus' })
    : undefined;
  const api = new AutoScaledService(stack, 'Api', {
    vpc,
    name: 'api',
    config: options.config ?? service({ routing: { hosts: ['api'] } }),
    loadBalancer,
    monitoringSecurityGroup,
    environment: options.environment,
  });
  return { api, vpc, loadBalancer };
}

function synth(options: Options = {}): Template {
  const stack = testStack();
  build(stack, options);
  return Template.fromStack(stack);
}

function launchTemplateData(template: Template) {
  return Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0]!.Properties.LaunchTemplateData;
}

describe('AutoScaledService', () => {
  it('its security group admits only the load balancer, on the service port', () => {
    const template = synth();
    const serviceSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'ApiSecurityGroup');
    const albSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
    expect(ingressRules(template).filter((r) => r.group === serviceSg)).toEqual([
      { group: serviceSg, protocol: 'tcp', from: 8080, to: 8080, source: albSg },
    ]);
    expect(ingressRules(template).filter((r) => admitsPort(r, 22))).toEqual([]);
    expect(worldIngress(template).every((r) => r.group === albSg)).toBe(true);
  });

  it('the metrics port admits only the monitoring security group', () => {
    const template = synth({ monitoring: true });
    const serviceSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'ApiSecurityGroup');
    const monitoringSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'Monitoring');
    expect(ingressRules(template).filter((r) => r.group === serviceSg && admitsPort(r, 9464))).toEqual([
      { group: serviceSg, protocol: 'tcp', from: 9464, to: 9464, source: monitoringSg },
    ]);
  });

  it('without a monitoring security group nothing reaches the metrics port', () => {
    expect(ingressRules(synth()).filter((r) => admitsPort(r, 9464))).toEqual([]);
  });

  it('sizes the group from the config, scales on CPU and uses ELB health checks in private subnets', () => {
    const config = service({
      capacity: { min: 2, max: 5, desired: 3, targetCpuPercent: 60 },
      healthCheckGraceSeconds: 120,
    });
    const template = synth({ config });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '2',
      MaxSize: '5',
      DesiredCapacity: '3',
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 120,
      VPCZoneIdentifier: [
        { Ref: Match.stringLikeRegexp('PrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('PrivateSubnet2') },
      ],
      Tags: [{ Key: 'wellstack:service', Value: 'api', PropagateAtLaunch: true }],
    });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        TargetValue: 60,
      },
    });
  });

  it('leaves DesiredCapacity unset when the config does not pin it (deploys do not reset scaling)', () => {
    const asg = Object.values(synth().findResources('AWS::AutoScaling::AutoScalingGroup'))[0]!;
    expect(asg.Properties.DesiredCapacity).toBeUndefined();
  });

  it('the target group health check and draining come from the config', () => {
    const config = service({
      routing: { hosts: ['api'] },
      healthCheck: {
        path: '/healthz',
        healthyThreshold: 3,
        unhealthyThreshold: 4,
        intervalSeconds: 20,
        timeoutSeconds: 6,
      },
      deregistrationDelaySeconds: 45,
    });
    synth({ config }).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'instance',
      HealthCheckPath: '/healthz',
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      HealthCheckIntervalSeconds: 20,
      HealthCheckTimeoutSeconds: 6,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '45' }]),
    });
  });

  it('fails when the health-check timeout is not below the interval', () => {
    const config = service({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } });
    expect(() => synth({ config })).toThrow(
      'healthCheck.timeoutSeconds (10) must be less than healthCheck.intervalSeconds (10)',
    );
  });

  it('launches Amazon Linux 2023 with IMDSv2 only and an encrypted gp3 root of rootVolumeGiB', () => {
    const template = synth({ config: service({ rootVolumeGiB: 20 }) });
    const data = launchTemplateData(template);
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true },
      },
    ]);
    expect(data.NetworkInterfaces?.[0]?.AssociatePublicIpAddress ?? false).toBe(false);
    expect(template.toJSON().Parameters[data.ImageId.Ref].Default).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
    );
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore'],
          ],
        },
      ],
    });
  });

  it('picks the x86_64 image for a non-Graviton instance type', () => {
    const template = synth({ config: service({ instanceType: 't3.small' }) });
    const data = launchTemplateData(template);
    expect(template.toJSON().Parameters[data.ImageId.Ref].Default).toMatch(/al2023-ami-kernel-.*-x86_64$/);
  });

  it('user data follows the service contract: runtime, CodeDeploy agent, user, env file', () => {
    const template = synth({
      environment: { DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:1:secret:db' },
    });
    const script = userDataOf(Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0]!);
    expect(script).toContain('dnf install -y nodejs20');
    // Retried, then fatal: one install lost to the boot-time dnf race must not leave a host without Node.
    expect(script).toContain(
      'for attempt in $(seq 5); do dnf install -y nodejs20 ruby && break; [ "$attempt" -lt 5 ] || exit 1; sleep 10; done',
    );
    expect(script).toContain(
      'https://aws-codedeploy-<AWS::Region>.s3.<AWS::Region>.amazonaws.com/latest/install',
    );
    expect(script).toContain('/tmp/codedeploy-install auto');
    expect(script).toContain('useradd --system --no-create-home --shell /sbin/nologin wellstack');
    expect(script).toContain('install -m 0640 -o root -g wellstack /dev/null /etc/wellstack/app.env');
    expect(script).toContain("cat > /etc/wellstack/app.env <<'WELLSTACK_ENV'");
    expect(script).toContain('DATABASE_SECRET_ARN=arn:aws:secretsmanager:ap-northeast-2:1:secret:db\n');
    expect(script).toContain('PORT=8080\n');
    expect(script).toContain('METRICS_PORT=9464\n');
    expect(script).toContain('AWS_REGION=<AWS::Region>\n');
  });

  it('fails when a secret would be written in plain text', () => {
    expect(() => synth({ environment: { JWT_SECRET: 'correct horse battery staple' } })).toThrow(
      'environment variable JWT_SECRET holds a secret in plain text: store it in Secrets Manager and pass JWT_SECRET_ARN instead',
    );
  });

  it('spot share: one on-demand base, the rest split by spotPercent', () => {
    const template = synth({ config: service({ capacity: { spotPercent: 70 } }) });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      CapacityRebalance: true,
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandBaseCapacity: 1,
          OnDemandPercentageAboveBaseCapacity: 30,
          SpotAllocationStrategy: 'price-capacity-optimized',
        },
      },
    });
  });

  it('routes by host (and path) with a priority derived from the name', () => {
    const config = service({ routing: { hosts: ['api'], paths: ['/v1/*'] } });
    const stack = testStack();
    const { api } = build(stack, { config });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: api.priority,
      Conditions: Match.arrayWith([
        { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } },
      ]),
    });
    expect(api.priority).toBeLessThanOrEqual(16_000);
  });

  it('without routing conditions it is the listener default: no rule', () => {
    const template = synth({ config: service() });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('ApiTargetGroup') } },
      ],
    });
  });

  it('warns when the VPC has no egress: the group runs isolated, out of reach of SSM and CodeDeploy', () => {
    const stack = testStack();
    build(stack, { egress: 'none' });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('runs in isolated subnets'));
    Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      VPCZoneIdentifier: [
        { Ref: Match.stringLikeRegexp('IsolatedSubnet1') },
        { Ref: Match.stringLikeRegexp('IsolatedSubnet2') },
      ],
    });
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator, on demand and with spot', () => {
    const errors = unacknowledgedErrors((stack) => {
      const { vpc, loadBalancer } = build(stack, {
        monitoring: true,
        config: service({ routing: { hosts: ['api'] }, capacity: { spotPercent: 50 } }),
      });
      new AutoScaledService(stack, 'Web', { vpc, name: 'web', config: service(), loadBalancer });
    });
    expect(errors).toEqual([]);
  });
});

import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { Network } from '../../../src/constructs/network/network.ts';
import { SingleInstanceService } from '../../../src/constructs/services/single-instance-service.ts';
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

/** The free-tier preset's service: t2.micro, compute "instance", in a VPC without NAT. */
function build(stack: Stack, monitoring = false): SingleInstanceService {
  const resolved = config({ preset: 'free-tier' });
  const { vpc } = new Network(stack, 'Network', resolved.network);
  return new SingleInstanceService(stack, 'App', {
    vpc,
    name: 'app',
    config: resolved.services.app!,
    environment: { DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:1:secret:db' },
    monitoringSecurityGroup: monitoring
      ? new ec2.SecurityGroup(stack, 'Monitoring', { vpc, description: 'Prometheus' })
      : undefined,
  });
}

function synth(monitoring = false): Template {
  const stack = testStack();
  build(stack, monitoring);
  return Template.fromStack(stack);
}

describe('SingleInstanceService', () => {
  it('is one instance in a public subnet with a public IP, and no NAT anywhere', () => {
    const template = synth();
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't2.micro',
      NetworkInterfaces: [
        Match.objectLike({
          AssociatePublicIpAddress: true,
          SubnetId: { Ref: Match.stringLikeRegexp('PublicSubnet1') },
        }),
      ],
      Tags: Match.arrayWith([{ Key: 'wellstack:service', Value: 'app' }]),
    });
  });

  it('admits only port 80 from the internet: not the app port, not the metrics port, not 22', () => {
    const template = synth();
    expect(worldIngress(template)).toEqual([
      expect.objectContaining({ protocol: 'tcp', from: 80, to: 80, cidr: '0.0.0.0/0' }),
    ]);
    for (const port of [22, 443, 8080, 9464]) {
      expect(ingressRules(template).filter((r) => admitsPort(r, port))).toEqual([]);
    }
  });

  it('the metrics port admits only the monitoring security group', () => {
    const template = synth(true);
    const monitoringSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'Monitoring');
    expect(ingressRules(template).filter((r) => admitsPort(r, 9464))).toEqual([
      expect.objectContaining({ from: 9464, to: 9464, source: monitoringSg }),
    ]);
  });

  it('requires IMDSv2 and boots an x86_64 image from an encrypted gp3 root', () => {
    const template = synth();
    const data = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0]!.Properties
      .LaunchTemplateData;
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.BlockDeviceMappings[0].Ebs).toMatchObject({
      Encrypted: true,
      VolumeType: 'gp3',
      VolumeSize: 8,
    });
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    expect(template.toJSON().Parameters[instance.Properties.ImageId.Ref].Default).toMatch(/x86_64$/);
  });

  it('user data installs nginx proxying port 80 to the app, and follows the service contract', () => {
    const template = synth();
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    const script = userDataOf({
      Properties: { LaunchTemplateData: { UserData: instance.Properties.UserData } },
    });
    expect(script).toContain('dnf install -y nginx');
    expect(script).toMatch(/for attempt in \$\(seq 5\); do dnf install -y nginx && break;/);
    expect(script).toContain('listen 80 default_server;');
    expect(script).toContain('proxy_pass http://127.0.0.1:8080;');
    expect(script).toContain('systemctl enable --now nginx');
    expect(script).toContain('dnf install -y nodejs20');
    expect(script).toContain('/tmp/codedeploy-install auto');
    expect(script).toContain('DATABASE_SECRET_ARN=arn:aws:secretsmanager:ap-northeast-2:1:secret:db\n');
    expect(script).toContain("cat > /etc/wellstack/app.env <<'WELLSTACK_ENV'");
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator', () => {
    expect(unacknowledgedErrors((stack) => build(stack, true))).toEqual([]);
  });
});

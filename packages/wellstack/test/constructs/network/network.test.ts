import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Network, type NetworkProps } from '../../../src/constructs/network/network.ts';
import { ingressRules, testStack, unacknowledgedErrors, worldIngress } from './support.ts';

const defaults: NetworkProps = {
  cidr: '10.0.0.0/16',
  maxAzs: 2,
  egress: 'instance',
  natInstanceType: 't4g.nano',
  flowLogs: false,
};

function synth(props: Partial<NetworkProps> = {}): Template {
  const stack = testStack();
  new Network(stack, 'Network', { ...defaults, ...props });
  return Template.fromStack(stack);
}

function subnetsByTier(template: Template): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
    const tags = subnet.Properties.Tags as { Key: string; Value: string }[];
    const tier = tags.find((t) => t.Key === 'aws-cdk:subnet-name')!.Value;
    counts[tier] = (counts[tier] ?? 0) + 1;
  }
  return counts;
}

describe('Network', () => {
  it('spans two AZs by default with a public, a private and an isolated subnet in each', () => {
    const template = synth();
    expect(subnetsByTier(template)).toEqual({ Public: 2, Private: 2, Isolated: 2 });
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    // Account-agnostic: AZs are picked at deploy time, never looked up at synth.
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
    });
  });

  it('spans three AZs when asked', () => {
    expect(subnetsByTier(synth({ maxAzs: 3 }))).toEqual({ Public: 3, Private: 3, Isolated: 3 });
  });

  it('egress "instance": one Graviton NAT instance, no NAT gateway', () => {
    const template = synth();
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't4g.nano',
      SourceDestCheck: false,
      ImageId: { Ref: Match.stringLikeRegexp('al2023amikernel.*arm64') },
    });
    // Both private subnets route to it.
    template.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationCidrBlock: '0.0.0.0/0', InstanceId: Match.anyValue() },
      2,
    );
  });

  it('the NAT instance script survives Amazon Linux 2023: retried install, iproute2, iptables-save', () => {
    const template = synth();
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    const script = instance.Properties.UserData['Fn::Base64'] as string;
    expect(script).toMatch(
      /for attempt in \$\(seq 5\); do dnf install -y iptables-services && break; \[ "\$attempt" -lt 5 \] \|\| exit 1; sleep 10; done/,
    );
    expect(script).toContain('-j MASQUERADE');
    expect(script).toContain('$(ip route show default');
    expect(script).toContain('iptables-save > /etc/sysconfig/iptables');
    // Neither net-tools' route nor the initscripts service command, which the image may lack.
    expect(script).not.toMatch(/\$\(route |\bservice iptables\b|^yum install/m);
  });

  it('the NAT instance requires IMDSv2 and boots from an encrypted gp3 volume', () => {
    const template = synth();
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    const templateId = instance.Properties.LaunchTemplate.LaunchTemplateId.Ref as string;
    const data =
      template.findResources('AWS::EC2::LaunchTemplate')[templateId]!.Properties.LaunchTemplateData;
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 8, DeleteOnTermination: true },
      },
    ]);
  });

  it('the NAT instance forwards for the VPC only: no ingress from the internet, none on port 22', () => {
    const template = synth({ cidr: '10.20.0.0/16' });
    const rules = ingressRules(template);
    expect(rules).toEqual([expect.objectContaining({ protocol: '-1', cidr: '10.20.0.0/16' })]);
    expect(worldIngress(template)).toEqual([]);
  });

  it('egress "gateway": one NAT gateway', () => {
    const template = synth({ egress: 'gateway' });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::Instance', 0);
  });

  it('egress "gateway-per-az": one NAT gateway per AZ, each private subnet using its own', () => {
    const two = synth({ egress: 'gateway-per-az' });
    two.resourceCountIs('AWS::EC2::NatGateway', 2);
    const three = synth({ egress: 'gateway-per-az', maxAzs: 3 });
    three.resourceCountIs('AWS::EC2::NatGateway', 3);
    const gateways = Object.values(three.findResources('AWS::EC2::Route'))
      .map((r) => r.Properties.NatGatewayId?.Ref)
      .filter(Boolean);
    expect(new Set(gateways).size).toBe(3);
  });

  it('egress "none": no NAT and no private-with-egress tier', () => {
    const template = synth({ egress: 'none' });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 0);
    expect(subnetsByTier(template)).toEqual({ Public: 2, Isolated: 2 });
  });

  it('always has an S3 gateway endpoint routed from every subnet', () => {
    for (const egress of ['none', 'instance'] as const) {
      const template = synth({ egress });
      const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0]!;
      expect(endpoint.Properties.VpcEndpointType).toBe('Gateway');
      expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('.s3');
      expect(endpoint.Properties.RouteTableIds).toHaveLength(egress === 'none' ? 4 : 6);
    }
  });

  it('has no flow logs unless asked', () => {
    synth().resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  it('flow logs go to a KMS-encrypted log group kept for a month', () => {
    const template = synth({ flowLogs: true });
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator', () => {
    const errors = unacknowledgedErrors((stack) => {
      new Network(stack, 'Cheap', defaults);
      new Network(stack, 'Ha', {
        ...defaults,
        cidr: '10.1.0.0/16',
        egress: 'gateway-per-az',
        flowLogs: true,
      });
    });
    expect(errors).toEqual([]);
  });
});

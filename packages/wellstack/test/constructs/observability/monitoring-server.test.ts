import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { MonitoringServer } from '../../../src/constructs/observability/monitoring-server.ts';
import { nagFindings, workload } from './workload.ts';

describe('MonitoringServer', () => {
  let template: Template;
  let userData: string;
  let stack: Stack;

  beforeAll(() => {
    const w = workload();
    stack = w.stack;
    const monitoring = new MonitoringServer(w.stack, 'Monitoring', { vpc: w.vpc, instanceType: 't4g.small' });
    // What the Services construct does: admit the monitoring tier on the metrics port.
    w.services.app!.autoScalingGroup.connections.allowFrom(monitoring, ec2.Port.tcp(9464));
    template = Template.fromStack(w.stack);
    userData = JSON.stringify(template.findResources('AWS::EC2::Instance'));
  });

  it('runs in a private subnet without a public IP', () => {
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    const [nic] = instance.Properties.NetworkInterfaces;
    expect(nic.AssociatePublicIpAddress).toBe(false);
    const subnetRef = nic.SubnetId.Ref as string;
    expect(subnetRef).toMatch(/PrivateSubnet/);
    expect(template.toJSON().Resources[subnetRef].Properties.MapPublicIpOnLaunch).toBe(false);
    expect(instance.Properties.InstanceType).toBe('t4g.small');
  });

  it('requires IMDSv2 and boots from an encrypted gp3 root volume, through its own launch template', () => {
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    const templateId = instance.Properties.LaunchTemplate.LaunchTemplateId.Ref as string;
    expect(template.toJSON().Resources[templateId].Properties.LaunchTemplateData).toMatchObject({
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 16 } },
      ],
    });
  });

  it('names no launch template: a fixed name collides with a second stack in the account and region', () => {
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateName: Match.absent() });
    template.allResourcesProperties('AWS::EC2::Instance', {
      LaunchTemplate: { LaunchTemplateName: Match.absent() },
    });
  });

  it('boots the arm64 Amazon Linux 2023 image from the public SSM parameter', () => {
    const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>;
    expect(Object.values(parameters).map((p) => p.Default)).toContain(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
    );
  });

  it('has a security group with no ingress rule, egress only HTTPS and the services’ metrics port', () => {
    const sg = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^Prometheus and Grafana') },
    });
    const [sgId, resource] = Object.entries(sg)[0]!;
    expect(resource.Properties.SecurityGroupIngress).toBeUndefined();
    expect(
      Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) =>
        JSON.stringify(r.Properties.GroupId).includes(sgId),
      ),
    ).toEqual([]);
    expect(resource.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      FromPort: 9464,
      ToPort: 9464,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      FromPort: 9464,
    });
  });

  it('may call exactly ec2:DescribeInstances, plus the SSM core managed policy', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyName: Match.stringLikeRegexp('MonitoringInstanceInstanceRole') },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Action: 'ec2:DescribeInstances', Effect: 'Allow', Resource: '*' }]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      },
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

  it('installs Prometheus with EC2 discovery on the wellstack:service tag and Grafana on loopback', () => {
    expect(userData).toContain('prometheus-3.5.0.linux-arm64.tar.gz');
    expect(userData).toContain('sha256sum -c');
    expect(userData).toContain('do dnf install -y grafana tar && break;');
    expect(userData).toContain('ec2_sd_configs');
    expect(userData).toContain("values: ['wellstack:service']");
    expect(userData).toContain('- port: 9464');
    expect(userData).toContain('__meta_ec2_tag_wellstack_service');
    expect(userData).toContain('--web.listen-address=127.0.0.1:9090');
    expect(userData).toContain('GF_SERVER_HTTP_ADDR=127.0.0.1');
    expect(userData).toContain('baseurl=https://rpm.grafana.com');
  });

  it('picks the x86_64 image and tarball for a non-Graviton type', () => {
    const w = workload();
    new MonitoringServer(w.stack, 'Monitoring', { vpc: w.vpc, instanceType: 't3.small' });
    const t = Template.fromStack(w.stack);
    expect(JSON.stringify(t.findResources('AWS::EC2::Instance'))).toContain('linux-amd64.tar.gz');
    const parameters = t.toJSON().Parameters as Record<string, { Default?: string }>;
    expect(Object.values(parameters).map((p) => p.Default)).toContain(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64',
    );
  });

  it('fails clearly without a private subnet with egress', () => {
    const vpcStack = new Stack(stack.node.root, 'NoEgress');
    const vpc = new ec2.Vpc(vpcStack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    expect(() => new MonitoringServer(vpcStack, 'Monitoring', { vpc, instanceType: 't4g.small' })).toThrow(
      /private subnet with egress.*network\.egress/,
    );
  });

  it('leaves no unacknowledged cdk-nag error', () => {
    const w = workload({ nag: true });
    const monitoring = new MonitoringServer(w.stack, 'Monitoring', { vpc: w.vpc, instanceType: 't4g.small' });
    expect(nagFindings(w.app, monitoring)).toEqual([]);
  });
});

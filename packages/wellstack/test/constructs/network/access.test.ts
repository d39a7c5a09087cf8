import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { Access, type BastionConfig } from '../../../src/constructs/network/access.ts';
import { Network } from '../../../src/constructs/network/network.ts';
import { admitsPort, ingressRules, testStack, unacknowledgedErrors, worldIngress } from './support.ts';

const bastion: BastionConfig = { allowCidr: '203.0.113.7/32', instanceType: 't4g.nano', spot: true };

function synth(config: false | BastionConfig): { template: Template; access: Access } {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  const access = new Access(stack, 'Access', { vpc, bastion: config });
  return { template: Template.fromStack(stack), access };
}

describe('Access', () => {
  it('Session Manager only by default: no bastion, nothing admits port 22', () => {
    const { template, access } = synth(false);
    expect(access.bastion).toBeUndefined();
    template.resourceCountIs('AWS::EC2::Instance', 0);
    expect(ingressRules(template).filter((r) => admitsPort(r, 22))).toEqual([]);
  });

  it('the bastion admits SSH from allowCidr only, and nothing else', () => {
    const { template } = synth(bastion);
    expect(ingressRules(template)).toEqual([
      expect.objectContaining({ protocol: 'tcp', from: 22, to: 22, cidr: '203.0.113.7/32' }),
    ]);
    expect(worldIngress(template)).toEqual([]);
  });

  it('the bastion is a spot nano in a public subnet with IMDSv2 and an encrypted gp3 root, no key pair', () => {
    const { template } = synth(bastion);
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0]!;
    expect(instance.Properties.InstanceType).toBe('t4g.nano');
    expect(instance.Properties.KeyName).toBeUndefined();
    expect(instance.Properties.NetworkInterfaces[0]).toMatchObject({ AssociatePublicIpAddress: true });
    const templateId = instance.Properties.LaunchTemplate.LaunchTemplateId.Ref as string;
    const data =
      template.findResources('AWS::EC2::LaunchTemplate')[templateId]!.Properties.LaunchTemplateData;
    expect(data.InstanceMarketOptions).toEqual({
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
    });
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required' });
    expect(data.BlockDeviceMappings[0].Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
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

  it('runs the bastion on demand when spot is off', () => {
    const { template } = synth({ ...bastion, spot: false });
    const lt = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0]!;
    expect(lt.Properties.LaunchTemplateData.InstanceMarketOptions).toBeUndefined();
  });

  it('fails when allowCidr opens SSH to the whole internet', () => {
    expect(() => synth({ ...bastion, allowCidr: '0.0.0.0/0' })).toThrow(/opens SSH to the whole internet/);
  });

  it('passes cdk-nag AwsSolutions and the CloudFormation validator', () => {
    const errors = unacknowledgedErrors((stack) => {
      const { vpc } = new Network(stack, 'Network', {
        cidr: '10.0.0.0/16',
        maxAzs: 2,
        egress: 'none',
        natInstanceType: 't4g.nano',
        flowLogs: false,
      });
      new Access(stack, 'Access', { vpc, bastion });
    });
    expect(errors).toEqual([]);
  });
});

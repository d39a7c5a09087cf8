import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import type { CostEstimate } from '../../../src/analysis/cost/types.ts';
import type { Template } from '../../../src/analysis/template/index.ts';

// One synthesis for the whole file: CDK synth is slow on the shared CI cores.
describe('GIVEN a CDK stack: VPC with one NAT gateway, internet-facing ALB, ASG, RDS, auto-deleting bucket', () => {
  let result: CostEstimate;

  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Web', { env: { account: '111111111111', region: 'ap-northeast-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const group = new autoscaling.AutoScalingGroup(stack, 'App', {
      vpc,
      instanceType: new ec2.InstanceType('t4g.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      minCapacity: 2,
      maxCapacity: 6,
    });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [group] });
    new rds.DatabaseInstance(stack, 'Db', {
      vpc,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType('t4g.micro'),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    new s3.Bucket(stack, 'Assets', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    const template = app.synth().getStackByName('Web').template as Template;
    result = estimate([{ name: 'Web', template }], {
      region: 'ap-northeast-2',
      freeTier: 'none',
      pricing: 'on-demand',
    });
  });

  it('THEN every resource type is priced or listed free', () => {
    expect(result.unpriced).toEqual([]);
  });

  it('THEN the group runs MinSize (2) t4g.small with an assumed 8 GiB gp3 root each', () => {
    const lines = result.lineItems.filter((l) => l.type === 'AWS::AutoScaling::AutoScalingGroup');
    expect(lines.find((l) => /t4g\.small on-demand/.test(l.description))?.quantity).toBe(1460);
    expect(lines.find((l) => /EBS gp3 8 GiB × 2/.test(l.description))).toBeDefined();
  });

  it('THEN the ALB holds two public addresses and the NAT gateway one, through its Elastic IP', () => {
    const ipv4 = result.lineItems.filter((l) => /public IPv4/.test(l.description));
    expect(ipv4.map((l) => [l.type, l.quantity])).toEqual(
      expect.arrayContaining([
        ['AWS::ElasticLoadBalancingV2::LoadBalancer', 1460],
        ['AWS::EC2::EIP', 730],
      ]),
    );
    expect(ipv4.some((l) => l.type === 'AWS::AutoScaling::AutoScalingGroup')).toBe(false);
  });

  it('THEN the database, its secret and the bucket are priced', () => {
    const types = new Set(result.lineItems.map((l) => l.type));
    for (const type of [
      'AWS::RDS::DBInstance',
      'AWS::SecretsManager::Secret',
      'AWS::S3::Bucket',
      'AWS::EC2::NatGateway',
    ])
      expect(types).toContain(type);
  });

  it('THEN the auto-delete handler function is free as a deploy-time custom resource handler', () => {
    expect(result.free).toContainEqual(
      expect.objectContaining({
        type: 'AWS::Lambda::Function',
        reason: expect.stringContaining('custom resource handler'),
      }),
    );
  });
});

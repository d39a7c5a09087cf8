import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { check, fromNagReport, RULES } from '../../../src/analysis/findings/index.ts';
import type { StackTemplate } from '../../../src/analysis/template/index.ts';

// GIVEN real CDK output: the forms rules must read (Peer.anyIpv4(), Fn::Select/Fn::GetAZs subnets,
// launch template MetadataOptions, launch templates referenced by name). Synthesis is slow: two apps.

const SPOF = new Set(RULES.filter((r) => r.family === 'spof').map((r) => r.id));
const PATHS = { 'aws:cdk:enable-path-metadata': true };

function synth(build: (stack: Stack) => void): StackTemplate[] {
  const app = new App({ builtinCloudFormationValidation: false, context: PATHS });
  const stack = new Stack(app, 'App');
  build(stack);
  return [{ name: 'App', template: app.synth().getStackByName('App').template }];
}

const amazonLinux = () => ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 });
const graviton = new ec2.InstanceType('t4g.micro');

describe('a free-tier shaped stack (one instance in a public subnet, single-AZ RDS)', () => {
  const stacks = synth((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const web = new ec2.SecurityGroup(stack, 'WebSg', { vpc });
    web.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    web.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    web.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(8080));
    new ec2.Instance(stack, 'Box', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: web,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: amazonLinux(),
      requireImdsv2: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
    });
    new rds.DatabaseInstance(stack, 'Db', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: new ec2.InstanceType('t4g.micro'),
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
    });
  });
  const found = check(stacks).map((f) => `${f.severity} ${f.id} ${f.path}`);

  it('reports its SPOFs as high: the single instance serving traffic and the single-AZ database', () => {
    expect(found.filter((f) => SPOF.has(f.split(' ')[1]!))).toEqual([
      'high WS-SPOF-RDS-SINGLE-AZ App/Db/Resource',
      'high WS-SPOF-SINGLE-INSTANCE App/Box/Resource',
    ]);
  });

  it('reads Peer.anyIpv4()/anyIpv6() ingress, and the IMDSv2 launch template CDK attaches by name', () => {
    expect(found).toContain('high WS-SEC-SSH-WORLD App/WebSg/Resource');
    expect(found).toContain('medium WS-SEC-WORLD-INGRESS App/WebSg/Resource');
    expect(found.filter((f) => f.includes('WS-SEC-IMDSV1') || f.includes('WS-SEC-EBS-UNENCRYPTED'))).toEqual(
      [],
    );
    expect(found).toContain('low WS-COST-X86 App/Box/Resource');
    expect(found).toContain('low WS-COST-PUBLIC-IPV4 App');
  });
});

describe('an HA shaped stack (ASG across two AZs behind an ALB, NAT gateway per AZ, Multi-AZ RDS, Redis with replica)', () => {
  const stacks = synth((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 2 });
    const asg = new autoscaling.AutoScalingGroup(stack, 'App', {
      vpc,
      minCapacity: 2,
      maxCapacity: 6,
      launchTemplate: new ec2.LaunchTemplate(stack, 'AppTemplate', {
        instanceType: graviton,
        machineImage: amazonLinux(),
        securityGroup: new ec2.SecurityGroup(stack, 'AppSg', { vpc }),
        requireImdsv2: true,
        blockDevices: [
          {
            deviceName: '/dev/xvda',
            volume: ec2.BlockDeviceVolume.ebs(8, {
              encrypted: true,
              volumeType: ec2.EbsDeviceVolumeType.GP3,
            }),
          },
        ],
      }),
    });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [asg] });
    new rds.DatabaseInstance(stack, 'Db', {
      vpc,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: new ec2.InstanceType('t4g.micro'),
      multiAz: true,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
    });
    new elasticache.CfnReplicationGroup(stack, 'Redis', {
      replicationGroupDescription: 'sessions',
      engine: 'redis',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
    });
  });
  const found = check(stacks);

  it('has no high or medium SPOF finding', () => {
    expect(found.filter((f) => SPOF.has(f.id) && f.severity !== 'low')).toEqual([]);
  });

  it('reports only what it really costs: a NAT gateway per AZ and the public IPv4 addresses', () => {
    expect(found.map((f) => `${f.severity} ${f.id} ${f.path}`)).toEqual([
      'low WS-COST-NAT-GATEWAY App/Vpc/PublicSubnet1/NATGateway',
      'low WS-COST-NAT-GATEWAY App/Vpc/PublicSubnet2/NATGateway',
      'low WS-COST-PUBLIC-IPV4 App',
    ]);
    // Two ALB nodes and two NAT gateway EIPs.
    expect(found.at(-1)?.message).toContain('4 addresses');
  });
});

describe('fromNagReport on the report aws-cdk-lib writes for cdk-nag', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'wellstack-nag-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('maps the AwsSolutions errors to high findings on the bucket’s logical id', () => {
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: PATHS });
    const stack = new Stack(app, 'App');
    new s3.Bucket(stack, 'Media', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/A copy of this report/);
    const template = JSON.parse(readFileSync(join(outdir, 'App.template.json'), 'utf8'));
    const stacks = [{ name: 'App', template }];
    const logicalId = Object.keys(template.Resources).find((id) => id.startsWith('Media'));
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(
      fromNagReport(report, stacks).map((f) => `${f.severity} ${f.id} ${f.resource} ${f.path} ${f.source}`),
    ).toEqual([`high AwsSolutions-S1 ${logicalId} App/Media/Resource cdk-nag`]);
  });
});

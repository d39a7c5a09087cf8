import { describe, expect, it } from 'vitest';
import { network, ref, stackOf } from '../../../fixtures/findings/templates.ts';
import { hits, messageOf } from '../hits.ts';

const finding = (id: string, severity: string, resource: string) => ({
  id,
  severity,
  resource,
  path: `Stack/${resource}`,
});

describe('WS-COST-NAT-GATEWAY', () => {
  it('passes NAT instances and private NAT gateways', () => {
    const stacks = stackOf({
      ...network(2, 'instance'),
      Private: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { ConnectivityType: 'private', SubnetId: ref('Private0') },
      },
    });
    expect(hits(stacks, 'WS-COST-NAT-GATEWAY')).toEqual([]);
  });

  it('reports each public NAT gateway as low, with the ~10x figure', () => {
    const stacks = stackOf(network(2, 'gateway-per-az'));
    expect(hits(stacks, 'WS-COST-NAT-GATEWAY')).toEqual([
      finding('WS-COST-NAT-GATEWAY', 'low', 'Nat0'),
      finding('WS-COST-NAT-GATEWAY', 'low', 'Nat1'),
    ]);
    expect(messageOf(stackOf(network(1, 'gateway')), 'WS-COST-NAT-GATEWAY')).toContain(
      'a NAT instance costs about a tenth',
    );
  });
});

describe('WS-COST-GP2', () => {
  it('passes gp3 volumes, devices and databases, and RDS without a storage type', () => {
    const gp3 = [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', Encrypted: true } }];
    const stacks = stackOf({
      Volume: { Type: 'AWS::EC2::Volume', Properties: { VolumeType: 'gp3', Encrypted: true } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { BlockDeviceMappings: gp3 } },
      },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageType: 'gp3' } },
      Aurora: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: ref('Cluster') } },
    });
    expect(hits(stacks, 'WS-COST-GP2')).toEqual([]);
  });

  it('reports gp2 volumes (also by default), block devices and RDS storage', () => {
    const gp2 = [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp2' } }];
    const stacks = stackOf({
      Default: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { BlockDeviceMappings: gp2 } },
      },
      Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { BlockDeviceMappings: gp2 } },
      Box: { Type: 'AWS::EC2::Instance', Properties: { BlockDeviceMappings: gp2 } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageType: 'gp2' } },
    });
    expect(hits(stacks, 'WS-COST-GP2')).toEqual(
      ['Box', 'Db', 'Default', 'Lc', 'Lt'].map((r) => finding('WS-COST-GP2', 'low', r)),
    );
  });
});

describe('WS-COST-X86', () => {
  it('passes Graviton types, x86 families without a counterpart, and types given by parameter', () => {
    const stacks = stackOf({
      Box: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't4g.micro' } },
      Gpu: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'g5.xlarge' } },
      Param: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: ref('TypeParam') } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.micro' } },
      Redis: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheNodeType: 'cache.r7g.large' } },
    });
    expect(hits(stacks, 'WS-COST-X86')).toEqual([]);
  });

  it('reports x86 instances, launch templates, databases and cache nodes with their Graviton equivalent', () => {
    const stacks = stackOf({
      Box: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro' } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { InstanceType: 'c5.large' } },
      },
      Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { InstanceType: 'm6i.xlarge' } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t3.micro' } },
      Node: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { CacheNodeType: 'cache.t3.micro' } },
      Group: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheNodeType: 'cache.r5.large' } },
    });
    expect(hits(stacks, 'WS-COST-X86')).toEqual(
      ['Box', 'Db', 'Group', 'Lc', 'Lt', 'Node'].map((r) => finding('WS-COST-X86', 'low', r)),
    );
    const message = (resources: Parameters<typeof stackOf>[0]) =>
      messageOf(stackOf(resources), 'WS-COST-X86');
    expect(
      message({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t3.micro' } } }),
    ).toContain('db.t3.micro → db.t4g.micro');
    expect(
      message({
        Lt: {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: { LaunchTemplateData: { InstanceType: 'c5.large' } },
        },
      }),
    ).toContain('c5.large → c7g.large');
  });
});

describe('WS-COST-PUBLIC-IPV4', () => {
  it('passes a stack without public addresses', () => {
    const stacks = stackOf({
      ...network(2, 'instance'),
      // The NAT instance above sits in a subnet without public IPs here.
      Public0: { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: false } },
      Alb: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { Scheme: 'internal', Subnets: [ref('Private0')] },
      },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { PubliclyAccessible: false } },
    });
    expect(hits(stacks, 'WS-COST-PUBLIC-IPV4')).toEqual([]);
  });

  it('counts ALB per AZ, NAT gateway EIPs, instances and groups with public IPs, public databases: one finding per stack', () => {
    const stacks = stackOf({
      ...network(2, 'gateway-per-az'),
      Alb: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { Subnets: [ref('Public0'), ref('Public1')] },
      },
      Bastion: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: ref('Public0') } },
      Private: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: ref('Private0') } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] },
        },
      },
      Asg: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: {
          MinSize: '2',
          MaxSize: '4',
          LaunchTemplate: { LaunchTemplateId: ref('Lt') },
          VPCZoneIdentifier: [ref('Private0')],
        },
      },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { PubliclyAccessible: true } },
    });
    expect(hits(stacks, 'WS-COST-PUBLIC-IPV4')).toEqual([
      { id: 'WS-COST-PUBLIC-IPV4', severity: 'low', resource: 'Stack', path: 'Stack' },
    ]);
    // 2 (ALB) + 2 (NAT EIPs) + 1 (bastion) + 2 (ASG minimum) + 1 (RDS) = 8 → 8 × 0.005 × 730 = 29.20
    expect(messageOf(stacks, 'WS-COST-PUBLIC-IPV4')).toContain(
      '8 addresses (Alb 2, NatEip0 1, NatEip1 1, Bastion 1, Asg 2, Db 1) ≈ USD 29.20/month',
    );
  });

  it('counts an instance with an Elastic IP once', () => {
    const stacks = stackOf({
      ...network(1, 'instance'),
      Eip: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: ref('NatInstance') } },
    });
    expect(messageOf(stacks, 'WS-COST-PUBLIC-IPV4')).toContain('1 address (Eip 1) ≈ USD 3.65/month');
  });
});

describe('WS-COST-NONPROD-REDUNDANCY', () => {
  const tags = (stage: string) => [{ Key: 'wellstack:stage', Value: stage }];
  const redundant = (stage?: string) => ({
    MultiAz: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { MultiAZ: true, ...(stage ? { Tags: tags(stage) } : {}) },
    },
    Redis: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { NumCacheClusters: 2, AutomaticFailoverEnabled: true },
    },
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: {} },
    Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: ref('Cluster') } },
    Reader: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: ref('Cluster') } },
  });

  it('passes redundancy in production and when the stage is unknown', () => {
    expect(hits(stackOf(redundant('prod')), 'WS-COST-NONPROD-REDUNDANCY')).toEqual([]);
    expect(hits(stackOf(redundant()), 'WS-COST-NONPROD-REDUNDANCY')).toEqual([]);
  });

  it('reports standbys and replicas when the stack’s resources are tagged with a non-production stage', () => {
    const stacks = stackOf(redundant('dev'));
    expect(hits(stacks, 'WS-COST-NONPROD-REDUNDANCY')).toEqual(
      ['Cluster', 'MultiAz', 'Redis'].map((r) => finding('WS-COST-NONPROD-REDUNDANCY', 'medium', r)),
    );
  });

  it('reads the Stage tag, and takes the stage given by the caller over the tags', () => {
    const tagged = {
      Replica: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { SourceDBInstanceIdentifier: 'db-1', Tags: [{ Key: 'Stage', Value: 'staging' }] },
      },
    };
    expect(hits(stackOf(tagged), 'WS-COST-NONPROD-REDUNDANCY').map((h) => h.resource)).toEqual(['Replica']);
    expect(hits(stackOf(tagged), 'WS-COST-NONPROD-REDUNDANCY', { stage: 'prod' })).toEqual([]);
    expect(hits(stackOf(redundant()), 'WS-COST-NONPROD-REDUNDANCY', { stage: 'test' })).toHaveLength(3);
  });

  it('does not guess when the stack’s resources disagree about the stage', () => {
    const stacks = stackOf({
      ...redundant(),
      A: { Type: 'AWS::SQS::Queue', Properties: { Tags: tags('dev') } },
      B: { Type: 'AWS::SQS::Queue', Properties: { Tags: tags('prod') } },
    });
    expect(hits(stacks, 'WS-COST-NONPROD-REDUNDANCY')).toEqual([]);
  });
});

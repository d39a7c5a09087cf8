import { describe, expect, it } from 'vitest';
import { az, network, ref, stackOf } from '../../../fixtures/findings/templates.ts';
import { hits, messageOf } from '../hits.ts';

const asg = (properties: Record<string, unknown>) => ({
  Type: 'AWS::AutoScaling::AutoScalingGroup',
  Properties: { MinSize: '1', MaxSize: '4', ...properties },
});

describe('WS-SPOF-ASG-SINGLE-AZ', () => {
  it('passes a group whose subnets lie in two AZs', () => {
    const stacks = stackOf({
      ...network(2, 'gateway'),
      Asg: asg({ VPCZoneIdentifier: [ref('Private0'), ref('Private1')] }),
    });
    expect(hits(stacks, 'WS-SPOF-ASG-SINGLE-AZ')).toEqual([]);
  });

  it('reports a group whose subnets share one AZ (distinct Fn::Select index = distinct AZ)', () => {
    const stacks = stackOf({
      ...network(2, 'gateway'),
      Asg: asg({ VPCZoneIdentifier: [ref('Private0'), ref('Public0')] }),
    });
    expect(hits(stacks, 'WS-SPOF-ASG-SINGLE-AZ')).toEqual([
      { id: 'WS-SPOF-ASG-SINGLE-AZ', severity: 'medium', resource: 'Asg', path: 'Stack/Asg' },
    ]);
    expect(messageOf(stacks, 'WS-SPOF-ASG-SINGLE-AZ')).toContain('its subnets are all in AZ 1');
  });

  it('reads literal AZ names and the AvailabilityZones property', () => {
    const stacks = stackOf({
      One: asg({ AvailabilityZones: ['eu-west-1a'] }),
      Two: asg({ AvailabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      All: asg({ AvailabilityZones: { 'Fn::GetAZs': '' } }),
      Literal: {
        Type: 'AWS::EC2::Subnet',
        Properties: { AvailabilityZone: 'eu-west-1a' },
      },
      OnLiteral: asg({ VPCZoneIdentifier: [ref('Literal')] }),
    });
    expect(hits(stacks, 'WS-SPOF-ASG-SINGLE-AZ').map((h) => h.resource)).toEqual(['OnLiteral', 'One']);
  });

  it('stays silent when a subnet is not in the template (parameter or literal id)', () => {
    const stacks = stackOf({
      ...network(1, 'gateway'),
      Asg: asg({ VPCZoneIdentifier: [ref('Private0'), 'subnet-0abc'] }),
      FromParameter: asg({ VPCZoneIdentifier: ref('SubnetsParam') }),
    });
    expect(hits(stacks, 'WS-SPOF-ASG-SINGLE-AZ')).toEqual([]);
  });
});

describe('WS-SPOF-ASG-MAX-ONE', () => {
  it('passes a group that can grow past one instance', () => {
    expect(hits(stackOf({ Asg: asg({ MaxSize: '2' }) }), 'WS-SPOF-ASG-MAX-ONE')).toEqual([]);
  });

  it('reports MaxSize 1, as a string or a number', () => {
    const stacks = stackOf({ Str: asg({ MaxSize: '1' }), Num: asg({ MaxSize: 1 }) });
    expect(hits(stacks, 'WS-SPOF-ASG-MAX-ONE')).toEqual([
      { id: 'WS-SPOF-ASG-MAX-ONE', severity: 'medium', resource: 'Num', path: 'Stack/Num' },
      { id: 'WS-SPOF-ASG-MAX-ONE', severity: 'medium', resource: 'Str', path: 'Stack/Str' },
    ]);
  });
});

const db = (properties: Record<string, unknown>, metadataPath?: string) => ({
  Type: 'AWS::RDS::DBInstance',
  Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', StorageEncrypted: true, ...properties },
  ...(metadataPath ? { Metadata: { 'aws:cdk:path': metadataPath } } : {}),
});

describe('WS-SPOF-RDS-SINGLE-AZ', () => {
  it('passes Multi-AZ instances, Aurora members and read replicas', () => {
    const stacks = stackOf({
      MultiAz: db({ MultiAZ: true }),
      MultiAzString: db({ MultiAZ: 'true' }),
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
      Member: db({ Engine: 'aurora-postgresql', DBClusterIdentifier: ref('Cluster') }),
      Replica: db({ SourceDBInstanceIdentifier: ref('MultiAz') }),
      Conditional: db({ MultiAZ: { 'Fn::If': ['IsProd', true, false] } }),
    });
    expect(hits(stacks, 'WS-SPOF-RDS-SINGLE-AZ')).toEqual([]);
  });

  it('reports an instance without MultiAZ, at its CDK path', () => {
    const stacks = stackOf({
      Db: db({}, 'Stack/Data/Db/Resource'),
      Off: db({ MultiAZ: false }),
    });
    expect(hits(stacks, 'WS-SPOF-RDS-SINGLE-AZ')).toEqual([
      { id: 'WS-SPOF-RDS-SINGLE-AZ', severity: 'high', resource: 'Db', path: 'Stack/Data/Db/Resource' },
      { id: 'WS-SPOF-RDS-SINGLE-AZ', severity: 'high', resource: 'Off', path: 'Stack/Off' },
    ]);
  });
});

describe('WS-SPOF-SINGLE-NAT', () => {
  it('passes a NAT gateway per AZ', () => {
    expect(hits(stackOf(network(2, 'gateway-per-az')), 'WS-SPOF-SINGLE-NAT')).toEqual([]);
  });

  it('passes one NAT in a one-AZ network (the AZ is the SPOF already)', () => {
    expect(hits(stackOf(network(1, 'gateway')), 'WS-SPOF-SINGLE-NAT')).toEqual([]);
  });

  it('reports one NAT gateway serving private subnets in two AZs', () => {
    const stacks = stackOf(network(2, 'gateway'));
    expect(hits(stacks, 'WS-SPOF-SINGLE-NAT')).toEqual([
      { id: 'WS-SPOF-SINGLE-NAT', severity: 'medium', resource: 'Nat0', path: 'Stack/Nat0' },
    ]);
    expect(messageOf(stacks, 'WS-SPOF-SINGLE-NAT')).toContain('private subnets in AZ 1, AZ 2');
  });

  it('reports one NAT instance serving private subnets in three AZs', () => {
    expect(hits(stackOf(network(3, 'instance')), 'WS-SPOF-SINGLE-NAT')).toEqual([
      { id: 'WS-SPOF-SINGLE-NAT', severity: 'medium', resource: 'NatInstance', path: 'Stack/NatInstance' },
    ]);
  });
});

describe('WS-SPOF-CACHE-SINGLE-NODE', () => {
  const group = (properties: Record<string, unknown>) => ({
    Type: 'AWS::ElastiCache::ReplicationGroup',
    Properties: { Engine: 'redis', CacheNodeType: 'cache.t4g.micro', ...properties },
  });

  it('passes replication groups with a replica and automatic failover', () => {
    const stacks = stackOf({
      Clusters: group({ NumCacheClusters: 2, AutomaticFailoverEnabled: true }),
      Shards: group({ NumNodeGroups: 2, ReplicasPerNodeGroup: 1, AutomaticFailoverEnabled: true }),
      Configured: group({
        NodeGroupConfiguration: [{ ReplicaCount: 1 }, { ReplicaCount: 2 }],
        AutomaticFailoverEnabled: 'true',
      }),
      Memcached: {
        Type: 'AWS::ElastiCache::CacheCluster',
        Properties: { Engine: 'memcached', NumCacheNodes: 3 },
      },
    });
    expect(hits(stacks, 'WS-SPOF-CACHE-SINGLE-NODE')).toEqual([]);
  });

  it('reports a one-node cluster, a group without replicas and a group without failover', () => {
    const stacks = stackOf({
      Node: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'redis', NumCacheNodes: 1 } },
      Alone: group({}),
      OneCluster: group({ NumCacheClusters: '1' }),
      NoFailover: group({ NumCacheClusters: 2 }),
    });
    const medium = (resource: string) => ({
      id: 'WS-SPOF-CACHE-SINGLE-NODE',
      severity: 'medium',
      resource,
      path: `Stack/${resource}`,
    });
    expect(hits(stacks, 'WS-SPOF-CACHE-SINGLE-NODE')).toEqual([
      medium('Alone'),
      medium('NoFailover'),
      medium('Node'),
      medium('OneCluster'),
    ]);
  });
});

describe('WS-SPOF-SINGLE-INSTANCE', () => {
  const instance = (properties: Record<string, unknown>) => ({
    Type: 'AWS::EC2::Instance',
    Properties: { InstanceType: 't4g.micro', ...properties },
  });
  const webGroup = (ports: number[], cidr = '0.0.0.0/0') => ({
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'web',
      SecurityGroupIngress: ports.map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, CidrIp: cidr })),
    },
  });

  it('reports a public-subnet instance admitting HTTP(S) from the world', () => {
    const stacks = stackOf({
      ...network(2, 'gateway'),
      Web: webGroup([443]),
      Box: instance({ SubnetId: ref('Public0'), SecurityGroupIds: [{ 'Fn::GetAtt': ['Web', 'GroupId'] }] }),
    });
    expect(hits(stacks, 'WS-SPOF-SINGLE-INSTANCE')).toEqual([
      { id: 'WS-SPOF-SINGLE-INSTANCE', severity: 'high', resource: 'Box', path: 'Stack/Box' },
    ]);
  });

  it('reports an instance opened by a standalone ingress rule (IPv6) placed through its network interface', () => {
    const stacks = stackOf({
      ...network(1, 'gateway'),
      Web: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web' } },
      Http: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': ['Web', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          CidrIpv6: '::/0',
        },
      },
      Box: instance({
        NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: ref('Public0'), GroupSet: [ref('Web')] }],
      }),
    });
    expect(hits(stacks, 'WS-SPOF-SINGLE-INSTANCE').map((h) => h.resource)).toEqual(['Box']);
  });

  it('reports load balancer targets and DNS record targets (directly or through an Elastic IP)', () => {
    const stacks = stackOf({
      ...network(1, 'gateway'),
      Target: instance({ SubnetId: ref('Private0') }),
      Tg: {
        Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        Properties: { Port: 80, Protocol: 'HTTP', Targets: [{ Id: ref('Target') }] },
      },
      Named: instance({ SubnetId: ref('Private0') }),
      Record: {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          Name: 'app.example.com',
          Type: 'A',
          ResourceRecords: [{ 'Fn::GetAtt': ['Named', 'PrivateIp'] }],
        },
      },
      WithEip: instance({ SubnetId: ref('Public0') }),
      Eip: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: ref('WithEip') } },
      Records: {
        Type: 'AWS::Route53::RecordSetGroup',
        Properties: { RecordSets: [{ Name: 'www.example.com', Type: 'A', ResourceRecords: [ref('Eip')] }] },
      },
    });
    expect(hits(stacks, 'WS-SPOF-SINGLE-INSTANCE').map((h) => h.resource)).toEqual([
      'Named',
      'Target',
      'WithEip',
    ]);
  });

  it('passes private instances, bastions admitting SSH from a CIDR, NAT instances and web ports open to a CIDR', () => {
    const stacks = stackOf({
      ...network(2, 'instance'),
      Ssh: webGroup([22], '203.0.113.0/24'),
      Bastion: instance({ SubnetId: ref('Public0'), SecurityGroupIds: [ref('Ssh')] }),
      Web: webGroup([80, 443]),
      Private: instance({ SubnetId: ref('Private0'), SecurityGroupIds: [ref('Web')] }),
      Office: webGroup([443], '198.51.100.0/24'),
      Intranet: instance({ SubnetId: ref('Public1'), SecurityGroupIds: [ref('Office')] }),
    });
    expect(hits(stacks, 'WS-SPOF-SINGLE-INSTANCE')).toEqual([]);
  });
});

it('AZ keys: Fn::Select on Fn::GetAZs with a region reference is the same AZ as with ""', () => {
  const stacks = stackOf({
    A: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: az(0) } },
    B: {
      Type: 'AWS::EC2::Subnet',
      Properties: { AvailabilityZone: { 'Fn::Select': ['0', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] } },
    },
    Asg: asg({ VPCZoneIdentifier: [ref('A'), ref('B')] }),
  });
  expect(hits(stacks, 'WS-SPOF-ASG-SINGLE-AZ').map((h) => h.resource)).toEqual(['Asg']);
});

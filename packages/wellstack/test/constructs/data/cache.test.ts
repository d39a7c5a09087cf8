import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { type CacheConfig, CacheSchema, type Stage } from '../../../src/config/index.ts';
import { Cache, CACHE_ENGINE_VERSIONS } from '../../../src/constructs/data/cache.ts';
import { nagErrors, testStack, testVpc } from './support.ts';

function build(config: Partial<CacheConfig> = {}, stage: Stage = 'dev') {
  const stack = testStack();
  const vpc = testVpc(stack);
  const app = new ec2.SecurityGroup(stack, 'AppSg', { vpc, description: 'app tier' });
  const cache = new Cache(stack, 'Cache', { vpc, stage, config: CacheSchema.parse(config) });
  cache.allowFrom(app);
  return { stack, vpc, app, cache, template: Template.fromStack(stack) };
}

describe('Cache', () => {
  const single = build();

  it('is one Valkey node with TLS required and encryption at rest, no failover', () => {
    single.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      EngineVersion: CACHE_ENGINE_VERSIONS.valkey,
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      Port: 6379,
    });
    single.template.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Delete' });
  });

  it('lives in the isolated subnets', () => {
    single.template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: single.vpc.isolatedSubnets.map((s) => single.stack.resolve(s.subnetId)),
    });
  });

  it('admits only the allowed security group, only on 6379', () => {
    const ingress = Object.values(single.template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      SourceSecurityGroupId: single.stack.resolve(single.app.securityGroupId),
      GroupId: single.stack.resolve(single.cache.connections.securityGroups[0]!.securityGroupId),
    });
    single.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      SecurityGroupIds: [single.stack.resolve(single.cache.connections.securityGroups[0]!.securityGroupId)],
    });
  });

  it('exposes a rediss:// URL on the primary endpoint', () => {
    const group = single.stack.resolve(single.stack.getLogicalId(single.cache.replicationGroup));
    expect(single.stack.resolve(single.cache.url)).toMatchObject({
      'Fn::Join': ['', ['rediss://', { 'Fn::GetAtt': [group, 'PrimaryEndPoint.Address'] }, ':6379']],
    });
  });

  it('with replicas: automatic failover and Multi-AZ; prod snapshots on delete', () => {
    const { template } = build({ engine: 'redis', replicas: 2 }, 'prod');
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'redis',
        EngineVersion: '7.1',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
      }),
    });
  });

  it('leaves no unacknowledged cdk-nag error', () => {
    const errors = nagErrors((app) => {
      const stack = testStack(app);
      const vpc = testVpc(stack);
      new Cache(stack, 'Cache', { vpc, stage: 'dev', config: CacheSchema.parse({}) });
      new Cache(stack, 'Replicated', { vpc, stage: 'prod', config: CacheSchema.parse({ replicas: 1 }) });
    });
    expect(errors).toEqual([]);
  });
});

import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import type { CacheConfig, Stage } from '../../config/index.ts';

/** Engine versions, pinned so a CDK upgrade never changes a running cache: the newest of each engine. */
export const CACHE_ENGINE_VERSIONS = { valkey: '8.1', redis: '7.1' } as const;

/** The port clients use; the service contract's `REDIS_URL` is `rediss://host:6379`. */
export const CACHE_PORT = 6379;

export interface CacheProps {
  /** The VPC; the nodes go into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The resolved `cache` config: engine, node type and replicas. Every node (primary and each replica)
   * costs a node-hour.
   */
  readonly config: CacheConfig;
  /** `prod` keeps a final snapshot when the cache is deleted. */
  readonly stage: Stage;
}

/**
 * ElastiCache Valkey (default) or Redis OSS as a replication group in isolated subnets.
 *
 * - One node by default (a replication group with one cache cluster, no failover); with `replicas` ≥ 1
 *   automatic failover and Multi-AZ are on.
 * - TLS in transit is required (clients use `rediss://`), storage is encrypted at rest.
 * - No AUTH token: the service contract's `REDIS_URL` carries no credential, so access is controlled by
 *   the network — isolated subnets and a security group with no ingress until `allowFrom`.
 * - One daily snapshot is kept (free for one snapshot per node); `prod` also snapshots on delete.
 */
export class Cache extends Construct implements ec2.IConnectable {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly connections: ec2.Connections;
  /** The primary endpoint's host name (a token). */
  readonly host: string;
  readonly port: number = CACHE_PORT;
  /** `rediss://host:port`, the service contract's `REDIS_URL`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { vpc, config, stage } = props;
    const subnetIds = vpc.isolatedSubnets.map((s) => s.subnetId);
    if (subnetIds.length === 0) {
      throw new Error('Cache needs isolated subnets: add a PRIVATE_ISOLATED subnet group to the VPC');
    }
    const failover = config.replicas >= 1;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Cache: admits only the tiers given to allowFrom, on the cache port',
      // A cache never opens connections itself.
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [securityGroup],
      defaultPort: ec2.Port.tcp(CACHE_PORT),
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: 'Isolated subnets of the cache',
      subnetIds,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `${config.engine} for ${this.node.path}`,
      engine: config.engine,
      engineVersion: CACHE_ENGINE_VERSIONS[config.engine],
      cacheNodeType: config.nodeType,
      numCacheClusters: 1 + config.replicas,
      automaticFailoverEnabled: failover,
      multiAzEnabled: failover,
      port: CACHE_PORT,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: 1,
    });
    this.replicationGroup.applyRemovalPolicy(
      stage === 'prod' ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    );

    this.host = this.replicationGroup.attrPrimaryEndPointAddress;
    this.url = `rediss://${this.host}:${CACHE_PORT}`;
    this.acknowledgeNagRules(failover);
  }

  /** Admits `peer` on the cache port only. */
  allowFrom(peer: ec2.IConnectable): void {
    this.connections.allowDefaultPortFrom(peer, 'Cache port');
  }

  private acknowledgeNagRules(failover: boolean): void {
    const group = Validations.of(this.replicationGroup);
    group.acknowledge({
      id: 'AwsSolutions-AEC5',
      reason:
        'The default port is kept so clients need no extra setting; a changed port hides nothing from a scan. Compensating control: isolated subnets and a security group that admits only the application tier.',
    });
    group.acknowledge({
      id: 'AwsSolutions-AEC6',
      reason:
        'No AUTH token: the service contract passes REDIS_URL without a credential. Compensating control: isolated subnets, TLS required in transit, and a security group that admits only the application tier.',
    });
    if (!failover) {
      group.acknowledge({
        id: 'AwsSolutions-AEC4',
        reason:
          'A single node is the cost choice of this config (cache.replicas: 0). Compensating control: a daily snapshot; `wellstack plan` reports the cache as a single point of failure.',
      });
    }
  }
}

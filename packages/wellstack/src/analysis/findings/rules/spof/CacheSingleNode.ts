import { numberOf, prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isRecord, isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** Cache clusters with one node, and replication groups that cannot fail over to a replica. */
export function CacheSingleNode(stacks: readonly StackTemplate[]): RuleHit[] {
  const clusters = resourcesOfType(stacks, 'AWS::ElastiCache::CacheCluster').flatMap((cluster) =>
    numberOf(prop(cluster.resource, 'NumCacheNodes')) === 1 ? [hit(cluster, 'it has one node')] : [],
  );
  const groups = resourcesOfType(stacks, 'AWS::ElastiCache::ReplicationGroup').flatMap((group) => {
    const replicas = replicaCount(group.resource.Properties ?? {});
    if (replicas === 0) return [hit(group, 'it has no replica')];
    if (!isTrue(prop(group.resource, 'AutomaticFailoverEnabled')))
      return [
        hit(
          group,
          'AutomaticFailoverEnabled is not true, so a replica is not promoted when the primary fails',
        ),
      ];
    return [];
  });
  return [...clusters, ...groups];
}

/** Replicas per shard, or undefined when the template does not say (parameters, intrinsics). */
function replicaCount(properties: Record<string, unknown>): number | undefined {
  const perGroup = numberOf(properties.ReplicasPerNodeGroup);
  if (perGroup !== undefined) return perGroup;
  const clusters = numberOf(properties.NumCacheClusters);
  if (clusters !== undefined) return clusters - 1;
  const groups = properties.NodeGroupConfiguration;
  if (Array.isArray(groups) && groups.length > 0) {
    const counts = groups.map((g) => (isRecord(g) ? numberOf(g.ReplicaCount) : undefined));
    return counts.every((c) => c !== undefined) ? Math.min(...(counts as number[])) : undefined;
  }
  // Neither set: ElastiCache creates the primary alone.
  return properties.PrimaryClusterId === undefined ? 0 : undefined;
}

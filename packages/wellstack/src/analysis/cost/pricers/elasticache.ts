import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';

/**
 * ElastiCache node hours: a CacheCluster runs NumCacheNodes nodes; a ReplicationGroup runs
 * NumCacheClusters nodes, or NumNodeGroups × (1 + ReplicasPerNodeGroup) in cluster mode (defaults 1 and 0).
 * Micro nodes draw on the legacy free tier's 750 h (an unverified allowance).
 */
export function priceElastiCache(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  const refs = ctx.ofType('AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup');
  for (const ref of refs) {
    const { count, shape } = nodes(ctx, ref);
    const type = ctx.string(ref, 'CacheNodeType');
    const entry = type ? ctx.prices.elasticache[type] : undefined;
    if (!type || !entry) {
      unpriced.push({
        ref,
        reason: type
          ? `node type ${type} is not in the ${ctx.prices.region} price table`
          : 'CacheNodeType not readable',
      });
      continue;
    }
    const eligible = ctx.prices.freeTier.legacy.elasticacheHours?.eligible?.includes(type);
    charges.push(
      ctx.charge(ref, `${type} node hours (${shape})`, count * ctx.use('hours'), entry, {
        commitment: 'elasticache',
        ...(eligible ? { pool: 'elasticacheHours' } : {}),
      }),
    );
  }
  return { charges, unpriced };
}

function nodes(ctx: PricingContext, ref: ResourceRef): { count: number; shape: string } {
  if (ref.resource.Type === 'AWS::ElastiCache::CacheCluster') {
    const count = ctx.number(ref, 'NumCacheNodes') ?? 1;
    return { count, shape: `${count} node(s)` };
  }
  const clusters = ctx.number(ref, 'NumCacheClusters');
  if (clusters !== undefined) return { count: clusters, shape: `${clusters} node(s)` };
  const groups = ctx.number(ref, 'NumNodeGroups') ?? 1;
  const replicas = ctx.number(ref, 'ReplicasPerNodeGroup') ?? 0;
  return {
    count: groups * (1 + replicas),
    shape: `${groups} shard(s) × (1 primary + ${replicas} replica(s))`,
  };
}
